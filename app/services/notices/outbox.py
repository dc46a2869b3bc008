"""The e-mail outbox (hộp thư đi): claim due messages, deliver them, back off on failure, retry on request."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update

from app import clock, permissions
from app.extensions import db
from app.models import OutboxMessage, Petition, User
from app.services.notices.reminders import still_current

MAX_ATTEMPTS = 8  # 1, 2, 4 ... 128 minutes apart: about four hours of trying before it is marked failed
LEASE = timedelta(minutes=10)  # a sender that died holding messages gives them back after this


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 6 * 60))


def _due():
    now = clock.utcnow()
    return (
        (OutboxMessage.status == "pending")
        & (OutboxMessage.next_attempt_at <= now)
        & or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now)
    )


def claim(limit: int = 200) -> tuple[list[int], datetime]:
    """Lease up to `limit` due messages to this sender; the edge commits before sending anything.

    The conditions are repeated on the UPDATE itself so that, on PostgreSQL, a sender that waited
    on another's row lock re-checks them against the committed row and skips what was just leased.
    """
    lease = clock.utcnow() + LEASE
    candidates = select(OutboxMessage.id).where(_due()).order_by(OutboxMessage.id).limit(limit)
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()), _due())
        .values(locked_until=lease)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    # The lease's own timestamp identifies this claim: deliver() skips a message re-leased by another sender.
    return sorted(db.session.scalars(stmt)), lease


def _still_wanted(message: OutboxMessage) -> bool:
    notice = message.notice
    if notice is None or notice.cancelled_at is not None:
        return False
    user = db.session.get(User, notice.recipient_id)
    if user is None or not user.active or not user.email_notifications:
        return False
    if notice.petition_id is None:
        return True  # a digest is about the week, not an item
    return still_current(notice.kind, notice.deadline_ref, db.session.get(Petition, notice.petition_id))


def deliver(message_id: int, mailer, lease: datetime) -> str:
    """Send one claimed message; returns its new status. A stale notice is cancelled instead of sent."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status != "pending":
        return message.status if message else "missing"
    if message.locked_until != lease:
        return "skipped"  # our lease ran out (a very slow batch) and another sender took the message over
    if not _still_wanted(message):
        message.status, message.locked_until = "cancelled", None
        return "cancelled"
    message.attempts += 1
    try:
        mailer.send(message.to_addr, message.subject, message.body_text, message.body_html)
    except Exception as exc:  # any failure of the transport is recorded and retried, never lost
        record_failure(message, exc)
        return message.status
    message.status, message.sent_at, message.locked_until = "sent", clock.utcnow(), None
    return "sent"


def record_failure(message: OutboxMessage, exc: BaseException) -> None:
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    message.locked_until = None
    if message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"
    else:
        message.next_attempt_at = clock.utcnow() + backoff(message.attempts)


def fail_all(message_ids: Sequence[int], exc: BaseException) -> int:
    """The server could not be reached at all: every claimed message counts one failed attempt."""
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(message_ids))):
        if message.status == "pending":
            message.attempts += 1
            record_failure(message, exc)
    return len(message_ids)


def retry(user: User, message_ids: Sequence[int] | None = None) -> int:
    """An administrator sends failed messages again (all of them when no ids are given)."""
    permissions.require(user, "retry_mail")
    query = update(OutboxMessage).where(OutboxMessage.status == "failed")
    if message_ids:
        query = query.where(OutboxMessage.id.in_(message_ids))
    result = db.session.execute(
        query.values(status="pending", attempts=0, next_attempt_at=clock.utcnow(), locked_until=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def counts() -> dict[str, int]:
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    result = {status: 0 for status in ("pending", "sent", "failed", "cancelled")}
    result.update(dict(rows))
    return result


def with_errors(limit: int = 100) -> list[OutboxMessage]:
    """Failed messages, and pending ones that have already failed at least once."""
    return list(db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status.in_(("failed", "pending")), OutboxMessage.last_error.is_not(None))
        .order_by(OutboxMessage.status, OutboxMessage.id.desc()).limit(limit)
    ))

