"""Administration of time (quản trị thời hạn): deadline rules and the local calendar; every change recomputes
the open due dates in the same transaction."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app import permissions
from app.extensions import db
from app.models import Agency, CalendarDay, DeadlineRule, User
from app.services import dates
from app.services.deadlines.rules import FALLBACK_RULES, recompute_open
from app.services.errors import InvalidData
from workflows import calendar as wcal


def save_rule(user: User, *, name: str, kind: str, days: int, very_overdue_days: int,
              purpose: str = "answer", competence_level: str | None = None,
              agency: Agency | None = None, rule: DeadlineRule | None = None,
              active: bool = True) -> tuple[DeadlineRule, int]:
    """Create or change a deadline rule; returns the rule and how many open due dates moved.

    A rule no longer wanted is made inactive rather than deleted: due dates computed with it keep
    naming it in their explanation, and the open ones move to the next most specific rule."""
    permissions.require(user, "manage_deadlines")
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
    permissions.require(user, "manage_deadlines")
    dates.check(day)
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
    permissions.require(user, "manage_deadlines")
    row = db.session.scalar(select(CalendarDay).where(CalendarDay.day == day))
    if row is None:
        raise InvalidData("Không có ngày %(day)s trong lịch điều chỉnh.", day=f"{day:%d/%m/%Y}")
    db.session.delete(row)
    db.session.flush()
    return recompute_open(user, reason=f"Lịch làm việc: bỏ điều chỉnh ngày {day:%d/%m/%Y}")


def rules() -> list[DeadlineRule]:
    return list(db.session.scalars(select(DeadlineRule).order_by(DeadlineRule.purpose, DeadlineRule.id)))


def calendar_overrides() -> list[CalendarDay]:
    return list(db.session.scalars(select(CalendarDay).order_by(CalendarDay.day)))
