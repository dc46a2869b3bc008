"""Due dates: the one module that computes them, from the stored rules and the working calendar, and keeps
how each was computed (its explanation); open due dates are recomputed when a rule or the calendar changes."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import CalendarDay, DeadlineRule, Petition, Session, User
from app.services.audit import record_event
from workflows import calendar as wcal
from workflows.petition import WITH_AGENCY_STATES

# Used only when an administrator has defined no rule at all, so a transfer never lacks a due date.
FALLBACK_RULES = {
    "answer": wcal.DeadlineRule("working_days", 30, 10, "Mặc định: 30 ngày làm việc kể từ ngày chuyển"),
    "reanswer": wcal.DeadlineRule("working_days", 15, 10, "Mặc định: 15 ngày làm việc kể từ ngày yêu cầu"),
}


def working_calendar() -> wcal.WorkingCalendar:
    """The national calendar plus the administrator's local days off and swapped working days."""
    days_off: dict[date, str] = {}
    working: dict[date, str] = {}
    for row in db.session.scalars(select(CalendarDay)):
        (days_off if row.kind == "day_off" else working)[row.day] = row.name
    return wcal.WorkingCalendar(wcal.CalendarOverrides(days_off=days_off, working_days=working))


def _active_rules(purpose: str) -> list[DeadlineRule]:
    return list(db.session.scalars(
        select(DeadlineRule).where(DeadlineRule.active.is_(True), DeadlineRule.purpose == purpose)))


def rule_for(petition: Petition, purpose: str, lead_agency_id: int | None = None,
             rules: list[DeadlineRule] | None = None) -> tuple[wcal.DeadlineRule, int | None]:
    """The most specific active rule: agency beats competence level beats the general rule (for the item's lead
    agency, or `lead_agency_id` when a transfer to another one is previewed). `rules`: the active ones of
    `purpose`, when computing many at once."""
    lead_agency_id = lead_agency_id or petition.lead_agency_id
    rules = _active_rules(purpose) if rules is None else rules

    def score(rule: DeadlineRule) -> int | None:
        if rule.agency_id is not None and rule.agency_id != lead_agency_id:
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


def compute_for(petition: Petition, start: date, purpose: str, calendar: wcal.WorkingCalendar | None = None,
                lead_agency_id: int | None = None, rules: list[DeadlineRule] | None = None,
                opening: date | None | bool = False) -> tuple[wcal.Deadline, int | None]:
    """The deadline `petition` gets from `start` (with `lead_agency_id` when a transfer to another agency is
    previewed). `rules` (the active ones of `purpose`) and `opening` (the next session's opening after `start`,
    None when none) may be passed when computing many at once."""
    rule, rule_id = rule_for(petition, purpose, lead_agency_id, rules)
    if rule.kind != "before_session":
        opening = None
    elif opening is False:
        opening = _next_session_opening(start)
    if rule.kind == "before_session" and opening is None:
        # No session scheduled yet: fall back rather than leave the agency without a deadline.
        rule, rule_id = FALLBACK_RULES[purpose], None
    deadline = wcal.compute_deadline(rule, start, calendar or working_calendar(), session_opening=opening)
    return deadline, rule_id


def preview_many(petitions: list[Petition], start: date, purpose: str) -> dict[int, wcal.Deadline]:
    """The deadline each petition would get from `start` (the transfer queue's preview): the rules, the calendar
    and the next session read once for the page, not once per row."""
    calendar, rules, opening = working_calendar(), _active_rules(purpose), _next_session_opening(start)
    return {p.id: compute_for(p, start, purpose, calendar, rules=rules, opening=opening)[0] for p in petitions}


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


def explain_short(petition: Petition, lang: str = "vi") -> tuple[str, str]:
    """(one short sentence, the details shown on demand) for the item page; both empty without a deadline."""
    if not petition.deadline_info:
        return "", ""
    info = {k: v for k, v in petition.deadline_info.items() if k not in ("purpose", "rule_id")}
    deadline = wcal.Deadline.from_dict(info)
    return deadline.summary(lang), deadline.details(lang)


def preview(petition: Petition, start: date, lead_agency_id: int | None = None) -> wcal.Deadline:
    """The answer deadline a transfer dated `start` to `lead_agency_id` would set, computed by the same rules
    and calendar as the transfer itself, without changing the item (the transfer form's preview)."""
    return compute_for(petition, start, "answer", lead_agency_id=lead_agency_id)[0]


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
        old_due, old_very = petition.due_date, petition.very_overdue_date
        start = date.fromisoformat(info["start"])
        new = assign(petition, start, info.get("purpose", "answer"), calendar)
        if new.due != old_due or new.very_overdue != old_very:
            # The event log is what a figure as of a past day is rebuilt from: it keeps both dates.
            changed += int(new.due != old_due)
            record_event(petition, actor, "deadline_recomputed", petition.status, petition.status,
                         reason=reason, data={"old_due": old_due, "new_due": new.due, "old_very_overdue": old_very,
                                              "new_very_overdue": new.very_overdue})
    db.session.flush()
    return changed
