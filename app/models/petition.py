"""The recommendation (kiến nghị cử tri), the aggregate every room works on, with its coordinating agencies."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db
from app.models.council import Session
from app.models.meeting import VoterMeeting
from app.models.organisation import Agency, Field
from workflows.petition import DUE_DATE_STATES, STATES, WITH_AGENCY_STATES
from workflows.vocabulary import CHANNELS, COMPETENCE_LEVELS, RESULT_CATEGORIES


def _in(column: str, values, negate: bool = False) -> str:
    return f"{column}{' NOT' if negate else ''} IN ({', '.join(repr(v) for v in values)})"


WITH_AGENCY_WHERE = _in("status", sorted(WITH_AGENCY_STATES))

petition_coordinator = Table(
    "petition_coordinator",
    db.metadata,
    Column("petition_id", ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agency.id"), primary_key=True, index=True),
)


class Petition(db.Model):
    __tablename__ = "petition"
    __table_args__ = (
        CheckConstraint(_in("status", STATES), name="status"),
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(f"competence_level IS NULL OR {_in('competence_level', COMPETENCE_LEVELS)}",
                        name="competence_level"),
        CheckConstraint(f"result_category IS NULL OR {_in('result_category', RESULT_CATEGORIES)}",
                        name="result_category"),
        CheckConstraint("timing IN ('before', 'after')", name="timing"),
        # Mirrors of lifecycle rules, so no path around the services can break them.
        CheckConstraint("status <> 'merged' OR merged_into_id IS NOT NULL", name="merged_has_target"),
        CheckConstraint(
            _in("status", [s for s in STATES if s in DUE_DATE_STATES], negate=True) +
            " OR (lead_agency_id IS NOT NULL AND due_date IS NOT NULL)",
            name="with_agency_has_due_date",
        ),
        Index("ix_petition_status_due", "status", "due_date"),
        Index("ix_petition_agency_status", "lead_agency_id", "status"),
        # The lists' orders and filters (issue 15): each list reads its page from the top of an index instead of
        # sorting every match. Default order (newest first), by status, by field and status, by lead agency.
        Index("ix_petition_created", "created_at", "id"),
        Index("ix_petition_status_created", "status", "created_at", "id"),
        Index("ix_petition_field_status_created", "field_id", "status", "created_at", "id"),
        Index("ix_petition_agency_created", "lead_agency_id", "created_at", "id"),
        # Very overdue counts and boards: with the agency and past this date.
        Index("ix_petition_status_very_overdue", "status", "very_overdue_date"),
        # The overdue board and every list of overdue items, oldest due date first, read from the top: only the
        # items with the agency are in it (the same fixed list as deadlines.flags.overdue_condition).
        Index("ix_petition_overdue_due", "due_date", "id", sqlite_where=text(WITH_AGENCY_WHERE),
              postgresql_where=text(WITH_AGENCY_WHERE)),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    content: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(String(500), default="")
    channel: Mapped[str] = mapped_column(String(20), default="meeting")
    locality: Mapped[str] = mapped_column(String(200), default="", index=True)
    # Personal data: shown to staff only, never published or exported to the public.
    voter_name: Mapped[str | None] = mapped_column(String(200))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("voter_meeting.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("council_session.id"), index=True)
    timing: Mapped[str] = mapped_column(String(10), default="before")
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field.id"), index=True)
    competence_level: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), default="recorded", index=True)
    urgent: Mapped[bool] = mapped_column(default=False)
    lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    transfer_letter_number: Mapped[str | None] = mapped_column(String(60))
    transfer_letter_date: Mapped[date | None]
    transferred_on: Mapped[date | None]
    due_date: Mapped[date | None] = mapped_column(index=True)
    very_overdue_date: Mapped[date | None]
    # How the due date was computed (rule, start, skipped days): workflows.calendar.Deadline.to_dict().
    deadline_info: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result_category: Mapped[str | None] = mapped_column(String(20))
    roadmap_expected_date: Mapped[date | None]
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("petition.id"), index=True)
    forwarded_to: Mapped[str | None] = mapped_column(String(300))
    forward_letter_number: Mapped[str | None] = mapped_column(String(60))
    set_aside_kind: Mapped[str | None] = mapped_column(String(20))
    reanswer_count: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=clock.utcnow, onupdate=clock.utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Optimistic locking: every UPDATE checks and bumps it; a stale writer gets StaleDataError.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    meeting: Mapped[VoterMeeting | None] = relationship()
    session: Mapped[Session | None] = relationship()
    field: Mapped[Field | None] = relationship()
    lead_agency: Mapped[Agency | None] = relationship(foreign_keys=[lead_agency_id])
    coordinating_agencies: Mapped[list[Agency]] = relationship(secondary=petition_coordinator)
    merged_into: Mapped[Petition | None] = relationship(remote_side="Petition.id", foreign_keys=[merged_into_id])
    merged_items: Mapped[list[Petition]] = relationship(
        foreign_keys=[merged_into_id], viewonly=True, order_by="Petition.id"
    )

    def __str__(self) -> str:
        return self.code


class CodeCounter(db.Model):
    """The last number handed out per year, for codes like KN-2026-000123."""

    __tablename__ = "code_counter"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class PetitionOpening(db.Model):
    """The first time someone of an agency opened an item: until then the agency's inbox marks it "Mới"."""

    __tablename__ = "petition_opening"
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
