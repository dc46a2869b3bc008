"""Sign-ins (phiên đăng nhập), held on the server so they can be ended: each signed-in browser is a
user_session row whose random token travels in the session cookie and the remember-me cookie (Flask-Login's
get_id). Logout, a password change or reset, deactivation and "sign out everywhere" revoke rows, and a
revoked, expired or idle row signs nobody in, whatever cookie is presented (a copied one included)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app import clock, permissions
from app.extensions import db
from app.models import User, UserSession
from app.services.accounts import account_log
from app.services.accounts.account_log import Origin

# A sign-in without "remember me" lasts one working day at most, however active.
SESSION_MAX_AGE = timedelta(hours=24)
# last_seen_at is written at most this often: a request is not a database write.
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def start(user: User, *, remember: bool, origin: Origin | None = None) -> UserSession:
    """A new sign-in for `user` (already authenticated); `user.session_token` carries its token for
    Flask-Login. Remember-me is refused for administrators and lasts REMEMBER_DAYS (at most 30)."""
    origin = origin or account_log.current_origin()
    remember = remember and permissions.may_be_remembered(user)
    token = secrets.token_urlsafe(32)
    now = clock.utcnow()
    lifetime = timedelta(days=current_app.config["REMEMBER_DAYS"]) if remember else SESSION_MAX_AGE
    row = UserSession(token_hash=_hash(token), user_id=user.id, created_at=now, last_seen_at=now,
                      expires_at=now + lifetime, remember=remember, ip=origin.ip[:45],
                      user_agent=origin.user_agent[:200])
    db.session.add(row)
    db.session.flush()
    user.session_token = token
    return row


def _alive(row: UserSession, now: datetime) -> bool:
    if row.revoked_at is not None or row.expires_at <= now:
        return False
    if row.remember:
        # Asked again here, not only at sign-in: the role may have changed since (update_user also revokes).
        return permissions.may_be_remembered(row.user)
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    return row.last_seen_at + idle > now


def load(token: str) -> tuple[User | None, bool]:
    """(the user signed in by `token`, whether last_seen_at was moved and needs a commit), or (None, False)
    for a token that is unknown, revoked, expired or idle, or whose account is deactivated."""
    if not token or len(token) > 100:
        return None, False
    # One query per request: the sign-in with its account.
    row = db.session.scalar(select(UserSession).options(joinedload(UserSession.user))
                            .where(UserSession.token_hash == _hash(token)))
    now = clock.utcnow()
    if row is None or not _alive(row, now) or not row.user.active:
        return None, False
    touched = now - row.last_seen_at >= TOUCH_EVERY
    if touched:
        row.last_seen_at = now
        db.session.flush()
    row.user.session_token = token
    return row.user, touched


def current(user: User) -> UserSession | None:
    """The sign-in this request came with."""
    if not user.session_token:
        return None
    return db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(user.session_token)))


def active_sessions(user: User) -> list[UserSession]:
    """The user's sign-ins that still work, newest activity first."""
    now = clock.utcnow()
    rows = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                       UserSession.revoked_at.is_(None),
                                                       UserSession.expires_at > now)
                              .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc()))
    return [r for r in rows if _alive(r, now)]


def revoke_all(user: User, reason: str, *, keep: UserSession | None = None) -> int:
    """End every sign-in of `user` (but `keep`); returns how many were still open."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    result = db.session.execute(query.values(revoked_at=clock.utcnow(), revoked_reason=reason[:30])
                                .execution_options(synchronize_session="fetch"))
    db.session.flush()
    return result.rowcount or 0


def sign_out(user: User) -> None:
    """Logout: this browser's sign-in ends (its cookies, copied or not, sign nobody in any more)."""
    row = current(user)
    if row is not None and row.revoked_at is None:
        row.revoked_at, row.revoked_reason = clock.utcnow(), "sign_out"
    account_log.record("sign_out", user=user)
    db.session.flush()


def revoke_own(user: User, session_id: int) -> UserSession:
    """The account page: end one of one's own sign-ins (another browser, a lost phone)."""
    row = db.session.get(UserSession, session_id)
    permissions.require_own_session(user, row)
    if row.revoked_at is None:
        row.revoked_at, row.revoked_reason = clock.utcnow(), "revoked_by_user"
        account_log.record("session_revoked", user=user, detail=f"{row.ip} · {row.user_agent}")
    db.session.flush()
    return row


def revoke_others(user: User) -> int:
    """The account page: "sign out every other browser" (this one stays signed in)."""
    permissions.require(user, "manage_own_account")
    count = revoke_all(user, "revoked_by_user", keep=current(user))
    account_log.record("sessions_revoked", user=user, detail=f"{count}")
    return count


def sign_out_own_everywhere(user: User) -> int:
    """The account page: "sign out everywhere", this browser included (a password typed on a shared
    computer, a phone lost). Logout ends only this browser's sign-in; this is the one click for all."""
    permissions.require(user, "manage_own_account")
    count = revoke_all(user, "revoked_by_user")
    account_log.record("sessions_revoked", user=user, detail=f"{count}")
    return count


def sign_out_everywhere(actor: User, user: User) -> int:
    """An administrator ends every sign-in of `user` at once (a lost laptop, a departure)."""
    permissions.require(actor, "manage_accounts")
    count = revoke_all(user, "revoked_by_admin", keep=current(actor) if actor.id == user.id else None)
    account_log.record("sessions_revoked", user=user, actor=actor, detail=f"{count}")
    return count
