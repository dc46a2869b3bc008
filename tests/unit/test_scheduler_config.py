"""The scheduler's set-up: cron-like triggers in the council's time zone, coalescing, generous misfire grace."""
from __future__ import annotations

from datetime import datetime

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import text

from app import clock
from app.extensions import db
from app.jobs.scheduler import build


def test_jobs_triggers_and_defaults(db_app):
    scheduler = build(db_app, run_now=("reminders",))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"reminders", "notifications", "digest", "reports", "imports", "dashboards", "search_terms",
                         "reminders-now"}
    tz = clock.timezone()
    monday = datetime(2026, 11, 23, 0, 0, tzinfo=tz)
    assert jobs["reminders"].trigger.get_next_fire_time(None, monday) == datetime(2026, 11, 23, 7, 30, tzinfo=tz)
    sunday = datetime(2026, 11, 22, 12, 0, tzinfo=tz)
    assert jobs["digest"].trigger.get_next_fire_time(None, sunday) == datetime(2026, 11, 23, 7, 0, tzinfo=tz)
    assert jobs["reminders"].func_ref == "app.jobs:scheduled_reminders"  # stored by name, not pickled code
    # The search index's words are recounted at night.
    assert jobs["search_terms"].trigger.get_next_fire_time(None, monday) == datetime(2026, 11, 23, 2, 15, tzinfo=tz)
    # Queued reports are looked for every few seconds, by up to two builders at once.
    assert jobs["reports"].func_ref == "app.jobs:scheduled_reports"
    assert jobs["reports"].trigger.interval.total_seconds() <= 5
    # Queued imports as often, one at a time.
    assert jobs["imports"].func_ref == "app.jobs:scheduled_imports"
    assert jobs["imports"].trigger.interval.total_seconds() <= 5
    # Defaults are applied to jobs when the scheduler starts: start it paused (nothing runs) and read them.
    scheduler.start(paused=True)
    try:
        started = {job.id: job for job in scheduler.get_jobs()}
        assert set(started) == set(jobs)
        for job in started.values():
            assert job.coalesce is True and job.misfire_grace_time >= 3600, job.id
            assert job.max_instances == (2 if job.id == "reports" else 1), job.id
        # Persistent, in the app database: the recurring jobs are read back from its apscheduler_jobs table;
        # the reports look is not rewritten in the database every few seconds.
        assert {job.id for job in scheduler.get_jobs(jobstore="default")} == {"reminders", "notifications", "digest",
                                                                              "dashboards", "search_terms"}
        assert scheduler.get_job("reports", jobstore="frequent") is not None
        assert scheduler.get_job("imports", jobstore="frequent") is not None
        with db.engine.connect() as conn:
            stored = set(conn.execute(text("SELECT id FROM apscheduler_jobs")).scalars())
        assert stored == {"reminders", "notifications", "digest", "dashboards", "search_terms"}
    finally:
        scheduler.shutdown(wait=False)
        with db.engine.begin() as conn:  # the job store's table is not one of the models: leave no trace
            conn.execute(text("DROP TABLE IF EXISTS apscheduler_jobs"))


def test_a_run_owed_when_the_scheduler_stopped_is_kept_for_the_next_holder(db_app):
    """Restarted (or taken over by a standby) after 07:30, the scheduler still owes that morning's reminder run:
    the stored next run time is kept while the schedule is unchanged, and a changed schedule starts afresh."""
    tz = clock.timezone()
    owed = datetime(2026, 11, 23, 7, 30, tzinfo=tz)
    try:
        first = build(db_app)
        first.start(paused=True)
        first.shutdown(wait=False)
        store = SQLAlchemyJobStore(engine=db.engine, tablename="apscheduler_jobs")
        stored = store.lookup_job("reminders")
        stored.next_run_time = owed  # as a holder that died before 07:30 left it
        store.update_job(stored)

        again = build(db_app)
        assert {job.id: job for job in again.get_jobs()}["reminders"].next_run_time == owed

        db_app.config["SCHEDULE_REMINDERS"] = "0 8 * * *"
        try:
            changed = build(db_app)
        finally:
            db_app.config["SCHEDULE_REMINDERS"] = "30 7 * * *"
        rescheduled = {job.id: job for job in changed.get_jobs()}["reminders"]
        assert not hasattr(rescheduled, "next_run_time")  # computed from the new line when it starts
        assert rescheduled.trigger.get_next_fire_time(None, owed).hour == 8
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS apscheduler_jobs"))
