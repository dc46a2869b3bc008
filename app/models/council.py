"""The council's structure: term (nhiệm kỳ), sessions (kỳ họp), constituencies, delegate groups and delegates."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class Term(db.Model):
    """Nhiệm kỳ: e.g. khóa XVII, 2026 - 2031."""

    __tablename__ = "term"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(20))
    start_year: Mapped[int]
    end_year: Mapped[int]
    sessions: Mapped[list[Session]] = relationship(back_populates="term", order_by="Session.number")


class Session(db.Model):
    """Kỳ họp: recommendations are raised before or after one, and reported at the next."""

    __tablename__ = "council_session"
    __table_args__ = (UniqueConstraint("term_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    opening: Mapped[date]
    closing: Mapped[date | None]
    term: Mapped[Term] = relationship(back_populates="sessions")

    def __str__(self) -> str:
        return self.name


class Constituency(db.Model):
    """Đơn vị bầu cử, with the communes and wards it covers (one per line)."""

    __tablename__ = "constituency"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    localities: Mapped[str] = mapped_column(Text, default="")

    def __str__(self) -> str:
        return self.name


class DelegateGroup(db.Model):
    """Tổ đại biểu."""

    __tablename__ = "delegate_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    constituency_id: Mapped[int | None] = mapped_column(ForeignKey("constituency.id"))
    constituency: Mapped[Constituency | None] = relationship()
    delegates: Mapped[list[Delegate]] = relationship(back_populates="group")


class Delegate(db.Model):
    """Đại biểu HĐND."""

    __tablename__ = "delegate"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    position: Mapped[str] = mapped_column(String(200), default="")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("delegate_group.id"))
    group: Mapped[DelegateGroup | None] = relationship(back_populates="delegates")

    def __str__(self) -> str:
        return self.full_name
