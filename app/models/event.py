"""The append-only event log: one row per change of a petition (who, when, from, to, action, why)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db
from app.models.user import User


class Event(db.Model):
    __tablename__ = "petition_event"
    __table_args__ = (
        # One item's history in order, and "its last event of a kind up to a day" (figures as of a past day:
        # reporting/metrics/snapshot.py) read this index and stop; it also serves every lookup by item.
        Index("ix_petition_event_petition_at", "petition_id", "at", "id"),
        # Events of one kind in a period (returns as not competent, by agency) without scanning the log.
        Index("ix_petition_event_action_at", "action", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=clock.utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    actor: Mapped[User | None] = relationship()


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(Event, "before_update")
def _refuse_update(mapper, connection, target):  # noqa: ARG001 - SQLAlchemy's signature
    raise AppendOnlyError("The event log is append-only: events are never changed.")


@event.listens_for(Event, "before_delete")
def _refuse_delete(mapper, connection, target):  # noqa: ARG001
    raise AppendOnlyError("The event log is append-only: events are never deleted.")
