"""Hand-over notices (thông báo bàn giao): when work lands on someone's desk, a notice in their bell and, if they
want it, an e-mail, queued in the same transaction as the hand-over and keyed (event, recipient) so none is sent
twice."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import Event, Notice, Petition, User
from app.services.notices import notifications
from workflows.vocabulary import AGENCY_ROLES, OFFICE_ROLES

OFFICE = tuple(sorted(OFFICE_ROLES))
COUNCIL = ("committee", *OFFICE)  # "the committee and the office": who judges answers and who follows them
# The kinds of the hand-overs whose kind is not simply the state the item reaches (models.notification.
# HANDOVER_KINDS): an officer's draft waiting for the agency's leaders, the office's submission to the committee,
# the committee's send-back to the office, a withdrawal ending the agencies' work.
DRAFT_WAITING, SUBMITTED, SENT_BACK, WITHDRAWN = (
    "answer_drafted", "awaiting_transfer", "sent_back_to_office", "withdrawn")


def agency_users(agency_ids: Iterable[int | None], roles: Iterable[str] = AGENCY_ROLES) -> list[int]:
    """Active users of these agencies in these roles."""
    ids = [a for a in agency_ids if a]
    if not ids:
        return []
    return list(db.session.scalars(
        select(User.id).where(User.active.is_(True), User.agency_id.in_(ids), User.role.in_(tuple(roles)))
        .order_by(User.id)))


def role_users(roles: Iterable[str]) -> list[int]:
    return list(db.session.scalars(
        select(User.id).where(User.active.is_(True), User.role.in_(tuple(roles))).order_by(User.id)))


def lead_and_coordinating(petition: Petition) -> list[int]:
    return agency_users([petition.lead_agency_id, *(a.id for a in petition.coordinating_agencies)])


def announce(petition: Petition, event: Event, kind: str, recipients: Iterable[int | None],
             actor: User | None = None) -> list[int]:
    """Queue one `kind` notice per recipient (never to the actor), and the e-mails of those who want them.

    The insert skips keys already present, so announcing the same event twice changes nothing. Returns the ids
    of the notices created now.
    """
    if event.id is None:
        db.session.flush()  # the event's id is the notice's key
    skip = actor.id if actor is not None else None
    wanted = sorted({r for r in recipients if r is not None and r != skip})
    if not wanted:
        return []
    now = clock.utcnow()
    rows = [{"petition_id": petition.id, "kind": kind, "deadline_ref": clock.today(), "recipient_id": r,
             "event_id": event.id, "created_at": now} for r in wanted]
    stmt = notifications.insert_statement(Notice).values(rows).on_conflict_do_nothing().returning(Notice.id)
    new_ids = list(db.session.scalars(stmt))
    notifications.queue_emails(new_ids)
    return new_ids


def arrived(user: User, since: date, until: date) -> list[tuple[str, str, str, int]]:
    """What was handed to `user` on the days [since, until): (kind, code, summary, petition id), oldest first.

    A hand-over notice's deadline_ref is the local day of its event, so the weekly digest reads a date range."""
    rows = db.session.execute(
        select(Notice.kind, Petition.code, Petition.summary, Petition.id)
        .join(Petition, Petition.id == Notice.petition_id)
        .where(Notice.recipient_id == user.id, Notice.event_id.is_not(None),
               Notice.deadline_ref >= since, Notice.deadline_ref < until)
        .order_by(Notice.created_at, Notice.id)
    ).all()
    return [tuple(row) for row in rows]
