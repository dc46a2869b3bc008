"""`flask scheduler`: the ONE process that runs the jobs (APScheduler 3, persistent job store in the app database).

Started twice (by mistake, or on purpose as a standby on a second server), the processes share the work through
a lease in the database (app/jobs/lease.py): the holder runs the jobs, the other waits and takes over within a
minute when the holder dies. A scheduled run that fell while nobody held the lease still runs when the next
holder starts (its stored next run time is kept, within SCHEDULER_MISFIRE_GRACE).
"""
from __future__ import annotations

import logging
import signal
import threading
from contextlib import suppress
from datetime import datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask
from sqlalchemy import inspect, update
from sqlalchemy.exc import SQLAlchemyError

from app import clock
from app.extensions import db
from app.jobs import runs as jobs
from app.jobs.lease import JobLease
from app.models import JobRun
from app.services.imports import runs as import_runs
from app.services.reporting import runs as report_runs

log = logging.getLogger("kien_nghi.scheduler")

# Jobs on a crontab line in the council's time zone (settings SCHEDULE_REMINDERS, SCHEDULE_DIGEST,
# SCHEDULE_SEARCH_TERMS in config.py).
CRON_JOBS = ("reminders", "digest", "search_terms")
FUNCTIONS = {
    "reminders": "app.jobs:scheduled_reminders",
    "notifications": "app.jobs:scheduled_notifications",
    "digest": "app.jobs:scheduled_digest",
    "reports": "app.jobs:scheduled_reports",
    "imports": "app.jobs:scheduled_imports",
    "dashboards": "app.jobs:scheduled_dashboards",
    "search_terms": "app.jobs:scheduled_search_terms",
}
# Two large reports may be built at once (two overlapping runs of the reports job, each claiming its own
# report); a third waits in the queue rather than taking the CPU the other jobs need.
REPORT_BUILDERS = 2


JOB_TABLE = "apscheduler_jobs"


def _stored_next_runs(store: SQLAlchemyJobStore, ids: tuple[str, ...]) -> dict[str, tuple[str, datetime]]:
    """(trigger, next run time) of the persistent jobs as the last scheduler left them.

    add_job(replace_existing=True) would compute the next run time afresh from now, so a 07:30 reminder run
    that fell while the job process was being restarted (or while a standby was taking over) would wait a day.
    """
    if not inspect(db.engine).has_table(JOB_TABLE):
        return {}
    found = {}
    for job_id in ids:
        try:
            job = store.lookup_job(job_id)
        except Exception:  # noqa: BLE001 - an unreadable stored job is simply replaced
            log.warning("scheduler: stored job %s could not be read; it is replaced", job_id)
            continue
        if job is not None and job.next_run_time is not None:
            found[job_id] = (repr(job.trigger), job.next_run_time)
    return found


def build(app: Flask, run_now: tuple[str, ...] = ()) -> BackgroundScheduler:
    """The scheduler with its jobs; started by `serve()` (tests may build it without starting)."""
    tz = clock.timezone()
    store = SQLAlchemyJobStore(engine=db.engine, tablename=JOB_TABLE)
    stored = _stored_next_runs(store, CRON_JOBS)
    scheduler = BackgroundScheduler(
        jobstores={
            "default": store,
            "once": MemoryJobStore(),  # one-off runs asked for on the command line: not worth persisting
            # Looked for every few seconds: storing its next run time would write to the database as often,
            # and a missed look needs no catching up (the queue is in the report_run table).
            "frequent": MemoryJobStore(),
        },
        # One worker per job and one per report builder: a job never overlaps itself (but for the report
        # builders), and no job waits for another.
        executors={"default": ThreadPoolExecutor(4 + REPORT_BUILDERS)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": app.config["SCHEDULER_MISFIRE_GRACE"]},
        timezone=tz,
    )
    for name in CRON_JOBS:
        trigger = CronTrigger.from_crontab(app.config[f"SCHEDULE_{name.upper()}"], timezone=tz)
        kept = {}
        if name in stored and stored[name][0] == repr(trigger):  # same schedule: keep a run still owed
            kept = {"next_run_time": stored[name][1]}
        scheduler.add_job(FUNCTIONS[name], trigger, id=name, name=name, replace_existing=True, **kept)
    interval = app.config["SCHEDULE_NOTIFICATIONS_SECONDS"]
    scheduler.add_job(FUNCTIONS["notifications"], IntervalTrigger(seconds=interval, timezone=tz),
                      id="notifications", name="notifications", replace_existing=True)
    every = app.config["SCHEDULE_REPORTS_SECONDS"]  # how long a queued report waits at most
    scheduler.add_job(FUNCTIONS["reports"], IntervalTrigger(seconds=every, timezone=tz), id="reports",
                      name="reports", jobstore="frequent", replace_existing=True, max_instances=REPORT_BUILDERS)
    # Large imports, looked for as often as reports; one at a time (they write, and codes come in order).
    scheduler.add_job(FUNCTIONS["imports"], IntervalTrigger(seconds=every, timezone=tz), id="imports",
                      name="imports", jobstore="frequent", replace_existing=True)
    # The dashboards' figures: first at once (a started job process leaves no dashboard counting live for long).
    scheduler.add_job(FUNCTIONS["dashboards"], IntervalTrigger(seconds=app.config["SCHEDULE_DASHBOARDS_SECONDS"],
                                                               timezone=tz),
                      id="dashboards", name="dashboards", replace_existing=True,
                      next_run_time=datetime.now(tz))  # the real time: a frozen clock would be a misfire
    for name in run_now:
        scheduler.add_job(FUNCTIONS[name], "date", jobstore="once", id=f"{name}-now", name=f"{name} (ngay)")
    return scheduler


def _mark_interrupted() -> int:
    """Runs left 'running' by a scheduler that was killed are shown as interrupted, not as still going."""
    result = db.session.execute(
        update(JobRun).where(JobRun.status == "running")
        .values(status="interrupted", message="Tiến trình lập lịch đã dừng đột ngột giữa chừng.")
    )
    db.session.commit()
    return result.rowcount or 0


def fail_stalled_runs() -> int:
    """Fail the report and import runs whose builder died with a killed scheduler (what a process taking over does
    first). Only stalled ones: another job process may be building the rest right now."""
    failed = report_runs.fail_stalled() + import_runs.fail_stalled()
    db.session.commit()
    return failed


def _take_over(app: Flask, run_now: tuple[str, ...]) -> BackgroundScheduler:
    """This process now holds the lease: clean up after the previous holder, then start the jobs."""
    with app.app_context():
        interrupted = _mark_interrupted()
        if interrupted:
            log.warning("scheduler: %d job run(s) had been interrupted", interrupted)
        stalled = fail_stalled_runs()
        if stalled:
            log.warning("scheduler: %d report or import run(s) had stalled", stalled)
        scheduler = build(app, run_now)
        scheduler.start()
        with suppress(SQLAlchemyError):  # only a log line: never leave a started scheduler behind for it
            for job in scheduler.get_jobs():
                log.info("scheduler: job %s next run %s", job.id, job.next_run_time)
        db.session.remove()  # jobs open their own app context and session
    return scheduler


def serve(app: Flask, run_now: tuple[str, ...] = ()) -> None:
    """Run until SIGTERM or SIGINT, then let running jobs finish and exit cleanly.

    Jobs run only while this process holds the job lease; otherwise it is a standby that looks every quarter of
    a lease and takes over when the holder stops renewing. A holder that cannot renew in time stops its jobs and
    becomes a standby itself.
    """
    with app.app_context():
        lease = JobLease(db.engine, app.config["SCHEDULER_LEASE_SECONDS"])
    jobs.bind(app, gate=lease.held)
    stop = threading.Event()

    def on_signal(signum, _frame):
        log.info("scheduler: received %s, stopping after running jobs finish", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    log.info("scheduler %s: started (time zone %s)", lease.holder, clock.timezone())
    scheduler: BackgroundScheduler | None = None
    waiting_noted = False
    while not stop.is_set():
        if scheduler is None:
            if lease.try_claim():
                log.info("scheduler %s: holds the job lease; running the jobs", lease.holder)
                try:
                    scheduler, waiting_noted = _take_over(app, run_now), False
                except SQLAlchemyError as exc:  # the database went away in between: stand by, claim again later
                    log.warning("scheduler %s: could not start the jobs (%s)", lease.holder, type(exc).__name__)
                    lease.release()
                else:
                    run_now = ()  # once, after the first start; not again after each takeover
            elif not waiting_noted:
                log.info("scheduler %s: standby; the jobs are run by %s", lease.holder, lease.watched or "?")
                waiting_noted = True
        else:
            lease.renew()
            if not lease.held():
                log.warning("scheduler %s: lost the job lease; stopping the jobs and standing by", lease.holder)
                scheduler.shutdown(wait=True)
                scheduler = None
        stop.wait(lease.interval)
    if scheduler is not None:
        scheduler.shutdown(wait=True)
        lease.release()
    log.info("scheduler: stopped cleanly")
