"""Large reports (báo cáo chạy nền): queued as ReportRun rows by the web, claimed and built by the job process.

Why the job process and not a thread of the web worker: a report of 20,000 items takes about a minute of
CPU, and a recycled worker took its threads with it, leaving the run "running" while its page kept
polling. Now the web worker only inserts a row and reads it; the job process (`app.jobs.runs.build_reports`)
claims queued rows with an atomic UPDATE (two job processes never build the same run), beats a heartbeat
while it renders, and gives up runs whose builder stopped beating, which their owner may then retry.
The result is a file under REPORT_DIR; row and file are deleted a day later by the same job. The queue itself
(claim, heartbeat, giving up, cleaning) is services/run_queue.py, shared with large imports.
"""
from __future__ import annotations

import dataclasses
import os
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app import clock, permissions
from app.extensions import db
from app.models import Petition, ReportRun, User
from app.services.errors import Conflict, DomainError, NotFound, in_request_language
from app.services.petitions.listing import COUNT_LIMIT, PetitionFilters, bounded_count, petition_query
from app.services.reporting import files as report_files
from app.services.reporting.files import ReportRequest
from app.services.run_queue import Claim, RunQueue, Superseded
from workflows.messages import N_

BEAT_SECONDS = 2.0  # progress is written at most this often: enough for a page polling every 1.5 s
STALLED = N_("Tiến trình tạo báo cáo đã dừng giữa chừng; bấm Thử lại.")
BROKEN = N_("Lỗi khi tạo báo cáo.")
GONE = N_("Không tìm thấy báo cáo (có thể đã bị xóa sau 24 giờ).")
LIST_TITLE = N_("Danh sách kiến nghị")

QUEUE = RunQueue(ReportRun, gone=GONE, stalled=STALLED, require_owner=permissions.require_report_owner)
get, claim, beat, fail_stalled = QUEUE.get, QUEUE.claim, QUEUE.beat, QUEUE.fail_stalled


def run_dir() -> Path:
    path = Path(current_app.config["REPORT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def estimate_rows(user: User, request: ReportRequest, limit: int | None = None) -> int:
    """How many rows the report will hold, counted only up to `limit` + 1 (enough to choose between inline and
    background, at the same cost whatever the table's size): a list export counts its own filtered list."""
    if request.kind == "item":
        return 1
    if request.kind == "list":
        query = petition_query(user, PetitionFilters.from_args(request.filters))
    else:
        query = select(Petition).where(permissions.visible_filter(user))
        if request.session and request.kind in ("results", "compilation"):
            query = query.where(Petition.session_id == request.session)
    count, more = bounded_count(query, limit if limit is not None else COUNT_LIMIT)
    return count + (1 if more else 0)


def should_queue(user: User, request: ReportRequest) -> bool:
    threshold = current_app.config["REPORT_INLINE_MAX_ROWS"]
    return estimate_rows(user, request, threshold) > threshold


# --- The web's side: queue, read, retry --------------------------------------------------------------

def _authorize(user: User, request: ReportRequest) -> None:
    """The refusals gather() would give, given now rather than on the run's page a moment later."""
    if request.kind == "compilation":
        permissions.require(user, "read_compilation")
    if request.kind in ("overdue", "agency"):
        permissions.report_agency(user, request.agency)


def _params(request: ReportRequest) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in dataclasses.asdict(request).items()}


def _request(params: dict) -> ReportRequest:
    as_of = params.get("as_of")
    return ReportRequest(**{**params, "as_of": date.fromisoformat(as_of) if as_of else None})


def submit(user: User, request: ReportRequest) -> ReportRun:
    """Queue the report for the job process (the caller commits); refusals are raised now, not in the job."""
    report_files.validate(request)
    _authorize(user, request)
    # The day it was asked for, even if the job builds it after midnight.
    request = dataclasses.replace(request, as_of=request.as_of or clock.today())
    now = clock.utcnow()
    run = ReportRun(id=uuid.uuid4().hex, user_id=user.id, kind=request.kind, format=request.format,
                    params=_params(request), state="queued", created_at=now, queued_at=now)
    db.session.add(run)
    db.session.flush()
    return run


def status(run: ReportRun) -> dict:
    """What the run's page and its JSON show; the error in the reader's language."""
    info = {"id": run.id, "kind": run.kind, "format": run.format, "state": run.state,
            "title": report_files.KINDS.get(run.kind, LIST_TITLE), "pages": run.pages, "rows": run.rows,
            "seconds": run.seconds, "error": in_request_language(run.error, {}) if run.error else "",
            "filename": run.filename, "size": run.size}
    if run.state in ("queued", "running"):
        info["elapsed"] = round((clock.utcnow() - run.queued_at).total_seconds(), 1)
    return info


def result_path(run: ReportRun) -> Path:
    """The finished file; a done run whose file is gone (cleaned, or another host's disk) is a 404."""
    path = run_dir() / run.path if run.state == "done" and run.path else None
    if path is None or not path.is_file():
        raise NotFound(GONE)
    return path


def retry(user: User, run_id: str) -> ReportRun:
    """Its owner queues a failed run again, with the same request (and the same as-of day)."""
    run = get(run_id, user)
    if run.state != "failed":
        raise Conflict("Chỉ thử lại được báo cáo chưa tạo được.")
    _authorize(user, _request(run.params))
    _remove_file(run)
    run.state, run.queued_at, run.error = "queued", clock.utcnow(), ""
    run.started_at = run.heartbeat_at = run.finished_at = run.rows = run.seconds = run.size = None
    run.pages, run.filename, run.path = 0, "", ""
    db.session.flush()
    return run


# --- The job's side: claim, build, give up, clean ----------------------------------------------------

def build(claim: Claim, checkpoint: Callable[[], None]) -> None:
    """Build a claimed run as the user who asked for it, write its file and mark it done (flushed).

    `checkpoint` is the edge's commit: the heartbeat and the pages must reach the page polling the run
    and the job looking for stalled runs while the report is still being laid out.
    """
    run = db.session.get(ReportRun, claim.run_id)
    if run is None:
        raise Superseded(claim.run_id)
    request, user = _request(run.params), db.session.get(User, run.user_id)
    permissions.require_report_owner(user, run.user_id)  # an account closed since it asked gets nothing
    started = time.perf_counter()
    data = report_files.gather(user, request)  # the permissions the user has now, as for an inline download
    beat(claim, rows=report_files.row_count(data))
    checkpoint()
    pages, last_beat = 0, time.perf_counter()

    def on_page(number: int) -> None:
        nonlocal pages, last_beat
        pages = number
        if time.perf_counter() - last_beat >= BEAT_SECONDS:
            beat(claim, pages=number)
            checkpoint()
            last_beat = time.perf_counter()

    content = report_files.render(request.kind, request.format, data, on_page=on_page)
    name = f"{claim.run_id}-{claim.attempt}.{request.format}"  # per attempt: a superseded builder deletes only its own
    target = run_dir() / name
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)  # complete or absent: never half a file under the final name
    try:
        beat(claim, state="done", finished_at=clock.utcnow(), pages=pages, path=name, size=len(content),
             filename=report_files.filename(request, data), seconds=round(time.perf_counter() - started, 2))
    except BaseException:
        target.unlink(missing_ok=True)  # not this run's file after all (superseded, or the update failed)
        raise


def fail(claim: Claim, error: BaseException, seconds: float | None = None) -> None:
    """Mark a claimed run failed with a message for its owner (a DomainError's own, else a general one)."""
    message = error.message if isinstance(error, DomainError) else BROKEN
    QUEUE.mark_failed(claim, error=message[:2000], seconds=seconds)


def _remove_file(run: ReportRun) -> None:
    if run.path:
        (run_dir() / run.path).unlink(missing_ok=True)


def clean_old() -> int:
    """Delete runs (and their files) finished, or queued and never picked up, more than a day ago."""
    return QUEUE.clean_old(before_delete=_remove_file)
