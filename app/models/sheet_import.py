"""Spreadsheets imported by the office: one row per file, so the same rows are never imported twice; the column
mappings remembered for a sheet's shape; the synonyms by which a sheet's section names a field."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db, one_of
from app.models.council import Session
from app.models.organisation import Field
from app.models.user import User


class SheetImport(db.Model):
    __tablename__ = "sheet_import"
    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)  # the file's bytes, not its name
    # The normalised rows: a copy opened and saved again (other bytes, same rows) is still recognised.
    content_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
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
    created_agencies: Mapped[list[Any] | None] = mapped_column(JSON, default=list)  # names added to the catalogue


class HeaderMapping(db.Model):
    """How the columns of a sheet of one shape map to the import's fields, chosen once on the mapping page (or
    with `--map`) and found again by the header's signature (its folded labels) for the next sheet of that shape."""

    __tablename__ = "header_mapping"
    id: Mapped[int] = mapped_column(primary_key=True)
    signature: Mapped[str] = mapped_column(String(64), unique=True)
    labels: Mapped[dict[str, Any]] = mapped_column(JSON)  # folded header label -> column key ("content", ...)
    saved_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class FieldSynonym(db.Model):
    """Another name of a field as offices write it in their sheets ("Tài nguyên - Môi trường" for "Nông nghiệp
    và Môi trường" since the 2025 merger), kept by an administrator."""

    __tablename__ = "field_synonym"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    folded: Mapped[str] = mapped_column(String(200), unique=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("field.id", ondelete="CASCADE"), index=True)
    field: Mapped[Field] = relationship()


IMPORT_RUN_STATES = ("queued", "running", "done", "failed")


class ImportRun(db.Model):
    """A large import confirmed on the web and run by the job process (nhập chạy nền), like a ReportRun.

    The id is random hex: it is the address of the run's page. `attempt` counts claims, so a runner given up as
    dead can no longer write to the run. The file waits under UPLOAD_DIR/imports by `sha256` (pending.py); the
    problems of a refused file are kept as (template, parameters) so the page shows them in the reader's language.
    """

    __tablename__ = "import_run"
    __table_args__ = (
        CheckConstraint(one_of("state", IMPORT_RUN_STATES), name="state"),
        Index("ix_import_run_state_queued", "state", "queued_at"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # session, timing, sheet, agency choices
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempt: Mapped[int] = mapped_column(default=0)
    phase: Mapped[str] = mapped_column(String(20), default="")  # "checking", then "writing"
    rows_total: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    queued_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    seconds: Mapped[float | None]
    error: Mapped[str] = mapped_column(Text, default="")  # a message template
    error_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    problems: Mapped[list[Any] | None] = mapped_column(JSON)  # [[template, parameters], ...]
    sheet_import_id: Mapped[int | None] = mapped_column(ForeignKey("sheet_import.id", ondelete="SET NULL"))
    sheet_import: Mapped[SheetImport | None] = relationship()
