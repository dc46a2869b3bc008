"""Large imports (nhập chạy nền): confirmed on the web, queued as ImportRun rows, run by the job process.

The same pattern as large reports (reporting/runs.py), for the same reason: a 10,000-row sheet takes several
seconds of CPU, which a web worker should not hold, and a recycled worker must not leave a run "running". The web
inserts a row; the job process (`app.jobs.runs.run_imports`) claims it with an atomic UPDATE, checks the file
(progress committed while it checks: the check writes nothing), then writes every row in ONE transaction with the
run's "done" (all or nothing: the run is done exactly when its items exist). A runner that stops beating is given
up by the job, and by a job process taking over, so its page says so; nothing of a run given up was committed.
"""
from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from app import clock, permissions
from app.extensions import db
from app.models import ImportRun, User
from app.services.errors import DomainError, NotFound, Rejected, in_request_language
from app.services.imports import importer, pending, safety
from app.services.petitions import attachments
from workflows.messages import N_

KEEP = timedelta(days=1)
STALE = timedelta(minutes=5)  # far longer than a live runner's gap between beats, or its one write of 10,000 rows
STALLED = N_("Tiến trình nhập đã dừng giữa chừng; chưa có gì được ghi. Hãy kiểm tra và nhập lại tệp.")
BROKEN = N_("Lỗi khi nhập tệp; chưa có gì được ghi.")
GONE = N_("Không tìm thấy lượt nhập (có thể đã bị xóa sau 24 giờ).")
FILE_GONE = N_("Tệp chờ nhập không còn; hãy chọn lại tệp.")


class Superseded(Exception):  # noqa: N818 - not the user's error: the runner just stops
    """The runner's claim is no longer the run's current one (given up as stalled, or deleted)."""


def should_queue(data: bytes) -> bool:
    """Run in the job process when the sheets declare more rows than IMPORT_INLINE_MAX_ROWS."""
    return safety.declared_rows(data) > current_app.config["IMPORT_INLINE_MAX_ROWS"]


# --- The web's side ----------------------------------------------------------------------------------

def submit(user: User, filename: str, data: bytes, options: dict) -> ImportRun:
    """Keep the file and queue its import (the caller commits); the check runs in the job."""
    permissions.require(user, "import_sheet")
    permissions.require(user, "record")
    sha = hashlib.sha256(data).hexdigest()
    pending.keep(sha, data)
    run = ImportRun(id=uuid.uuid4().hex, user_id=user.id, filename=attachments.display_name(filename), sha256=sha, params={
        "session_id": options.get("session_id"), "timing": options.get("timing"), "sheet": options.get("sheet"),
        "agency_choices": options.get("agency_choices") or {}}, state="queued", queued_at=clock.utcnow())
    db.session.add(run)
    db.session.flush()
    return run


def get(run_id: str, user: User) -> ImportRun:
    """The run, for the person who confirmed it only; an unknown (or deleted) run is a 404."""
    run = db.session.get(ImportRun, run_id) if run_id.isalnum() and len(run_id) <= 32 else None
    if run is None:
        raise NotFound(GONE)
    permissions.require_run_owner(user, run.user_id)
    return run


def _pairs(params: dict | None) -> dict:
    """JSON turned the (vi, en) label pairs into lists: back into pairs for fill()."""
    return {k: tuple(v) if isinstance(v, list) and len(v) == 2 else v for k, v in (params or {}).items()}


def status(run: ImportRun) -> dict:
    """What the run's page and its JSON show, in the reader's language."""
    info = {"id": run.id, "filename": run.filename, "state": run.state, "phase": run.phase,
            "rows": run.rows_total, "seconds": run.seconds, "sheet_import_id": run.sheet_import_id,
            "error": in_request_language(run.error, _pairs(run.error_params)) if run.error else "",
            "problems": [in_request_language(t, _pairs(p)) for t, p in run.problems or []]}
    if run.state in ("queued", "running"):
        info["elapsed"] = round((clock.utcnow() - run.queued_at).total_seconds(), 1)
    return info


# --- The job's side ----------------------------------------------------------------------------------

def claim() -> tuple[str, int] | None:
    """(run id, attempt) of the oldest queued run, now this runner's; None when none waits (read only then)."""
    oldest = select(ImportRun.id).where(ImportRun.state == "queued").order_by(ImportRun.queued_at, ImportRun.id).limit(1)
    if db.session.scalar(oldest) is None:
        return None
    now = clock.utcnow()
    row = db.session.execute(
        update(ImportRun).where(ImportRun.id == oldest.scalar_subquery(), ImportRun.state == "queued")
        .values(state="running", attempt=ImportRun.attempt + 1, started_at=now, heartbeat_at=now, phase="checking")
        .returning(ImportRun.id, ImportRun.attempt).execution_options(synchronize_session=False)).first()
    return (row.id, row.attempt) if row else None


def _mine(claim: tuple[str, int]):
    return (ImportRun.id == claim[0]) & (ImportRun.attempt == claim[1]) & (ImportRun.state == "running")


def beat(claim: tuple[str, int], **progress) -> None:
    """Record progress and the heartbeat; raises Superseded when the run is no longer this runner's."""
    result = db.session.execute(update(ImportRun).where(_mine(claim)).values(heartbeat_at=clock.utcnow(), **progress)
                                .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Superseded(claim[0])


def run(claim: tuple[str, int], checkpoint: Callable[[], None]) -> None:
    """Check the claimed run's file as its owner, then write it with the run's "done" (flushed, not committed).

    `checkpoint` (the edge's commit) is called only while nothing of the import is written: after the check. The
    write itself is one transaction with the run's end, so a run is done exactly when its rows exist.
    """
    found = db.session.get(ImportRun, claim[0])
    if found is None:
        raise Superseded(claim[0])
    user, params, filename, sha = db.session.get(User, found.user_id), dict(found.params), found.filename, found.sha256
    permissions.require_run_owner(user, found.user_id)  # an account closed since it confirmed gets nothing
    started = time.perf_counter()
    data = pending.load(sha)
    if data is None:
        raise NotFound(FILE_GONE)
    plan = importer.plan(user, filename, data, **params)
    beat(claim, phase="writing", rows_total=len(plan.rows))
    checkpoint()
    done = importer.write(user, plan)
    beat(claim, state="done", finished_at=clock.utcnow(), sheet_import_id=done.id,
         seconds=round(time.perf_counter() - started, 2))
    pending.discard(sha)


def fail(claim: tuple[str, int], error: BaseException, seconds: float | None = None) -> None:
    """Mark a claimed run failed: a refusal's own message and problems, else a general one."""
    template, params, problems = BROKEN, None, None
    if isinstance(error, DomainError):
        template, params = error.template, error.params
    if isinstance(error, Rejected):
        problems = [[p.template, p.params] for p in error.problems]
    db.session.execute(update(ImportRun).where(_mine(claim)).values(
        state="failed", error=template, error_params=params, problems=problems, finished_at=clock.utcnow(),
        seconds=seconds).execution_options(synchronize_session=False))


def fail_stalled() -> int:
    """Runs whose runner stopped beating (its process was killed or recycled) are failed, so their page says so."""
    now = clock.utcnow()
    stalled = (ImportRun.state == "running") & or_(ImportRun.heartbeat_at.is_(None), ImportRun.heartbeat_at < now - STALE)
    if db.session.scalar(select(ImportRun.id).where(stalled).limit(1)) is None:
        return 0
    result = db.session.execute(update(ImportRun).where(stalled).values(state="failed", error=STALLED, finished_at=now)
                                .execution_options(synchronize_session=False))
    return result.rowcount or 0


def clean_old() -> int:
    """Delete runs finished (or queued and never picked up) more than a day ago; the imports themselves stay."""
    cutoff = clock.utcnow() - KEEP
    old = db.session.scalars(select(ImportRun).where(
        ImportRun.state != "running", func.coalesce(ImportRun.finished_at, ImportRun.queued_at) < cutoff)).all()
    for stale in old:
        db.session.delete(stale)
    db.session.flush()
    return len(old)
