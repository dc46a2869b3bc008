"""Deadline rules and calendar overrides as data an administrator edits."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.organisation import Agency


class DeadlineRule(db.Model):
    """N calendar/working days from transfer, or K days before a session; the most specific rule wins."""

    __tablename__ = "deadline_rule"
    __table_args__ = (
        CheckConstraint("kind IN ('calendar_days', 'working_days', 'before_session')", name="kind"),
        CheckConstraint("purpose IN ('answer', 'reanswer')", name="purpose"),
        CheckConstraint("days >= 0 AND very_overdue_days >= 0", name="days"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(10), default="answer")  # first answer or a re-answer
    kind: Mapped[str] = mapped_column(String(20))
    days: Mapped[int]
    very_overdue_days: Mapped[int] = mapped_column(default=15)
    competence_level: Mapped[str | None] = mapped_column(String(20))  # None: any level
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))  # None: any agency
    active: Mapped[bool] = mapped_column(default=True)
    agency: Mapped[Agency | None] = relationship()


class CalendarDay(db.Model):
    """A local day off, or a swapped working day (a Saturday worked in exchange for a bridge day)."""

    __tablename__ = "calendar_day"
    __table_args__ = (CheckConstraint("kind IN ('day_off', 'working_day')", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(200))
