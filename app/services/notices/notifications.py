"""In-app notices (thông báo): queue them exactly once, their e-mails, the bell, read marks, cancellation."""
from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Sequence

from sqlalchemy import Select, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app import clock, permissions
from app.extensions import db
from app.models import Notice, OutboxMessage, Petition, User
from app.services.notices import wording as notice_mail

PetitionFacts = namedtuple("PetitionFacts", "id code summary content due_date")  # what an e-mail shows
_NOTICE_COLUMNS = ["petition_id", "kind", "deadline_ref", "recipient_id", "created_at"]
_CHUNK = 2000  # ids per IN (...) list: far below SQLite's and PostgreSQL's parameter limits


def insert_statement(table):
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING (SQLite 3.24+ and PostgreSQL 9.5+)."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


_insert = insert_statement


def insert_notices(rows: Select) -> list[int]:
    """Insert (petition_id, kind, deadline_ref, recipient_id, created_at) rows; ids of the new ones only.

    Keys already present are skipped by the database itself, so two runs racing each other cannot
    both insert a key: the second waits on the first's lock (or unique index) and then skips.
    """
    stmt = _insert(Notice).from_select(_NOTICE_COLUMNS, rows).on_conflict_do_nothing().returning(Notice.id)
    return list(db.session.scalars(stmt))


def insert_digest_notice(recipient_id: int, week_start) -> int | None:
    stmt = (
        _insert(Notice)
        .values(petition_id=None, kind="weekly_digest", deadline_ref=week_start, recipient_id=recipient_id,
                created_at=clock.utcnow())
        .on_conflict_do_nothing()
        .returning(Notice.id)
    )
    return db.session.scalar(stmt)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def queue_emails(notice_ids: Sequence[int]) -> int:
    """Put an e-mail in the outbox for each new petition notice whose recipient wants e-mail."""
    queued = 0
    now = clock.utcnow()
    for chunk in _chunks(notice_ids):
        rows = db.session.execute(
            # Plain columns, not Petition entities: tens of thousands of rows in a big run.
            select(Notice.id, Notice.kind, Notice.deadline_ref, User.email, User.full_name,
                   Petition.id.label("pid"), Petition.code, Petition.summary, Petition.content, Petition.due_date)
            .join(User, User.id == Notice.recipient_id)
            .join(Petition, Petition.id == Notice.petition_id)
            .where(Notice.id.in_(chunk), User.email_notifications.is_(True), User.email.is_not(None),
                   User.email != "")
        ).all()
        messages = []
        for notice_id, kind, ref, email, name, *petition in rows:
            subject, text, html = notice_mail.petition_notice(kind, ref, PetitionFacts(*petition), name)
            messages.append({"notice_id": notice_id, "to_addr": email, "subject": subject, "body_text": text,
                             "body_html": html, "status": "pending", "attempts": 0,
                             "next_attempt_at": now, "created_at": now})
        if messages:
            db.session.execute(_insert(OutboxMessage).on_conflict_do_nothing(), messages)
            queued += len(messages)
    return queued


def queue_email(notice_id: int, to_addr: str, subject: str, text: str, html: str) -> None:
    now = clock.utcnow()
    db.session.execute(_insert(OutboxMessage).values(
        notice_id=notice_id, to_addr=to_addr, subject=subject, body_text=text, body_html=html,
        status="pending", attempts=0, next_attempt_at=now, created_at=now).on_conflict_do_nothing())


def cancel_for_petition(petition_id: int) -> int:
    """A closed item needs no more reminders, and what was handed over about it is done: cancel its unsent
    e-mails and hide its unread notices (the notice that it closed is queued after this)."""
    now = clock.utcnow()
    notices = select(Notice.id).where(Notice.petition_id == petition_id)
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.notice_id.in_(notices), OutboxMessage.status.in_(("pending", "failed")))
        .values(status="cancelled", locked_until=None)
    )
    db.session.execute(
        update(Notice)
        .where(Notice.petition_id == petition_id, Notice.read_at.is_(None), Notice.cancelled_at.is_(None))
        .values(cancelled_at=now)
    )
    return result.rowcount or 0


# --- The bell and the notifications page ---------------------------------------------------------

def _visible(user: User):
    return (Notice.recipient_id == user.id) & Notice.cancelled_at.is_(None)


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Notice).where(_visible(user), Notice.read_at.is_(None))
    ) or 0


def for_user(user: User, limit: int = 100) -> list[tuple[Notice, Petition | None]]:
    """The user's notices, unread first: (notice, its item)."""
    rows = db.session.execute(
        select(Notice, Petition).outerjoin(Petition, Petition.id == Notice.petition_id)
        .where(_visible(user)).order_by(Notice.read_at.is_not(None), Notice.created_at.desc(), Notice.id.desc())
        .limit(limit)
    ).all()
    return [(n, p) for n, p in rows]


def mark_read(user: User, notice_id: int | None = None) -> int:
    """Mark one notice (or, with None, every notice) of the user as read."""
    query = update(Notice).where(_visible(user), Notice.read_at.is_(None))
    if notice_id is not None:
        permissions.require_own_notice(user, db.session.get(Notice, notice_id))
        query = query.where(Notice.id == notice_id)
    return db.session.execute(query.values(read_at=clock.utcnow())).rowcount or 0


def set_email_preference(user: User, enabled: bool) -> None:
    user.email_notifications = bool(enabled)
    db.session.flush()
