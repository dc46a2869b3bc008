"""Fault test: `flask scheduler` killed with SIGKILL in the middle of a reminder run, then restarted."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.processes import quiet_schedules, reminders_due_on_1_december, seeded
from tests.smtp_server import free_port

ROOT = Path(__file__).resolve().parent.parent


def start(url: str, tmp_path: Path, log_name: str, pause: str = "0") -> tuple[subprocess.Popen, Path]:
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": url, "SECRET_KEY": "fault-test",
           "INSTANCE_PATH": str(tmp_path / "instance"), "CLOCK_FROZEN_AT": "2026-12-01T07:30",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(free_port()),
           "SCHEDULE_NOTIFICATIONS_SECONDS": "3600",
           # The restarted process waits for the killed one's job lease to run out: 4 s here, 30 s by default.
           "SCHEDULER_LEASE_SECONDS": "4", **quiet_schedules()}
    env.pop("TEST_DATABASE_URL", None)
    log = tmp_path / log_name
    with log.open("w") as out:  # the child keeps its own copy of the descriptor
        # tests/fault_scheduler.py is `flask` with a pause between reminder kinds (0: none).
        proc = subprocess.Popen([sys.executable, "-m", "tests.fault_scheduler", pause, "--app", "run", "scheduler",
                                 "--run-now", "reminders"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, log


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        # Reminders only: the hand-over notices of setting up the items (keyed by their events) are not the job's.
        rows = conn.execute(text("SELECT kind, count(*) FROM notice WHERE event_id IS NULL GROUP BY kind")).all()
    return dict(rows)


def wait_for(predicate, timeout: float, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"scheduler exited early ({proc.returncode}):\n{log.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"timed out; scheduler output:\n{log.read_text()}")


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_sigkill_mid_run_then_restart_leaves_every_notice_exactly_once(fresh_database_url, tmp_path):
    with seeded(fresh_database_url, reminders_due_on_1_december, now="2026-11-22T10:00"):
        pass
    engine = create_engine(fresh_database_url)
    procs = []
    try:
        # First life: pauses 5 s after each committed kind, so the kill lands between two kinds.
        proc, log = start(fresh_database_url, tmp_path, "first.log", pause="5")
        procs.append(proc)
        wait_for(lambda: counts(engine).get("due_soon"), 60, proc, log)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        killed = counts(engine)
        assert killed == {"due_soon": 1}, killed  # in the middle: the overdue kind never committed
        with engine.connect() as conn:
            reminder_runs = conn.execute(text("SELECT status FROM job_run WHERE job = 'reminders'")).scalars().all()
            assert reminder_runs == ["running"]

        # Second life: the whole run again, from the start.
        proc, log = start(fresh_database_url, tmp_path, "second.log")
        procs.append(proc)

        def finished():
            with engine.connect() as conn:
                return conn.execute(text(
                    "SELECT count(*) FROM job_run WHERE job = 'reminders' AND status = 'ok'")).scalar()

        wait_for(finished, 60, proc, log)
        assert counts(engine) == {"due_soon": 1, "overdue": 4}
        with engine.connect() as conn:
            keys = conn.execute(text("SELECT petition_id, kind, deadline_ref, recipient_id FROM notice "
                                     "WHERE event_id IS NULL")).all()
            assert len(keys) == len(set(keys)) == 5
            outbox = conn.execute(text("SELECT count(*), count(DISTINCT notice_id) FROM outbox_message")).one()
            assert outbox[0] == outbox[1]
            statuses = sorted(conn.execute(text("SELECT status FROM job_run WHERE job = 'reminders'")).scalars())
            assert statuses == ["interrupted", "ok"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert "stopped cleanly" in log.read_text()
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)
        engine.dispose()
