"""The account audit log (nhật ký tài khoản): every sign-in, failed sign-in, delay after failures, sign-out,
password change or reset, deactivation and revoked session, with the address and browser it came from.
Written in the same flush as what it records; administrators read it (permissions verb read_account_log)."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from flask import has_request_context, request
from sqlalchemy import Select, func, select

from app import clock, permissions
from app.extensions import db
from app.models import AccountEvent, User
from app.services.accounts.search import PER_PAGE, NumberedPage
from app.services.text import clean, strip_unsafe
from workflows.vocabulary import ACCOUNT_EVENTS


@dataclass(frozen=True)
class Origin:
    """Where a request came from: the client's address (behind TRUSTED_PROXIES) and its browser."""

    ip: str = ""
    user_agent: str = ""


def address(raw: str | None) -> str:
    """A valid IP address in its canonical form, or "?" (a forged header must not reach a 45-character column)."""
    try:
        return str(ipaddress.ip_address((raw or "").strip()))
    except ValueError:
        return "?"


def current_origin() -> Origin:
    """The origin of the current request (empty outside one: the command line, a job)."""
    if not has_request_context():
        return Origin()
    return Origin(address(request.remote_addr), strip_unsafe(request.headers.get("User-Agent", ""))[:200])


def record(kind: str, *, user: User | None = None, username: str = "", actor: User | None = None,
           detail: str = "", origin: Origin | None = None) -> AccountEvent:
    if kind not in ACCOUNT_EVENTS:
        raise ValueError(f"unknown account event {kind!r}")
    origin = origin or current_origin()
    row = AccountEvent(at=clock.utcnow(), kind=kind, user_id=user.id if user else None,
                       username=clean(username or (user.username if user else ""))[:80],
                       actor_id=actor.id if actor is not None and (user is None or actor.id != user.id) else None,
                       ip=origin.ip[:45], user_agent=origin.user_agent[:200], detail=clean(detail)[:300])
    db.session.add(row)
    db.session.flush()
    return row


@dataclass
class LogPage(NumberedPage):
    rows: list[AccountEvent] = field(default_factory=list)


def _query(q: str, kind: str) -> Select:
    query = select(AccountEvent)
    if kind in ACCOUNT_EVENTS:
        query = query.where(AccountEvent.kind == kind)
    name = clean(q).lower()[:80]
    if name:
        query = query.where(AccountEvent.username.contains(name, autoescape=True) |
                            AccountEvent.ip.contains(name, autoescape=True))
    return query


def read(actor: User, q: str = "", kind: str = "", page: int = 1) -> LogPage:
    """The newest events first, filtered by a user name or address (part of it) and a kind."""
    permissions.require(actor, "read_account_log")
    query = _query(q, kind)
    found = LogPage.of(db.session.scalar(select(func.count()).select_from(query.subquery())) or 0, page)
    found.rows = list(db.session.scalars(query.order_by(AccountEvent.at.desc(), AccountEvent.id.desc())
                                         .offset(found.offset).limit(PER_PAGE)))
    return found
