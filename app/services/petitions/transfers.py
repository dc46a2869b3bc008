"""The standing committee's transfer (chuyển): the letter to the lead and coordinating agencies starts the agency's
clock; or the item goes back to the office. One letter may carry several items."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.extensions import db
from app.models import Agency, Petition, User
from app.services import dates
from app.services.audit import record_event
from app.services.deadlines import rules as deadlines
from app.services.errors import InvalidData
from app.services.petitions.intake import check_coordinating
from app.services.text import clean
from app.services.transitions import flush, move


def transfer(user: User, petition: Petition, *, letter_number: str, letter_date: date,
             lead_agency: Agency | None = None, coordinating: Sequence[Agency] | None = None,
             expected_version: int | None = None) -> Petition:
    """Chuyển: the standing committee signs the transfer letter; the agency's clock starts here."""
    dates.check(letter_date, not_after_tomorrow=True)
    lead = lead_agency or petition.lead_agency
    if coordinating is not None:
        check_coordinating(lead, coordinating)
    move(petition, "transfer", user, expected_version=expected_version,
         lead_agency_id=lead.id if lead else None, letter_number=clean(letter_number),
         letter_date=letter_date,
         event_data={"letter_number": clean(letter_number), "letter_date": letter_date,
                     "lead_agency": lead.name if lead else None, "lead_agency_id": lead.id if lead else None})
    # Loading the coordinating list and the rule lookup both query; the CHECK "with the agency => has a
    # due date" must not see the row flushed half-set, so nothing flushes until the due date is assigned.
    with db.session.no_autoflush:
        petition.lead_agency = lead
        if coordinating is not None:
            petition.coordinating_agencies = list(coordinating)
        petition.transfer_letter_number = clean(letter_number)
        petition.transfer_letter_date = letter_date
        petition.transferred_on = letter_date
        deadline = deadlines.assign(petition, letter_date, "answer")
    record_event(petition, user, "deadline_set", petition.status, petition.status,
                 reason=deadline.explain(), data={"due": deadline.due, "very_overdue": deadline.very_overdue})
    flush()
    return petition


def send_back(user: User, petition: Petition, *, reason: str, expected_version: int | None = None) -> Petition:
    """Thường trực trả lại Văn phòng, with the reason."""
    move(petition, "send_back", user, expected_version=expected_version, reason=clean(reason))
    flush()
    return petition


def transfer_many(user: User, items: Sequence[tuple[Petition, int | None]], *, letter_number: str,
                  letter_date: date) -> list[Petition]:
    """One transfer letter for several items; a stale or illegal one stops the whole batch."""
    if not items:
        raise InvalidData("Chọn ít nhất một kiến nghị để duyệt chuyển.")
    return [transfer(user, p, letter_number=letter_number, letter_date=letter_date, expected_version=version)
            for p, version in items]
