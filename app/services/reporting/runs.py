"""Large reports built in the background: a worker thread per report, a JSON status file, the result under instance/.

Why not a table: a run is a cache entry (deleted after a day), not a record of the council's work, so it
needs no migration; the status file is shared by every web worker on the host, which polls it for progress.
Why a thread and not the scheduler: the scheduler runs periodic jobs in its own process, while a report is
asked for now and must start at once. The worker gets its own app context and database session and
re-checks permissions through the same services as an inline download.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from datetime import date
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, select

from app import clock, permissions
from app.extensions import db
from app.models import Petition, User
from app.services.errors import NotFound
from app.services.reporting import files as report_files
from app.services.reporting.files import ReportRequest

KEEP_SECONDS = 24 * 3600
_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            # Two at a time: a third large report waits in the queue instead of starving the web workers.
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="report")
        return _executor


def run_dir() -> Path:
    path = Path(current_app.config.get("REPORT_DIR") or Path(current_app.instance_path) / "reports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def estimate_rows(user: User, request: ReportRequest) -> int:
    """A cheap COUNT of what the report could list, to choose between inline and background."""
    if request.kind == "item":
        return 1
    query = select(func.count()).select_from(Petition).where(permissions.visible_filter(user))
    if request.session and request.kind in ("results", "compilation"):
        query = query.where(Petition.session_id == request.session)
    return db.session.scalar(query) or 0


def should_queue(user: User, request: ReportRequest) -> bool:
    return estimate_rows(user, request) > current_app.config.get("REPORT_INLINE_MAX_ROWS", 3000)


def _write(path: Path, status: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a poller never reads half a file


def status(run_id: str, user: User) -> dict:
    """The run's status, for its owner only."""
    if not run_id.replace("-", "").isalnum():
        raise NotFound("Không tìm thấy báo cáo.")
    path = run_dir() / f"{run_id}.json"
    if not path.is_file():
        raise NotFound("Không tìm thấy báo cáo (có thể đã bị xóa sau 24 giờ).")
    info = json.loads(path.read_text(encoding="utf-8"))
    permissions.require_report_owner(user, info["user_id"])
    if info["state"] in ("queued", "running"):
        info["elapsed"] = round(time.time() - info["created"], 1)
    return info


def result_path(info: dict) -> Path:
    return run_dir() / f"{info['id']}.{info['format']}"


def submit(user: User, request: ReportRequest) -> str:
    """Queue the report; returns the run id. Validation errors are raised now, not in the thread."""
    report_files.validate(request)
    _cleanup()
    run_id = uuid.uuid4().hex
    path = run_dir() / f"{run_id}.json"
    info = {"id": run_id, "user_id": user.id, "kind": request.kind, "format": request.format,
            "title": report_files.KINDS.get(request.kind, "Danh sách kiến nghị"), "state": "queued",
            "created": time.time(), "pages": 0, "rows": None, "seconds": None, "error": "", "filename": ""}
    _write(path, info)
    app = current_app._get_current_object()
    params = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(request).items()}
    future = _pool().submit(_work, app, path, user.id, params, clock.now())
    future.add_done_callback(_log_crash)
    return run_id


def _work(app: Flask, path: Path, user_id: int, params: dict, now) -> None:
    info = json.loads(path.read_text(encoding="utf-8"))
    info["state"] = "running"
    _write(path, info)
    started = time.perf_counter()
    with app.app_context():
        try:
            user = db.session.get(User, user_id)
            request = ReportRequest(**{**params, "as_of": date.fromisoformat(params["as_of"])
                                       if params.get("as_of") else None})
            request.as_of = request.as_of or now.date()  # the day it was asked for, even if built after midnight
            data = report_files.gather(user, request)
            info["rows"] = report_files.row_count(data)
            db.session.rollback()

            def on_page(number: int) -> None:
                if number % 5 == 0:  # a status write every few pages is plenty for a poller
                    info["pages"] = number
                    _write(path, info)

            content = report_files.render(request.kind, request.format, data, on_page=on_page)
            target = path.with_suffix(f".{request.format}")
            target.write_bytes(content)
            info.update(state="done", filename=report_files.filename(request, data), size=len(content))
        except Exception as exc:  # noqa: BLE001 - any failure must reach the person waiting for the report
            db.session.rollback()
            info.update(state="failed", error=getattr(exc, "message", None) or "Lỗi khi tạo báo cáo.")
            app.logger.exception("Report run %s failed", path.stem)
        finally:
            info["seconds"] = round(time.perf_counter() - started, 2)
            _write(path, info)
            db.session.remove()


def _log_crash(future: Future) -> None:
    exc = future.exception()
    if exc is not None:  # _work catches everything; this is only for a failure writing the status itself
        logging.getLogger(__name__).error("Report worker crashed", exc_info=exc)


def _cleanup() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in run_dir().iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
