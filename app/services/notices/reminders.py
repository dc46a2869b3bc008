"""Reminder policy and the reminder run (nhắc hạn): which notices are due today, queued exactly once."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, false, func, literal, select

from app import clock, permissions
from app.extensions import db
from app.models import Petition, ReminderPolicy, User
from app.models.notification import HANDOVER_KINDS
from app.services.deadlines import flags
from app.services.deadlines import rules as deadlines
from app.services.errors import InvalidData
from app.services.notices import notifications
from workflows import calendar as wcal
from workflows.petition import WITH_AGENCY_STATES

PETITION_KINDS = ("due_soon", "due_today", "overdue", "very_overdue", "roadmap_due")

# The policy when an administrator has changed nothing (kind -> enabled, days, officers, leader, committee).
DEFAULT_POLICY: dict[str, tuple[bool, int, bool, bool, bool]] = {
    "due_soon": (True, flags.DUE_SOON_WORKING_DAYS, True, False, False),
    "due_today": (True, 0, True, False, False),
    "overdue": (True, 0, True, True, False),
    "very_overdue": (True, 0, False, False, True),
    "roadmap_due": (True, 0, True, True, False),
    "weekly_digest": (True, 0, False, True, True),
}


@dataclass(frozen=True)
class Policy:
    kind: str
    enabled: bool
    days: int
    to_officers: bool
    to_leader: bool
    to_committee: bool


@dataclass(frozen=True)
class KindResult:
    kind: str
    found: int  # petitions matching the rule today
    notices: int  # notices newly queued (0 on a repeated run)
    emails: int  # e-mails newly put in the outbox


def policies() -> dict[str, Policy]:
    """Every kind's policy: the administrator's row when there is one, the default otherwise."""
    stored = {row.kind: row for row in db.session.scalars(select(ReminderPolicy))}
    result = {}
    for kind, default in DEFAULT_POLICY.items():
        row = stored.get(kind)
        values = (row.enabled, row.days, row.to_officers, row.to_leader, row.to_committee) if row else default
        result[kind] = Policy(kind, *values)
    return result


def save_policy(user: User, kind: str, *, enabled: bool, days: int, to_officers: bool, to_leader: bool,
                to_committee: bool) -> ReminderPolicy:
    """An administrator changes who is reminded of what, and when."""
    permissions.require(user, "manage_reminders")
    if kind not in DEFAULT_POLICY:
        raise InvalidData("Loại thông báo không hợp lệ.")
    if days < 0 or days > 60:
        raise InvalidData("Số ngày làm việc phải từ 0 đến 60.")
    row = db.session.get(ReminderPolicy, kind) or ReminderPolicy(kind=kind)
    row.enabled, row.days = enabled, days
    row.to_officers, row.to_leader, row.to_committee = to_officers, to_leader, to_committee
    db.session.add(row)
    db.session.flush()
    return row


def _rule(kind: str, today: date, policy: Policy, calendar: wcal.WorkingCalendar):
    """(SQL condition on Petition, the column holding the date the notice refers to)."""
    if kind == "due_soon":
        return flags.due_soon_clause(today, policy.days, calendar, include_today=False), Petition.due_date
    if kind == "due_today":
        return and_(Petition.status.in_(WITH_AGENCY_STATES), Petition.due_date == today), Petition.due_date
    if kind == "overdue":
        return flags.overdue_clause(today), Petition.due_date
    if kind == "very_overdue":
        return flags.very_overdue_clause(today), Petition.very_overdue_date
    if kind == "roadmap_due":
        return and_(Petition.status == "on_roadmap", Petition.roadmap_expected_date <= today), \
            Petition.roadmap_expected_date
    raise ValueError(kind)


def still_current(kind: str, deadline_ref: date, petition: Petition | None) -> bool:
    """Is a queued notice still true at send time (item open, same deadline)? Stale notices are cancelled."""
    if petition is None:
        return False
    if kind in HANDOVER_KINDS:
        return True  # a hand-over stays true; closing the item cancels it instead
    if kind == "roadmap_due":
        return petition.status == "on_roadmap" and petition.roadmap_expected_date == deadline_ref
    if petition.status not in WITH_AGENCY_STATES:
        return False
    if kind == "very_overdue":
        return petition.very_overdue_date == deadline_ref
    return petition.due_date == deadline_ref


def _recipient_join(policy: Policy) -> ColumnElement[bool]:
    active = User.active.is_(True)
    parts = []
    if policy.to_officers:
        parts.append(and_(User.role == "agency_officer", User.agency_id == Petition.lead_agency_id))
    if policy.to_leader:
        parts.append(and_(User.role == "agency_leader", User.agency_id == Petition.lead_agency_id))
    if policy.to_committee:
        parts.append(User.role == "committee")
    if not parts:
        return false()
    return and_(active, parts[0] if len(parts) == 1 else db.or_(*parts))


def queue_kind(kind: str, today: date | None = None, calendar: wcal.WorkingCalendar | None = None,
               policy: Policy | None = None) -> KindResult:
    """Queue today's notices of one kind, in one statement that skips every key already present.

    The database's conflict-ignoring insert on the notice key is what makes a repeated, overlapping
    or restarted run harmless: whichever transaction commits a key first wins, the others skip it.
    """
    today = today or clock.today()
    calendar = calendar or deadlines.working_calendar()
    policy = policy or policies()[kind]
    condition, ref = _rule(kind, today, policy, calendar)
    found = db.session.scalar(select(func.count()).select_from(Petition).where(condition)) or 0
    if not policy.enabled or not found:
        return KindResult(kind, found, 0, 0)
    rows = (
        select(Petition.id, literal(kind), ref, User.id, literal(clock.utcnow()))
        .join(User, _recipient_join(policy))
        .where(condition)
    )
    new_ids = notifications.insert_notices(rows)
    emails = notifications.queue_emails(new_ids)
    return KindResult(kind, found, len(new_ids), emails)


def run(today: date | None = None, after_each: Callable[[KindResult], None] | None = None) -> list[KindResult]:
    """Every kind in turn; the edge passes `after_each` to commit kind by kind.

    Runs on days off too: the windows are counted in working days, so a due-soon notice first
    matches on a working day anyway, while an item that became late on a Friday is reported on the
    Saturday, exactly when deadline_status() starts calling it overdue.
    """
    today = today or clock.today()
    calendar = deadlines.working_calendar()
    current = policies()
    results = []
    for kind in PETITION_KINDS:
        result = queue_kind(kind, today, calendar, current[kind])
        results.append(result)
        if after_each is not None:
            after_each(result)
    return results
