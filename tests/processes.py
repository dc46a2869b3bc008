"""The real processes of a deployment, for the multi-process and fault tests: gunicorn app servers (gunicorn.conf.py,
as `make serve` and the systemd unit run them), job processes (`flask scheduler`), `flask` commands, and a person
at a browser (a requests session that signs in through the form, CSRF token and all)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from app import clock, create_app
from app.extensions import db
from app.models import User
from app.services.deadlines import rules as deadlines
from config import TestingConfig
from tests.factories import PASSWORD, Builder
from tests.smtp_server import free_port
from workflows.calendar import WorkingCalendar

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def reminders_due_on_1_december(calendar: WorkingCalendar) -> list[date]:
    """Transfer days giving reminders due on 01/12/2026: one item due soon, two overdue (officer and leader)."""
    return [calendar.subtract_working_days(date.fromisoformat(due), 30)
            for due in ("2026-12-03", "2026-11-30", "2026-11-26")]


@contextmanager
def seeded(url: str, transferred_on: Callable[[WorkingCalendar], Iterable[date]], now: str | None = None,
           create_tables: bool = True) -> Iterator[Builder]:
    """The database at `url` (its tables created unless a migration made them) with one item transferred to an
    agency on each day `transferred_on(calendar)` gives, the clock at `now` (None: the real one). The block may add
    more with the Builder it gets; on leaving, every account gets an e-mail address and all is committed, so the
    processes the test starts find reminders due and someone to send them to."""
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if create_tables:
            db.create_all()
        clock.set_now(now)
        try:
            build = Builder()
            for day in transferred_on(deadlines.working_calendar()):
                build.petition("transferred", transfer_on=day)
            yield build
            for user in db.session.scalars(db.select(User)):
                user.email = f"{user.username}@hdnd.example.vn"
            db.session.commit()
        finally:
            clock.set_now(None)
            db.session.remove()
            db.engine.dispose()


def quiet_schedules() -> dict[str, str]:
    """Daily and weekly jobs set twelve hours away from the real time. The scheduler fires them by the wall clock,
    not the frozen one: a test running at 07:30 in Hanoi would otherwise see an extra reminder run of its own."""
    hour = (datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).hour + 12) % 24
    return {"SCHEDULE_REMINDERS": f"0 {hour} * * *", "SCHEDULE_DIGEST": f"0 {hour} * * *",
            "SCHEDULE_SEARCH_TERMS": f"0 {hour} * * *"}


def environment(url: str, shared: Path, **settings: str) -> dict[str, str]:
    """What every process of one deployment shares: the database, the key that signs sessions, the storage for
    uploads and report files. The instance folder is each process's own (nothing there may be needed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "APP_ENV")}
    env.update({"APP_ENV": "development", "DATABASE_URL": url, "SECRET_KEY": "one-key-for-every-server",
                "UPLOAD_DIR": str(shared / "uploads"), "REPORT_DIR": str(shared / "reports"),
                "LOG_FORMAT": "json", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(free_port())})
    env.update(quiet_schedules())
    env.update(settings)
    return env


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 30) -> int:
        if self.alive():
            self.popen.terminate()
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            return self.popen.wait(timeout=10)


def spawn(name: str, argv: list[str], env: dict[str, str], logs: Path) -> Process:
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("w") as out:  # the child keeps its own copy of the descriptor
        popen = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Process(name, popen, log)


def flask(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Run a `flask --app run ...` command to completion; its output, or the test fails with it."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "run", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        pytest.fail(f"flask {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def app_server(name: str, env: dict[str, str], logs: Path, workers: int = 2, threads: int = 2) -> tuple[Process, str]:
    """gunicorn with the project's gunicorn.conf.py on a free port; returns once /healthz answers."""
    port = free_port()
    server_env = {**env, "WEB_BIND": f"127.0.0.1:{port}", "WEB_WORKERS": str(workers), "WEB_THREADS": str(threads)}
    process = spawn(name, [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "run:app"], server_env, logs)
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return requests.get(f"{base}/healthz", timeout=10).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_for(answers, 60, [process], what=f"{name} to answer /healthz")
    except BaseException:
        process.stop()
        raise
    return process, base


def job_process(name: str, env: dict[str, str], logs: Path, run_now: tuple[str, ...] = (),
                pause: float | None = None) -> Process:
    """`flask scheduler`; with `pause`, tests/fault_scheduler.py's copy that pauses between reminder kinds."""
    extra = [arg for job in run_now for arg in ("--run-now", job)]
    if pause is None:
        argv = [sys.executable, "-m", "flask", "--app", "run", "scheduler", *extra]
    else:
        argv = [sys.executable, "-m", "tests.fault_scheduler", str(pause), "--app", "run", "scheduler", *extra]
    return spawn(name, argv, env, logs)


def wait_for(predicate: Callable[[], object], timeout: float, watched: list[Process], what: str = "a condition"):
    """Poll until `predicate()` is truthy; fail with the logs of the watched processes if one dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        for process in watched:
            if not process.alive():
                pytest.fail(f"{process.name} exited ({process.popen.returncode}) while waiting for {what}:\n"
                            f"{process.output()[-6000:]}")
        time.sleep(0.2)
    logs = "\n".join(f"--- {p.name}\n{p.output()[-4000:]}" for p in watched)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{logs}")


@dataclass
class Person:
    """Someone at a browser: one cookie jar, whichever server answers (cookies are per host, not per port).

    Not the `auth` fixture: that drives a Flask test client inside this process, where these tests talk HTTP to
    real servers in other processes, so the sign-in goes through the form with its CSRF token like a browser's."""

    username: str
    password: str = PASSWORD
    http: requests.Session = field(default_factory=requests.Session)
    token: str = ""

    def form_token(self, url: str) -> str:
        page = self.http.get(url, timeout=30)
        assert page.status_code == 200, (url, page.status_code)
        found = CSRF.search(page.text)
        assert found, f"no CSRF token on {url}"
        return found.group(1)

    def sign_in(self, base: str) -> Person:
        response = self.attempt(base, self.password)
        assert response.status_code == 302, (response.status_code, response.text[:500])
        self.token = self.form_token(f"{base}/petitions/new") if self._may_record(base) else self.token
        return self

    def attempt(self, base: str, password: str) -> requests.Response:
        token = self.form_token(f"{base}/auth/login")
        return self.http.post(f"{base}/auth/login", data={"username": self.username, "password": password,
                                                          "csrf_token": token}, allow_redirects=False, timeout=30)

    def _may_record(self, base: str) -> bool:
        return self.http.get(f"{base}/petitions/new", timeout=30, allow_redirects=False).status_code == 200

    def record(self, base: str, content: str, session_id: int | None = None, timeout: float = 30) -> requests.Response:
        """Post the new-recommendation form (a clerk's write); 302 to the item's page when it was saved."""
        data = {"content": content, "summary": content[:80], "channel": "letter", "locality": "phường Hà Đông",
                "voter_name": "", "session": str(session_id or ""), "timing": "after", "csrf_token": self.token}
        return self.http.post(f"{base}/petitions/new", data=data, allow_redirects=False, timeout=timeout)
