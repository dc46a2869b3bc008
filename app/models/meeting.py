"""Voter meetings (hội nghị tiếp xúc cử tri), where most recommendations are raised."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db, one_of
from app.models.council import Constituency, Delegate, Session
from workflows.vocabulary import MEETING_TYPES

meeting_delegate = Table(
    "meeting_delegate",
    db.metadata,
    Column("meeting_id", ForeignKey("voter_meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("delegate_id", ForeignKey("delegate.id"), primary_key=True),
)


class VoterMeeting(db.Model):
    __tablename__ = "voter_meeting"
    __table_args__ = (
        CheckConstraint(one_of("meeting_type", MEETING_TYPES), name="meeting_type"),
        CheckConstraint("timing IN ('before', 'after')", name="timing"),
        CheckConstraint("voters_count >= 0", name="voters_count"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(300))
    locality: Mapped[str] = mapped_column(String(200))
    constituency_id: Mapped[int | None] = mapped_column(ForeignKey("constituency.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("council_session.id"), index=True)
    timing: Mapped[str] = mapped_column(String(10), default="before")  # trước / sau kỳ họp
    meeting_type: Mapped[str] = mapped_column(String(20), default="before_session")
    voters_count: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    constituency: Mapped[Constituency | None] = relationship()
    session: Mapped[Session | None] = relationship()
    delegates: Mapped[list[Delegate]] = relationship(secondary=meeting_delegate)

    def __str__(self) -> str:
        return f"{self.place} ({self.held_on:%d/%m/%Y})"
