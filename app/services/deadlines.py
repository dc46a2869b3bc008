"""Due dates and "overdue": the one module that computes them, from stored rules, the calendar and the clock."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, select

from app import clock
from app.extensions import db
from app.models import Agency, CalendarDay, DeadlineRule, Petition, Session, User
from app.services.audit import record_event
from app.services.errors import InvalidData, PermissionDenied
from workflows import calendar as wcal
from workflows.petition import WITH_AGENCY_STATES

# Used only when an administrator has defined no rule at all, so a transfer never lacks a due date.
FALLBACK_RULES = {
    "answer": wcal.DeadlineRule("working_days", 30, 10, "Mặc định: 30 ngày làm việc kể từ ngày chuyển"),
    "reanswer": wcal.DeadlineRule("working_days", 15, 10, "Mặc định: 15 ngày làm việc kể từ ngày yêu cầu"),
}
DUE_SOON_WORKING_DAYS = 3


def working_calendar() -> wcal.WorkingCalendar:
    """The national calendar plus the administrator's local days off and swapped working days."""
    days_off: dict[date, str] = {}
    working: dict[date, str] = {}
    for row in db.session.scalars(select(CalendarDay)):
        (days_off if row.kind == "day_off" else working)[row.day] = row.name
    return wcal.WorkingCalendar(wcal.CalendarOverrides(days_off=days_off, working_days=working))


def rule_for(petition: Petition, purpose: str) -> tuple[wcal.DeadlineRule, int | None]:
    """The most specific active rule: agency beats competence level beats the general rule."""
    rules = db.session.scalars(
        select(DeadlineRule).where(DeadlineRule.active.is_(True), DeadlineRule.purpose == purpose)
    ).all()

    def score(rule: DeadlineRule) -> int | None:
        if rule.agency_id is not None and rule.agency_id != petition.lead_agency_id:
            return None
        if rule.competence_level is not None and rule.competence_level != petition.competence_level:
            return None
        return (2 if rule.agency_id else 0) + (1 if rule.competence_level else 0)

    candidates = [(score(r), r.id, r) for r in rules if score(r) is not None]
    if not candidates:
        return FALLBACK_RULES[purpose], None
    _, _, best = max(candidates, key=lambda c: (c[0], -c[1]))
    return wcal.DeadlineRule(best.kind, best.days, best.very_overdue_days, best.name), best.id


def _next_session_opening(after: date) -> date | None:
    return db.session.scalar(
        select(Session.opening).where(Session.opening > after).order_by(Session.opening).limit(1)
    )


def compute_for(petition: Petition, start: date, purpose: str,
                calendar: wcal.WorkingCalendar | None = None) -> tuple[wcal.Deadline, int | None]:
    rule, rule_id = rule_for(petition, purpose)
    opening = _next_session_opening(start) if rule.kind == "before_session" else None
    if rule.kind == "before_session" and opening is None:
        # No session scheduled yet: fall back rather than leave the agency without a deadline.
        rule, rule_id = FALLBACK_RULES[purpose], None
    deadline = wcal.compute_deadline(rule, start, calendar or working_calendar(), session_opening=opening)
    return deadline, rule_id


def assign(petition: Petition, start: date, purpose: str,
           calendar: wcal.WorkingCalendar | None = None) -> wcal.Deadline:
    """Set the petition's due and very-overdue dates and keep how they were computed."""
    deadline, rule_id = compute_for(petition, start, purpose, calendar)
    petition.due_date = deadline.due
    petition.very_overdue_date = deadline.very_overdue
    petition.deadline_info = {**deadline.to_dict(), "purpose": purpose, "rule_id": rule_id}
    return deadline


def explain(petition: Petition, lang: str = "vi") -> str:
    """The sentence shown next to a due date (rule, start and skipped days), in `lang`."""
    if not petition.deadline_info:
        return ""
    info = {k: v for k, v in petition.deadline_info.items() if k not in ("purpose", "rule_id")}
    return wcal.Deadline.from_dict(info).explain(lang)


def recompute_open(actor: User | None = None, reason: str = "") -> int:
    """Recompute the due dates of every item still with an agency; returns how many changed.

    Called whenever the calendar or a rule changes: a stored due date must never disagree
    with the rules the office can see. One event per changed item explains the move.
    """
    calendar = working_calendar()
    changed = 0
    query = select(Petition).where(Petition.status.in_(WITH_AGENCY_STATES), Petition.deadline_info.is_not(None))
    for petition in db.session.scalars(query):
        info = petition.deadline_info or {}
        old_due = petition.due_date
        start = date.fromisoformat(info["start"])
        new = assign(petition, start, info.get("purpose", "answer"), calendar)
        if new.due != old_due:
            changed += 1
            record_event(petition, actor, "deadline_recomputed", petition.status, petition.status,
                         reason=reason, data={"old_due": old_due, "new_due": new.due})
    db.session.flush()
    return changed


# --- Derived flags: never stored, always from the due dates and the one clock ---------------------

def is_overdue(petition: Petition, today: date | None = None) -> bool:
    today = today or clock.today()
    return petition.status in WITH_AGENCY_STATES and petition.due_date is not None and petition.due_date < today


def is_very_overdue(petition: Petition, today: date | None = None) -> bool:
    today = today or clock.today()
    return (
        petition.status in WITH_AGENCY_STATES
        and petition.very_overdue_date is not None
        and petition.very_overdue_date < today
    )


def days_late(petition: Petition, today: date | None = None) -> int:
    """Calendar days past the due date (0 when not overdue)."""
    today = today or clock.today()
    if not is_overdue(petition, today):
        return 0
    return (today - petition.due_date).days


def days_left(petition: Petition, today: date | None = None) -> int | None:
    if petition.status not in WITH_AGENCY_STATES or petition.due_date is None:
        return None
    return (petition.due_date - (today or clock.today())).days


def deadline_status(petition: Petition, today: date | None = None,
                    calendar: wcal.WorkingCalendar | None = None) -> str:
    """One of: none, on_time, due_soon, overdue, very_overdue (for badges and reminders)."""
    today = today or clock.today()
    if petition.status not in WITH_AGENCY_STATES or petition.due_date is None:
        return "none"
    if is_very_overdue(petition, today):
        return "very_overdue"
    if is_overdue(petition, today):
        return "overdue"
    calendar = calendar or working_calendar()
    if calendar.working_days_between(today, petition.due_date) <= DUE_SOON_WORKING_DAYS:
        return "due_soon"
    return "on_time"


def overdue_clause(today: date | None = None) -> ColumnElement[bool]:
    """SQL for "open, with the agency, past its due date" (uses the status/due-date index)."""
    today = today or clock.today()
    return and_(Petition.status.in_(WITH_AGENCY_STATES), Petition.due_date < today)


def very_overdue_clause(today: date | None = None) -> ColumnElement[bool]:
    today = today or clock.today()
    return and_(Petition.status.in_(WITH_AGENCY_STATES), Petition.very_overdue_date < today)


def due_soon_clause(today: date | None = None, working_days: int = DUE_SOON_WORKING_DAYS,
                    calendar: wcal.WorkingCalendar | None = None, include_today: bool = True) -> ColumnElement[bool]:
    """SQL twin of deadline_status() == "due_soon": with the agency, not yet late, due within
    `working_days` working days. Reminders pass include_today=False: "due today" is its own notice."""
    today = today or clock.today()
    # working_days_between(today, due) <= n  <=>  due comes before the (n+1)-th working day after today.
    limit, _ = (calendar or working_calendar()).add_working_days(today, working_days + 1)
    first = Petition.due_date >= today if include_today else Petition.due_date > today
    return and_(Petition.status.in_(WITH_AGENCY_STATES), first, Petition.due_date < limit)


# --- Administration: rules and calendar days (each change recomputes open due dates) -----------

def _require_admin(user: User) -> None:
    if user.role != "admin":
        raise PermissionDenied("Chỉ quản trị hệ thống được thay đổi quy tắc thời hạn và lịch làm việc.")


def save_rule(user: User, *, name: str, kind: str, days: int, very_overdue_days: int,
              purpose: str = "answer", competence_level: str | None = None,
              agency: Agency | None = None, rule: DeadlineRule | None = None,
              active: bool = True) -> tuple[DeadlineRule, int]:
    """Create or change a deadline rule; returns the rule and how many open due dates moved.

    A rule no longer wanted is made inactive rather than deleted: due dates computed with it keep
    naming it in their explanation, and the open ones move to the next most specific rule."""
    _require_admin(user)
    if kind not in wcal.RULE_KINDS:
        raise InvalidData("Loại quy tắc thời hạn không hợp lệ.")
    if days < 0 or very_overdue_days < 0:
        raise InvalidData("Số ngày phải là số không âm.")
    if purpose not in FALLBACK_RULES:
        raise InvalidData("Mục đích của quy tắc không hợp lệ.")
    rule = rule or DeadlineRule()
    rule.name, rule.kind, rule.days, rule.very_overdue_days = name, kind, days, very_overdue_days
    rule.purpose, rule.competence_level = purpose, competence_level
    rule.agency_id = agency.id if agency else None
    rule.active = bool(active)
    db.session.add(rule)
    db.session.flush()
    return rule, recompute_open(user, reason=f"Thay đổi quy tắc thời hạn: {name}")


def set_calendar_day(user: User, day: date, kind: str, name: str) -> tuple[CalendarDay, int]:
    """Declare a local day off or a swapped working day; returns it and how many due dates moved."""
    _require_admin(user)
    if kind not in ("day_off", "working_day"):
        raise InvalidData("Loại ngày không hợp lệ (ngày nghỉ hoặc ngày làm bù).")
    if not name.strip():
        raise InvalidData("Cần ghi tên hoặc lý do của ngày này.")
    row = db.session.scalar(select(CalendarDay).where(CalendarDay.day == day)) or CalendarDay(day=day)
    row.kind, row.name = kind, name.strip()
    db.session.add(row)
    db.session.flush()
    label = "ngày nghỉ" if kind == "day_off" else "ngày làm bù"
    return row, recompute_open(user, reason=f"Lịch làm việc: {label} {day:%d/%m/%Y} ({name})")


def remove_calendar_day(user: User, day: date) -> int:
    _require_admin(user)
    row = db.session.scalar(select(CalendarDay).where(CalendarDay.day == day))
    if row is None:
        raise InvalidData("Không có ngày %(day)s trong lịch điều chỉnh.", day=f"{day:%d/%m/%Y}")
    db.session.delete(row)
    db.session.flush()
    return recompute_open(user, reason=f"Lịch làm việc: bỏ điều chỉnh ngày {day:%d/%m/%Y}")
