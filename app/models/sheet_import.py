"""Spreadsheets imported by the office: one row per file, so the same file is never imported twice."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db
from app.models.council import Session
from app.models.user import User


class SheetImport(db.Model):
    __tablename__ = "sheet_import"
    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)  # the file's content, not its name
    imported_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("council_session.id"))
    timing: Mapped[str] = mapped_column(String(10))
    item_count: Mapped[int]
    classified_count: Mapped[int] = mapped_column(default=0)
    meeting_count: Mapped[int] = mapped_column(default=0)
    codes: Mapped[list[Any]] = mapped_column(JSON, default=list)  # the recommendations it created, in order
    user: Mapped[User] = relationship()
    session: Mapped[Session | None] = relationship()
