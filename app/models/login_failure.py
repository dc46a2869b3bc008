"""Failed sign-in attempts, kept briefly so password guessing can be slowed down (login throttling)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db


class LoginFailure(db.Model):
    """One failed attempt; rows older than the throttling window are deleted as new ones arrive."""

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_username_at", "username", "at"),
        Index("ix_login_failure_ip_at", "ip", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(45))  # room for an IPv6 address
    at: Mapped[datetime] = mapped_column(default=clock.utcnow, index=True)
