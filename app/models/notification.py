"""Reminders (thông báo nhắc hạn): notices with a unique key, their e-mail outbox, the policy, the job log and the
lease that lets one job process run the jobs."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db, one_of
from app.models.user import User

REMINDER_KINDS = ("due_soon", "due_today", "overdue", "very_overdue", "roadmap_due")
# Hand-overs (bàn giao): work arriving on someone's desk, one notice per event and recipient (issue 12). Each is
# named after where the item now stands (or what happened to it), so a kind says what the notice is about.
HANDOVER_KINDS = ("transferred", "answer_submitted", "reanswer_requested", "returned", "draft_sent_back",
                  "return_proposed", "roadmap_accepted", "closed",
                  "answer_drafted", "awaiting_transfer", "sent_back_to_office", "withdrawn")
NOTICE_KINDS = (*REMINDER_KINDS, "weekly_digest", *HANDOVER_KINDS)


class Notice(db.Model):
    """One notice to one person about one deadline or one hand-over; the unique keys make every run idempotent.

    deadline_ref is the date the notice is about (the due date, the very-overdue date, the roadmap
    date, or the Monday of a digest's week), so a new deadline makes new notices and a repeated run none.
    A hand-over notice carries the event it announces (event_id): its key is (event, recipient), and its
    deadline_ref is the day of the event.
    """

    __tablename__ = "notice"
    __table_args__ = (
        CheckConstraint(one_of("kind", NOTICE_KINDS), name="kind"),
        # Reminders: one per item, kind, date and person. Hand-overs are keyed by their event instead, since the
        # same hand-over may happen twice on one day (transferred, returned, transferred again).
        Index("uq_notice_key", "petition_id", "kind", "deadline_ref", "recipient_id", unique=True,
              sqlite_where=text("event_id IS NULL"), postgresql_where=text("event_id IS NULL")),
        UniqueConstraint("event_id", "recipient_id", name="uq_notice_event_recipient"),
        # Digests are about no petition; NULLs are distinct in a UNIQUE constraint, so they get their own key.
        Index("uq_notice_digest_key", "kind", "deadline_ref", "recipient_id", unique=True,
              sqlite_where=text("petition_id IS NULL"), postgresql_where=text("petition_id IS NULL")),
        Index("ix_notice_recipient_read", "recipient_id", "read_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    deadline_ref: Mapped[date]
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("petition_event.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    read_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    recipient: Mapped[User] = relationship()


OUTBOX_STATES = ("pending", "sent", "failed", "cancelled")


class OutboxMessage(db.Model):
    """Hộp thư đi: an e-mail queued in the same transaction as its notice, sent after the commit."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'failed', 'cancelled')", name="status"),
        Index("ix_outbox_message_status_next", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id", ondelete="SET NULL"), unique=True)
    to_addr: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    # A lease: a sender that claimed the message; another sender skips it until the lease runs out.
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    sent_at: Mapped[datetime | None]
    notice: Mapped[Notice | None] = relationship()


class ReminderPolicy(db.Model):
    """Chính sách nhắc hạn, one row per kind, edited by an administrator (defaults apply when absent)."""

    __tablename__ = "reminder_policy"
    __table_args__ = (
        CheckConstraint(one_of("kind", (*REMINDER_KINDS, "weekly_digest")), name="kind"),
        CheckConstraint("days >= 0", name="days"),
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    days: Mapped[int] = mapped_column(default=0)  # due_soon: working days before the due date
    to_officers: Mapped[bool] = mapped_column(default=False)
    to_leader: Mapped[bool] = mapped_column(default=False)
    to_committee: Mapped[bool] = mapped_column(default=False)


class JobRun(db.Model):
    """One run of a scheduled job (or its CLI twin), for the operations page."""

    __tablename__ = "job_run"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'ok', 'error', 'interrupted')", name="status"),
        Index("ix_job_run_job_started", "job", "started_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(12), default="running")
    found: Mapped[int] = mapped_column(default=0)
    queued: Mapped[int] = mapped_column(default=0)
    sent: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    duration_ms: Mapped[int | None]
    pid: Mapped[int | None]
    message: Mapped[str] = mapped_column(Text, default="")


class SchedulerLease(db.Model):
    """Quyền chạy việc nền: which job process runs the scheduled jobs (one row per lease, today only "jobs").

    The holder bumps `generation` every few seconds; a standby that sees the same generation for a whole lease
    period takes the row over with a compare-and-set on it (app/jobs/lease.py). Times are for the operations page
    only: the takeover is decided on each process's own monotonic clock, so servers need not agree on the time.
    """

    __tablename__ = "scheduler_lease"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(200))  # host:pid:random of the job process, None when released
    generation: Mapped[int] = mapped_column(default=0)
    acquired_at: Mapped[datetime | None]
    renewed_at: Mapped[datetime | None]
