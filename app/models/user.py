"""Staff accounts: one role each, an agency for agency roles; passwords stored hashed; failed sign-ins."""
from __future__ import annotations

from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app import clock
from app.extensions import db
from app.models.organisation import Agency, Committee
from workflows.vocabulary import AGENCY_ROLES, ROLES

_ROLES = ", ".join(f"'{r}'" for r in ROLES)
_AGENCY_ROLES = ", ".join(f"'{r}'" for r in sorted(AGENCY_ROLES))


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(f"role IN ({_ROLES})", name="role"),
        # An agency officer without an agency would see nothing or, worse, everything.
        CheckConstraint(f"role NOT IN ({_AGENCY_ROLES}) OR agency_id IS NOT NULL", name="agency_role_has_agency"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id"))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    email_notifications: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    agency: Mapped[Agency | None] = relationship()
    committee: Mapped[Committee | None] = relationship()

    def set_password(self, password: str) -> None:
        # The method is configurable so the test suite can use a cheap hash; production keeps scrypt.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sessions of deactivated accounts
        return self.active

    def __str__(self) -> str:
        return self.full_name


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
