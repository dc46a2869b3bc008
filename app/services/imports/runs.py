"""Large imports (nhập chạy nền): confirmed on the web, queued as ImportRun rows, run by the job process.

The same pattern as large reports (reporting/runs.py), for the same reason: a 10,000-row sheet takes several
seconds of CPU, which a web worker should not hold, and a recycled worker must not leave a run "running". The web
inserts a row; the job process (`app.jobs.runs.run_imports`) claims it with an atomic UPDATE, checks the file
(progress committed while it checks: the check writes nothing), then writes every row in ONE transaction with the
run's "done" (all or nothing: the run is done exactly when its items exist). A runner that stops beating is given
up by the job, and by a job process taking over, so its page says so; nothing of a run given up was committed.
The queue itself (claim, heartbeat, giving up, cleaning) is services/run_queue.py, shared with large reports.
"""
from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable

from flask import current_app

from app import clock, permissions
from app.extensions import db
from app.models import ImportRun, User
from app.services.errors import DomainError, NotFound, Rejected, in_request_language
from app.services.imports import importer, pending, safety
from app.services.petitions import attachments
from app.services.run_queue import Claim, RunQueue, Superseded
from workflows.messages import N_

STALLED = N_("Tiến trình nhập đã dừng giữa chừng; chưa có gì được ghi. Hãy kiểm tra và nhập lại tệp.")
BROKEN = N_("Lỗi khi nhập tệp; chưa có gì được ghi.")
GONE = N_("Không tìm thấy lượt nhập (có thể đã bị xóa sau 24 giờ).")
FILE_GONE = N_("Tệp chờ nhập không còn; hãy chọn lại tệp.")

QUEUE = RunQueue(ImportRun, gone=GONE, stalled=STALLED, require_owner=permissions.require_run_owner,
                 claimed={"phase": "checking"})
get, claim, beat, fail_stalled, clean_old = QUEUE.get, QUEUE.claim, QUEUE.beat, QUEUE.fail_stalled, QUEUE.clean_old


def should_queue(data: bytes) -> bool:
    """Run in the job process when the sheets hold more rows than IMPORT_INLINE_MAX_ROWS."""
    return safety.sheet_rows(data) > current_app.config["IMPORT_INLINE_MAX_ROWS"]


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

def run(claim: Claim, checkpoint: Callable[[], None]) -> None:
    """Check the claimed run's file as its owner, then write it with the run's "done" (flushed, not committed).

    `checkpoint` (the edge's commit) is called only while nothing of the import is written: after the check. The
    write itself is one transaction with the run's end, so a run is done exactly when its rows exist.
    """
    found = db.session.get(ImportRun, claim.run_id)
    if found is None:
        raise Superseded(claim.run_id)
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


def fail(claim: Claim, error: BaseException, seconds: float | None = None) -> None:
    """Mark a claimed run failed: a refusal's own message and problems, else a general one."""
    template, params, problems = BROKEN, None, None
    if isinstance(error, DomainError):
        template, params = error.template, error.params
    if isinstance(error, Rejected):
        problems = [[p.template, p.params] for p in error.problems]
    QUEUE.mark_failed(claim, error=template, error_params=params, problems=problems, seconds=seconds)
