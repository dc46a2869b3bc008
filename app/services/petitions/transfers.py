"""The standing committee's transfer (chuyển): the letter to the lead and coordinating agencies starts the agency's
clock; or the item goes back to the office. One letter may carry several items. And the agency's first opening of
what it was handed (until then the inbox marks it "Mới")."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from app import clock, permissions
from app.extensions import db
from app.models import Agency, Petition, PetitionOpening, User
from app.services import dates
from app.services.audit import record_event
from app.services.deadlines import rules as deadlines
from app.services.errors import InvalidData
from app.services.notices import handovers, notifications
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
    event = move(petition, "transfer", user, expected_version=expected_version,
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
                 reason=deadline.summary(), data={"due": deadline.due, "very_overdue": deadline.very_overdue,
                                                  "details": deadline.details()})
    flush()
    handovers.announce(petition, event, "transferred", handovers.lead_and_coordinating(petition), user)
    return petition


def send_back(user: User, petition: Petition, *, reason: str, expected_version: int | None = None) -> Petition:
    """Thường trực trả lại Văn phòng, with the reason."""
    event = move(petition, "send_back", user, expected_version=expected_version, reason=clean(reason))
    flush()
    handovers.announce(petition, event, handovers.SENT_BACK, handovers.role_users(handovers.OFFICE), user)
    return petition


def transfer_many(user: User, items: Sequence[tuple[Petition, int | None]], *, letter_number: str,
                  letter_date: date) -> list[Petition]:
    """One transfer letter for several items; a stale or illegal one stops the whole batch."""
    if not items:
        raise InvalidData("Chọn ít nhất một kiến nghị để duyệt chuyển.")
    return [transfer(user, p, letter_number=letter_number, letter_date=letter_date, expected_version=version)
            for p, version in items]


def record_opening(user: User, petition: Petition) -> bool:
    """The first time someone of an agency opens an item it was handed, the item stops being "Mới" in the agency's
    inbox. True when this opening was the first (the edge commits)."""
    if user.agency_id is None or not permissions.can_view(user, petition) or petition.transferred_on is None:
        return False
    stmt = notifications.insert_statement(PetitionOpening).values(
        petition_id=petition.id, agency_id=user.agency_id, user_id=user.id, opened_at=clock.utcnow()
    ).on_conflict_do_nothing()
    return bool(db.session.execute(stmt).rowcount)


def unopened(agency_id: int | None, petition_ids: Sequence[int]) -> set[int]:
    """Of these items, those nobody of the agency has opened yet."""
    if agency_id is None or not petition_ids:
        return set()
    opened = set(db.session.scalars(select(PetitionOpening.petition_id).where(
        PetitionOpening.agency_id == agency_id, PetitionOpening.petition_id.in_(list(petition_ids)))))
    return set(petition_ids) - opened
