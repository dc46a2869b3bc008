"""Read models for the operations page: the last run of each job, the recent history, the job process in charge."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.models import JobRun, SchedulerLease

JOB_LABELS = {"reminders": _l("Nhắc hạn"), "notifications": _l("Gửi thư"), "digest": _l("Bản tin tuần"),
              "search_terms": _l("Đếm từ của chỉ mục tìm kiếm")}


def last_runs() -> dict[str, JobRun | None]:
    latest = select(JobRun.job, func.max(JobRun.id).label("id")).group_by(JobRun.job).subquery()
    rows = db.session.scalars(select(JobRun).join(latest, JobRun.id == latest.c.id)).all()
    found = {r.job: r for r in rows}
    return {job: found.get(job) for job in JOB_LABELS}


def recent_runs(limit: int = 20) -> list[JobRun]:
    return list(db.session.scalars(select(JobRun).order_by(JobRun.id.desc()).limit(limit)))


def lease() -> SchedulerLease | None:
    """Which job process runs the jobs (app/jobs/lease.py), or None if none ever ran (or the last one stopped)."""
    # Written by the job process, not through this session: read afresh, never the copy the session may hold.
    row = db.session.get(SchedulerLease, "jobs", populate_existing=True)
    return row if row is not None and row.holder else None
