"""Staff accounts: one role each, an agency for agency roles; passwords stored hashed; their sign-ins (one row
per signed-in browser, revocable), failed sign-ins kept for throttling, and the account audit log."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app import clock
from app.extensions import db, one_of
from app.models.organisation import Agency, Committee
from config import current as setting
from workflows.vocabulary import ACCOUNT_EVENTS, AGENCY_ROLES, ROLES


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLES), name="role"),
        # An agency officer without an agency would see nothing or, worse, everything.
        CheckConstraint(f"{one_of('role', sorted(AGENCY_ROLES), negate=True)} OR agency_id IS NOT NULL",
                        name="agency_role_has_agency"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    # The password before the current one, so a change cannot go straight back to it.
    previous_password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id"))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    email_notifications: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    agency: Mapped[Agency | None] = relationship()
    committee: Mapped[Committee | None] = relationship()
    # The token of the sign-in this request came with (set by the session loader; never stored here).
    session_token = None

    def set_password(self, password: str) -> None:
        self.previous_password_hash = self.password_hash
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def was_previous_password(self, password: str) -> bool:
        return bool(self.previous_password_hash) and check_password_hash(self.previous_password_hash, password)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: the sign-in's token, not the
        account's id, so revoking the sign-in (user_session) kills both cookies at once."""
        if not self.session_token:
            raise RuntimeError("A user is signed in only through app.services.accounts.sessions.start().")
        return self.session_token

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sessions of deactivated accounts
        return self.active

    def __str__(self) -> str:
        return self.full_name


def hash_password(password: str) -> str:
    # The method is configurable so the test suite can use a cheap hash; production keeps scrypt.
    return generate_password_hash(password, method=setting("PASSWORD_HASH_METHOD"))


class UserSession(db.Model):
    """One signed-in browser (phiên đăng nhập). Its random token travels in the session cookie and the
    remember-me cookie; only its SHA-256 is stored, so a copy of the database signs nobody in."""

    __tablename__ = "user_session"
    __table_args__ = (Index("ix_user_session_user_id_revoked_at", "user_id", "revoked_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    expires_at: Mapped[datetime]
    remember: Mapped[bool] = mapped_column(default=False)
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(30))
    user: Mapped[User] = relationship()


class AccountEvent(db.Model):
    """The account audit log (nhật ký tài khoản): sign-ins, failures, delays, sign-outs, password changes,
    deactivations, sessions revoked. Append-only by use; an administrator reads it."""

    __tablename__ = "account_event"
    __table_args__ = (
        CheckConstraint(one_of("kind", ACCOUNT_EVENTS), name="kind"),
        Index("ix_account_event_user_id_at", "user_id", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=clock.utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    # The account concerned (None for a name that matches no account) and the name as typed.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(80), default="")
    # Who did it when it was not the account itself (an administrator's reset, deactivation, sign-out).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(String(300), default="")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class LoginFailure(db.Model):
    """One failed sign-in, kept briefly so password guessing can be slowed down; rows older than the throttling window are deleted as new ones arrive."""

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_username_at", "username", "at"),
        Index("ix_login_failure_ip_at", "ip", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(45))  # room for an IPv6 address
    at: Mapped[datetime] = mapped_column(default=clock.utcnow, index=True)
