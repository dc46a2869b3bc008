"""Scheduled jobs: each is a service call plus commits, logged as a JobRun (report runs are their own log);
the CLI runs the very same functions."""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime

from flask import Flask, current_app

from app import clock
from app.extensions import db
from app.models import JobRun
from app.services.errors import DomainError
from app.services.imports import runs as import_runs
from app.services.notices import digest, outbox, reminders
from app.services.notices.mailer import SmtpMailer
from app.services.reporting import dashboard_store
from app.services.reporting import runs as report_runs
from app.services.run_queue import Claim

log = logging.getLogger("kien_nghi.jobs")
JOBS = ("reminders", "notifications", "digest", "dashboards", "search_terms")


@contextmanager
def job_run(name: str) -> Iterator[JobRun]:
    """Record the run (committed at once, so the operations page sees it running) and its outcome."""
    run = JobRun(job=name, started_at=clock.utcnow(), status="running", pid=os.getpid(), message="")
    db.session.add(run)
    db.session.commit()
    started = time.perf_counter()
    try:
        yield run
    except Exception as exc:
        db.session.rollback()
        run.status, run.message = "error", f"{type(exc).__name__}: {exc}"[:2000]
        log.exception("job %s failed", name)
        raise
    else:
        run.status = "ok"
    finally:
        run.finished_at = clock.utcnow()
        run.duration_ms = int((time.perf_counter() - started) * 1000)
        db.session.commit()
        log.info("job %s %s: found %d, queued %d, sent %d, failed %d in %d ms%s", name, run.status, run.found,
                 run.queued, run.sent, run.failed, run.duration_ms, f" ({run.message})" if run.message else "")


def _moment(at: datetime | None):
    # Only an explicit --at moves the clock (the CLI is single-threaded). The scheduler never does:
    # the clock is process-wide and two overlapping jobs restoring it in the wrong order would stop it.
    return clock.travel_to(at) if at is not None else nullcontext()


def run_reminders(at: datetime | None = None) -> JobRun:
    """Queue every reminder due today, committing kind by kind (a crash loses nothing committed)."""
    with job_run("reminders") as run, _moment(at):
        def committed(result: reminders.KindResult) -> None:
            run.found += result.found
            run.queued += result.notices
            db.session.commit()

        results = reminders.run(after_each=committed)
        run.message = ", ".join(f"{r.kind}: {r.found} tìm thấy / {r.notices} thông báo / {r.emails} thư"
                                for r in results)
    return run


def send_notifications(batch: int = 200, mailer_factory=None) -> JobRun:
    """Deliver due e-mails from the outbox, committing after each one so nothing is sent twice."""
    mailer_factory = mailer_factory or (lambda: SmtpMailer(current_app.config))
    with job_run("notifications") as run:
        found = sent = failed = 0  # kept outside `run`: a rollback below would expire its attributes
        while True:
            ids, lease = outbox.claim(batch)
            db.session.commit()  # the lease is visible to any other sender before a byte goes out
            if not ids:
                break
            found += len(ids)
            try:
                with mailer_factory() as mailer:
                    for message_id in ids:
                        status = outbox.deliver(message_id, mailer, lease)
                        db.session.commit()
                        sent += status == "sent"
                        failed += status in ("pending", "failed")
            except OSError as exc:  # could not connect (or the connection died): count and back off
                db.session.rollback()
                failed += outbox.fail_all(ids, exc)
                db.session.commit()
                run.message = f"Không kết nối được máy chủ thư: {exc}"
                break
            if len(ids) < batch:
                break
        run.found, run.sent, run.failed = found, sent, failed
    return run


def send_digest(at: datetime | None = None) -> JobRun:
    """Queue this week's digest (once per recipient and week), then deliver the outbox."""
    with job_run("digest") as run, _moment(at):
        run.found, run.queued, emails = digest.queue()
        db.session.commit()
        run.message = f"{run.queued} bản tin, {emails} thư"
    send_notifications()
    return run


def count_search_terms() -> JobRun:
    """Recount the search index's words (the duplicate finder leaves out the common ones), merge the index into one
    piece (index.compact: searches read each word's list once) and write the sets of the common words (SQLite:
    search/sets.py), in index.nightly."""
    from app.services.search import index

    with job_run("search_terms") as run:
        run.found, merged, kept = index.nightly(between=db.session.commit)
        run.message = f"{run.found} từ; {merged} phần chỉ mục được gộp; {kept} tập hợp từ phổ biến"
    return run


def build_reports() -> int:
    """Give up report runs whose builder died, delete day-old ones, then build the queued ones one by one.

    No JobRun is written: the job looks every few seconds and usually finds nothing, and each report run
    is its own record (state, times, error) on the page of the person who asked for it.
    """
    return _work_through("report", report_runs, report_runs.build)


def run_imports() -> int:
    """Give up import runs whose runner died, delete day-old ones, then run the queued ones one by one (each
    all or nothing, like an import on the page); as for reports, each run is its own record."""
    return _work_through("import", import_runs, import_runs.run)


def _work_through(kind: str, queue, work: Callable) -> int:
    """The queue of runs one person waits for (reports, imports): `queue` is its service module (fail_stalled,
    clean_old, claim, fail, Superseded), `work(claim, checkpoint=...)` does one run. Returns how many runs were
    worked on."""
    stalled, cleaned = queue.fail_stalled(), queue.clean_old()
    db.session.commit()
    if stalled or cleaned:
        log.info("%s runs: %d stalled run(s) failed, %d old run(s) deleted", kind, stalled, cleaned)
    done = 0
    while True:
        claim = queue.claim()
        db.session.commit()  # the claim is visible to every other job process before the work starts
        if claim is None:
            return done
        _work_on(kind, queue, work, claim)
        done += 1


def _work_on(kind: str, queue, work: Callable, claim: Claim) -> None:
    run_id, attempt = claim.run_id, claim.attempt
    started = time.perf_counter()
    try:
        work(claim, checkpoint=db.session.commit)
    except queue.Superseded:
        db.session.rollback()  # given up as stalled (and perhaps retried): the run is no longer ours
        log.warning("%s run %s: claim %d was given up while running", kind, run_id, attempt)
        return
    except Exception as exc:  # noqa: BLE001 - any failure must reach the person waiting for the run
        db.session.rollback()  # all or nothing: nothing of a failed run stays
        if not isinstance(exc, DomainError):
            log.exception("%s run %s failed", kind, run_id)
        queue.fail(claim, exc, round(time.perf_counter() - started, 2))
    db.session.commit()
    log.info("%s run %s (claim %d) finished in %.1f s", kind, run_id, attempt, time.perf_counter() - started)


def refresh_dashboards() -> JobRun:
    """Materialise every dashboard's figures (reporting/dashboard_store.refresh), so a dashboard reads one row."""
    with job_run("dashboards") as run:
        run.found = dashboard_store.refresh()
        db.session.commit()
    return run


# --- Entry points for the scheduler: referenced by name in the persistent job store -------------------
_app: Flask | None = None
_gate: Callable[[], bool] | None = None


def bind(app: Flask, gate: Callable[[], bool] | None = None) -> None:
    """The scheduler process binds its app once; stored jobs then call the functions below by name.

    `gate` says whether this process may start a job now (it holds the job lease): a job that fires just as
    the lease slips away is skipped rather than run beside the new holder's.
    """
    global _app, _gate
    _app, _gate = app, gate


def _in_app(function, *args) -> None:
    if _app is None:
        raise RuntimeError("app.jobs.bind(app) must be called before the scheduler starts")
    if _gate is not None and not _gate():
        log.warning("job %s skipped: this process no longer holds the job lease", function.__name__)
        return
    with _app.app_context():
        try:
            function(*args)
        finally:
            db.session.remove()


def scheduled_reminders() -> None:
    _in_app(run_reminders)


def scheduled_notifications() -> None:
    _in_app(send_notifications)


def scheduled_digest() -> None:
    _in_app(send_digest)


def scheduled_reports() -> None:
    _in_app(build_reports)


def scheduled_imports() -> None:
    _in_app(run_imports)


def scheduled_dashboards() -> None:
    _in_app(refresh_dashboards)


def scheduled_search_terms() -> None:
    _in_app(count_search_terms)
