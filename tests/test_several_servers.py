"""Several servers as one (issue 15): two gunicorn app servers and two job processes against one PostgreSQL database.

A person signs in on one server and works on the other with the same cookie; failed sign-ins count across both;
a report queued on one is built by whichever job process holds the job lease and downloaded from the other (shared
REPORT_DIR). The active job process is killed in the middle of its reminder run: the standby takes the lease over
within a minute, finishes the run, sends the e-mails and builds the next report; nothing is lost or doubled.
"""
from __future__ import annotations

import signal
import time
from collections import Counter

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.processes import (
    Person,
    app_server,
    environment,
    flask,
    job_process,
    reminders_due_on_1_december,
    seeded,
    wait_for,
)
from tests.smtp_server import SmtpServer

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only]
LEASE_SECONDS = 6  # the default is 30 (takeover within 45 s); short here to keep the test short


def scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def lease_holder(engine) -> str | None:
    return scalar(engine, "SELECT holder FROM scheduler_lease WHERE name = 'jobs'")


def holds(engine, process) -> bool:
    holder = lease_holder(engine)
    return holder is not None and f":{process.popen.pid}:" in holder


def queue_report(person: Person, base: str) -> str:
    """Ask for the results report on `base`; it is queued (REPORT_INLINE_MAX_ROWS=0): the run's id."""
    response = person.http.get(f"{base}/reports/download", params={"kind": "results", "format": "pdf"},
                               allow_redirects=False, timeout=30)
    assert response.status_code == 302 and "/reports/run/" in response.headers["Location"], response.status_code
    return response.headers["Location"].rsplit("/", 1)[1]


def fetch_report(person: Person, base: str, run_id: str, watched) -> bytes:
    def done():
        state = person.http.get(f"{base}/reports/run/{run_id}.json", timeout=30).json()
        assert state["state"] != "failed", state
        return state["state"] == "done"

    wait_for(done, 90, watched, what=f"report run {run_id}")
    file = person.http.get(f"{base}/reports/run/{run_id}/file", timeout=60)
    assert file.status_code == 200, file.status_code
    return file.content


@pytest.mark.timeout(300)
def test_two_servers_and_two_job_processes_behave_as_one(fresh_database_url, tmp_path):
    url, shared, logs = fresh_database_url, tmp_path / "shared", tmp_path / "logs"
    smtp = SmtpServer().start()
    processes = []
    engine = create_engine(url)
    try:
        env = environment(url, shared, CLOCK_FROZEN_AT="2026-12-01T07:30", MAIL_PORT=str(smtp.port),
                          SCHEDULE_NOTIFICATIONS_SECONDS="2", SCHEDULE_REPORTS_SECONDS="1",
                          SCHEDULER_LEASE_SECONDS=str(LEASE_SECONDS), REPORT_INLINE_MAX_ROWS="0")
        flask({**env, "INSTANCE_PATH": str(tmp_path / "cli")}, "init-db")  # the upgrade an operator runs
        with seeded(url, reminders_due_on_1_december, now="2026-11-22T10:00", create_tables=False) as build:
            # the admin: the account whose failed sign-ins are counted
            names = {"clerk": build.clerk.username, "admin": build.admin.username, "session": build.session2.id}

        # The first job process takes the lease and starts the reminder run, pausing after its first kind: long
        # enough for everything below to happen on a busy machine; it is killed in that pause anyway.
        first = job_process("jobs-1", {**env, "INSTANCE_PATH": str(tmp_path / "j1")}, logs,
                            run_now=("reminders",), pause=120)
        processes.append(first)
        wait_for(lambda: holds(engine, first), 60, [first], what="the first job process to hold the lease")
        wait_for(lambda: scalar(engine, "SELECT count(*) FROM notice WHERE kind = 'due_soon'"), 60, [first],
                 what="the first reminder kind")
        # A second one started by mistake (or as a standby on another server) runs nothing while the first lives.
        second = job_process("jobs-2", {**env, "INSTANCE_PATH": str(tmp_path / "j2")}, logs, run_now=("reminders",))
        processes.append(second)
        wait_for(lambda: "standby" in second.output(), 60, [second], what="the second job process to stand by")

        server_a, a = app_server("web-a", {**env, "INSTANCE_PATH": str(tmp_path / "a")}, logs)
        server_b, b = app_server("web-b", {**env, "INSTANCE_PATH": str(tmp_path / "b")}, logs)
        processes += [server_a, server_b]
        watched = [first, second, server_a, server_b]
        for base in (a, b):  # both are in service: the database answers and has every migration
            assert requests.get(f"{base}/readyz", timeout=10).json() == {
                "status": "ok", "database": "ok", "migrations": "current"}

        # Signed in on A, working on B with the same cookie (and the CSRF token of A's form).
        clerk = Person(names["clerk"]).sign_in(a)
        saved = clerk.record(b, "Đề nghị lắp đèn chiếu sáng ngõ 12 phố Quang Trung (ghi trên máy chủ B).",
                             session_id=names["session"])
        assert saved.status_code == 302, saved.text[:500]
        item = clerk.http.get(f"{a}{saved.headers['Location']}", timeout=30)
        assert item.status_code == 200 and "ngõ 12 phố Quang Trung" in item.text
        assert item.headers["X-Request-Id"] != saved.headers["X-Request-Id"]

        # Failed sign-ins are counted in the database: three on A and two on B make the account wait on both
        # (the fifth failure, LOGIN_FREE_FAILURES, is the one that starts the wait).
        admin = Person(names["admin"])
        for base in (a, a, a, b):
            assert admin.attempt(base, "sai-mat-khau").status_code == 200
        assert admin.attempt(b, "sai-mat-khau").status_code == 429
        for base in (a, b):
            assert admin.attempt(base, admin.password).status_code == 429

        # A report asked for on A is built by the job process that holds the lease, and downloaded from B.
        pdf = fetch_report(clerk, b, queue_report(clerk, a), watched)
        assert pdf.startswith(b"%PDF")

        # The active job process dies in the middle of its reminder run (paused after its first kind).
        assert scalar(engine, "SELECT count(*) FROM notice WHERE kind = 'overdue'") == 0
        assert holds(engine, first)
        first.popen.send_signal(signal.SIGKILL)
        first.popen.wait(timeout=10)
        killed_at = time.monotonic()
        wait_for(lambda: holds(engine, second), 60, [second], what="the standby to take the lease over")
        takeover = time.monotonic() - killed_at
        print(f"standby took the job lease over {takeover:.1f} s after the holder was killed "
              f"(SCHEDULER_LEASE_SECONDS={LEASE_SECONDS})")
        assert takeover < 60, takeover

        # The standby finishes the run, sends every e-mail once and builds the next report (asked on B, read on A).
        wait_for(lambda: scalar(engine, "SELECT count(*) FROM job_run WHERE job = 'reminders' AND status = 'ok'"),
                 60, [second], what="the standby's reminder run")
        pdf = fetch_report(clerk, a, queue_report(clerk, b), [second, server_a, server_b])
        assert pdf.startswith(b"%PDF")
        wait_for(lambda: scalar(engine, "SELECT count(*) FROM outbox_message WHERE status <> 'sent'") == 0
                 and len(smtp.messages) >= 5, 60, [second], what="every e-mail to be delivered")
        time.sleep(3)  # one more outbox cycle: a second copy of anything would arrive now

        with engine.connect() as conn:
            # Reminders are what the job processes write; the hand-over notices of the transfers in prepare()
            # were written by the web request that transferred, once each (their key is the event).
            reminder = "kind IN ('due_soon', 'overdue')"
            kinds = dict(conn.execute(text(f"SELECT kind, count(*) FROM notice WHERE {reminder} GROUP BY kind")).all())
            keys = conn.execute(text(f"SELECT petition_id, kind, deadline_ref, recipient_id FROM notice "
                                     f"WHERE {reminder}")).all()
            outbox = conn.execute(text("SELECT count(*), count(DISTINCT notice_id) FROM outbox_message")).one()
            reminder_mail = conn.execute(text(f"SELECT count(*) FROM outbox_message JOIN notice "
                                              f"ON notice.id = outbox_message.notice_id WHERE {reminder}")).scalar()
            runs = sorted(conn.execute(text("SELECT status FROM job_run WHERE job = 'reminders'")).scalars())
            reports = conn.execute(text("SELECT state, attempt FROM report_run")).all()
        assert kinds == {"due_soon": 1, "overdue": 4}
        assert len(keys) == len(set(keys)) == 5
        assert outbox[0] == outbox[1] and reminder_mail == 5  # one e-mail per notice, never two
        assert runs == ["interrupted", "ok"]  # the killed run is shown as such; the standby's completed it
        assert sorted(reports) == [("done", 1), ("done", 1)]  # each report built once, by one builder
        received = Counter((m["To"], str(m["Subject"])) for m in smtp.messages)
        assert len(smtp.messages) == outbox[0] and set(received.values()) == {1}, received

        # A clean stop gives the lease back at once.
        assert second.stop() == 0
        assert "stopped cleanly" in second.output()
        assert lease_holder(engine) is None
    finally:
        for process in processes:
            process.stop()
        smtp.stop()
        engine.dispose()
