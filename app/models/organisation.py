"""Who handles recommendations: agencies (cơ quan giải quyết), council committees (Ban) and fields (lĩnh vực)."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db, one_of
from workflows.vocabulary import COMPETENCE_LEVELS


class Agency(db.Model):
    """UBND, sở, ngành, UBND xã/phường: a competent agency, in a hierarchy."""

    __tablename__ = "agency"
    __table_args__ = (CheckConstraint(one_of("competence_level", COMPETENCE_LEVELS), name="competence_level"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    competence_level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    parent: Mapped[Agency | None] = relationship(remote_side="Agency.id")

    def __str__(self) -> str:
        return self.name


class Committee(db.Model):
    """Ban HĐND: owns fields and judges the answers in them."""

    __tablename__ = "committee"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    def __str__(self) -> str:
        return self.name


class Field(db.Model):
    """Lĩnh vực, with the committee that owns it."""

    __tablename__ = "field"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id"))
    committee: Mapped[Committee | None] = relationship()

    def __str__(self) -> str:
        return self.name
