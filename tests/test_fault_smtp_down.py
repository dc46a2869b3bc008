"""Fault test (issue 15): the mail server is down for a whole run of the job process, then comes back. The run
fails every message, keeps each with its error and a retry time; once the server answers again, the job process
delivers every e-mail exactly once, without anyone pressing a button. The real clock runs here (the first retry
comes a minute after the failure), so the test takes a little over a minute."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from app import clock
from tests.processes import environment, job_process, seeded, wait_for
from tests.smtp_server import SmtpServer, free_port
from workflows.calendar import WorkingCalendar

pytestmark = pytest.mark.slow


def three_overdue(calendar: WorkingCalendar) -> list[date]:
    """Three items overdue today (by the real clock)."""
    return [calendar.subtract_working_days(clock.today(), 35)] * 3


def rows(engine, sql: str):
    with engine.connect() as conn:
        return conn.execute(text(sql)).all()


@pytest.mark.timeout(240)
def test_mail_down_for_a_whole_run_then_everything_is_delivered_once(fresh_database_url, tmp_path):
    with seeded(fresh_database_url, three_overdue):
        pass
    engine = create_engine(fresh_database_url)
    port = free_port()  # nothing listens here yet: the mail server is down
    env = environment(fresh_database_url, tmp_path / "shared", INSTANCE_PATH=str(tmp_path / "instance"),
                      MAIL_PORT=str(port), SCHEDULE_NOTIFICATIONS_SECONDS="2", SCHEDULER_LEASE_SECONDS="4")
    jobs = job_process("jobs", env, tmp_path / "logs", run_now=("reminders",))
    smtp = None
    try:
        # Whole notifications runs against the dead server: every message failed once, kept with its error.
        def all_failed_once():
            reminded = rows(engine, "SELECT count(*) FROM job_run WHERE job = 'reminders' AND status = 'ok'")[0][0]
            outbox = rows(engine, "SELECT status, attempts, last_error IS NOT NULL FROM outbox_message")
            sent, failed = rows(engine, "SELECT coalesce(sum(sent), 0), coalesce(sum(failed), 0) FROM job_run "
                                        "WHERE job = 'notifications' AND status = 'ok'")[0]
            return (outbox, sent) if reminded and outbox and failed >= len(outbox) else None

        outbox, sent = wait_for(all_failed_once, 90, [jobs], what="notifications runs with the mail server down")
        assert set(outbox) == {("pending", 1, True)} and sent == 0
        found = len(outbox)

        smtp = SmtpServer(port).start()  # the mail server is back
        wait_for(lambda: rows(engine, "SELECT count(*) FROM outbox_message WHERE status <> 'sent'")[0][0] == 0,
                 150, [jobs], what="every e-mail to be delivered after the mail server came back")
        wait_for(lambda: len(smtp.messages) >= found, 10, [jobs], what="the last message to arrive")
        assert set(rows(engine, "SELECT status, attempts FROM outbox_message")) == {("sent", 2)}
        received = Counter((m["To"], str(m["Subject"])) for m in smtp.messages)
        assert len(smtp.messages) == found and set(received.values()) == {1}, received
        assert jobs.stop() == 0
    finally:
        jobs.stop()
        if smtp is not None:
            smtp.stop()
        engine.dispose()
