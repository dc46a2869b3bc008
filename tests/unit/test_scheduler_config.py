"""The scheduler's set-up: cron-like triggers in the council's time zone, coalescing, generous misfire grace."""
from __future__ import annotations

from datetime import datetime

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

from app import clock
from app.jobs.scheduler import build


def test_jobs_triggers_and_defaults(db_app):
    scheduler = build(db_app, run_now=("reminders",))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"reminders", "notifications", "digest", "reports", "reminders-now"}
    # Defaults are applied to jobs when the scheduler starts; read what it will apply.
    defaults = scheduler._job_defaults
    assert defaults["coalesce"] is True and defaults["misfire_grace_time"] >= 3600 and defaults["max_instances"] == 1
    assert isinstance(scheduler._jobstores["default"], SQLAlchemyJobStore)  # persistent, in the app database
    tz = clock.timezone()
    monday = datetime(2026, 11, 23, 0, 0, tzinfo=tz)
    assert jobs["reminders"].trigger.get_next_fire_time(None, monday) == datetime(2026, 11, 23, 7, 30, tzinfo=tz)
    sunday = datetime(2026, 11, 22, 12, 0, tzinfo=tz)
    assert jobs["digest"].trigger.get_next_fire_time(None, sunday) == datetime(2026, 11, 23, 7, 0, tzinfo=tz)
    assert jobs["reminders"].func_ref == "app.jobs:scheduled_reminders"  # stored by name, not pickled code
    # Queued reports are looked for every few seconds, by up to two builders at once.
    assert jobs["reports"].func_ref == "app.jobs:scheduled_reports"
    assert jobs["reports"].trigger.interval.total_seconds() <= 5 and jobs["reports"].max_instances == 2
    assert scheduler.get_job("reports", jobstore="frequent") is not None  # not rewritten in the database every look
