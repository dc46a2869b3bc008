"""`flask scheduler`: the ONE process that runs the jobs (APScheduler 3, persistent job store in the app database)."""
from __future__ import annotations

import logging
import signal
import threading

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask
from sqlalchemy import update

from app import clock
from app.extensions import db
from app.jobs import runs as jobs
from app.models import JobRun
from app.services.reporting import runs as report_runs

log = logging.getLogger("kien_nghi.scheduler")

# Jobs on a crontab line in the council's time zone (settings SCHEDULE_REMINDERS, SCHEDULE_DIGEST in config.py).
CRON_JOBS = ("reminders", "digest")
FUNCTIONS = {
    "reminders": "app.jobs:scheduled_reminders",
    "notifications": "app.jobs:scheduled_notifications",
    "digest": "app.jobs:scheduled_digest",
    "reports": "app.jobs:scheduled_reports",
}
# Two large reports may be built at once (two overlapping runs of the reports job, each claiming its own
# report); a third waits in the queue rather than taking the CPU the other jobs need.
REPORT_BUILDERS = 2


def build(app: Flask, run_now: tuple[str, ...] = ()) -> BackgroundScheduler:
    """The scheduler with its jobs; started by `serve()` (tests may build it without starting)."""
    tz = clock.timezone()
    scheduler = BackgroundScheduler(
        jobstores={
            "default": SQLAlchemyJobStore(engine=db.engine, tablename="apscheduler_jobs"),
            "once": MemoryJobStore(),  # one-off runs asked for on the command line: not worth persisting
            # Looked for every few seconds: storing its next run time would write to the database as often,
            # and a missed look needs no catching up (the queue is in the report_run table).
            "frequent": MemoryJobStore(),
        },
        # One worker per job and one per report builder: a job never overlaps itself (but for the report
        # builders), and no job waits for another.
        executors={"default": ThreadPoolExecutor(3 + REPORT_BUILDERS)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": app.config["SCHEDULER_MISFIRE_GRACE"]},
        timezone=tz,
    )
    for name in CRON_JOBS:
        cron = app.config[f"SCHEDULE_{name.upper()}"]
        scheduler.add_job(FUNCTIONS[name], CronTrigger.from_crontab(cron, timezone=tz), id=name, name=name,
                          replace_existing=True)
    interval = app.config["SCHEDULE_NOTIFICATIONS_SECONDS"]
    scheduler.add_job(FUNCTIONS["notifications"], IntervalTrigger(seconds=interval, timezone=tz),
                      id="notifications", name="notifications", replace_existing=True)
    every = app.config["SCHEDULE_REPORTS_SECONDS"]  # how long a queued report waits at most
    scheduler.add_job(FUNCTIONS["reports"], IntervalTrigger(seconds=every, timezone=tz), id="reports",
                      name="reports", jobstore="frequent", replace_existing=True, max_instances=REPORT_BUILDERS)
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


def _fail_stalled_reports() -> int:
    """Reports whose builder died with a killed scheduler. Only stalled ones: another job process may be
    building the rest right now."""
    failed = report_runs.fail_stalled()
    db.session.commit()
    return failed


def serve(app: Flask, run_now: tuple[str, ...] = ()) -> None:
    """Run until SIGTERM or SIGINT, then let running jobs finish and exit cleanly."""
    jobs.bind(app)
    stop = threading.Event()

    def on_signal(signum, _frame):
        log.info("scheduler: received %s, stopping after running jobs finish", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with app.app_context():
        interrupted = _mark_interrupted()
        if interrupted:
            log.warning("scheduler: %d job run(s) had been interrupted", interrupted)
        stalled = _fail_stalled_reports()
        if stalled:
            log.warning("scheduler: %d report run(s) had stalled", stalled)
        scheduler = build(app, run_now)
        scheduler.start()
        for job in scheduler.get_jobs():
            log.info("scheduler: job %s next run %s", job.id, job.next_run_time)
        db.session.remove()  # jobs open their own app context and session
    log.info("scheduler: started (time zone %s)", clock.timezone())
    while not stop.wait(1.0):
        pass
    scheduler.shutdown(wait=True)
    log.info("scheduler: stopped cleanly")
