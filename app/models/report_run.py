"""What the reporting area keeps: large reports built by the job process (báo cáo chạy nền, one row per run queued
by a web request), the committee's assessments written with a report, and the dashboards' figures the job process
materialises."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db, one_of

REPORT_RUN_STATES = ("queued", "running", "done", "failed")


class ReportRun(db.Model):
    """One large report: asked for on a web page, claimed and built by the job process, kept for a day.

    The id is a random hex string because it is the address of the run's page and file
    (/reports/run/<id>): a counter would let anyone guess the next one (the owner check still applies).
    `attempt` counts claims; the builder writes progress only while its claim is the current one, so a
    builder that was given up as dead (and whose run was retried) can no longer overwrite the run.
    """

    __tablename__ = "report_run"
    __table_args__ = (
        CheckConstraint(one_of("state", REPORT_RUN_STATES), name="state"),
        Index("ix_report_run_state_queued", "state", "queued_at"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(8))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the ReportRequest, dates as ISO text
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempt: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    queued_at: Mapped[datetime] = mapped_column(default=clock.utcnow)  # first asked, or retried
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]  # the builder's last sign of life: the lease
    finished_at: Mapped[datetime | None]
    pages: Mapped[int] = mapped_column(default=0)
    rows: Mapped[int | None]
    seconds: Mapped[float | None]
    error: Mapped[str] = mapped_column(Text, default="")
    filename: Mapped[str] = mapped_column(String(255), default="")  # the name the download is saved under
    size: Mapped[int | None]
    path: Mapped[str] = mapped_column(String(255), default="")  # the result file, relative to REPORT_DIR


class ReportAssessment(db.Model):
    """Đánh giá chung: what the standing committee writes in the report form for one report (its kind, session and
    cut-off date, `scope` "all" or "agency:<id>" when the report is about one agency). Kept for as long as the
    session is: a report run is a download kept for a day, the assessment is part of the council's record, printed
    again by every later run of the same report and shown in the form when that report is chosen again."""

    __tablename__ = "report_assessment"
    __table_args__ = (UniqueConstraint("session_id", "as_of", "kind", "scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"))
    as_of: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(Text, default="")  # the agencies it holds responsible
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(default=clock.utcnow)


class DashboardFigures(db.Model):
    """The figures of one kind of dashboard, materialised by the job process (issue 15): a page then reads one row
    instead of counting every item. `scope` is the dashboard group (office, committee, admin) or `agency:<id>`;
    `data` holds the counts, the items by status and the on-time rates exactly as reporting/dashboard computes them
    live, as of `as_of`, computed at `computed_at` (shown on the page)."""

    __tablename__ = "dashboard_figures"
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40), unique=True)
    as_of: Mapped[date]
    computed_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
