"""Guessing one account in parallel (issue 13): wrong passwords fired at once at two gunicorn servers (several
workers and threads each) sharing one database. The throttle's check and its record of the failure are one step
per account, so no more passwords are checked than the free allowance, however many requests race; meanwhile
another person, from another address, signs in to their own account at once."""
from __future__ import annotations

import threading

import pytest
import requests
from sqlalchemy import create_engine, text

from app import clock, create_app
from app.extensions import db
from config import TestingConfig
from tests.factories import PASSWORD
from tests.processes import CSRF, app_server, environment, flask

pytestmark = pytest.mark.slow
GUESSES = 40
WRONG = "khong-phai-mat-khau-9"


def prepare(url: str) -> dict[str, str]:
    from tests.factories import Builder

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        try:
            build = Builder()
            names = {"target": build.clerk.username, "other": build.committee.username}
            db.session.commit()
            return names
        finally:
            clock.set_now(None)
            db.session.remove()
            db.engine.dispose()


def ready_attempt(base: str, username: str, password: str, address: str):
    """A browser that has the sign-in form open (its CSRF token): the post, ready to be sent."""
    http = requests.Session()
    http.headers["X-Forwarded-For"] = address  # the servers trust one proxy: this is the client's address
    token = CSRF.search(http.get(f"{base}/auth/login", timeout=60).text).group(1)
    data = {"username": username, "password": password, "csrf_token": token}
    return lambda: http.post(f"{base}/auth/login", data=data, allow_redirects=False, timeout=120)


@pytest.mark.timeout(300)
def test_parallel_wrong_passwords_check_no_more_than_the_free_allowance(fresh_database_url, tmp_path):
    url, logs = fresh_database_url, tmp_path / "logs"
    env = environment(url, tmp_path / "shared", TRUSTED_PROXIES="1")
    flask({**env, "INSTANCE_PATH": str(tmp_path / "cli")}, "init-db")
    names = prepare(url)
    servers = []
    engine = create_engine(url)
    try:
        for name in ("web-a", "web-b"):
            server, base = app_server(name, {**env, "INSTANCE_PATH": str(tmp_path / name)}, logs,
                                      workers=2, threads=4)
            servers.append((server, base))
        bases = [base for _, base in servers]
        guesses = [ready_attempt(bases[i % 2], names["target"], WRONG, "198.51.100.7") for i in range(GUESSES)]
        honest = ready_attempt(bases[1], names["other"], PASSWORD, "192.0.2.5")
        start = threading.Barrier(GUESSES + 1)
        answers: list = [None] * (GUESSES + 1)

        def send(i, post):
            start.wait()
            answers[i] = post()

        threads = [threading.Thread(target=send, args=(i, post)) for i, post in enumerate([*guesses, honest])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(200)
        statuses = [a.status_code if a is not None else None for a in answers]
        assert statuses[-1] == 302, statuses  # the other account signed in from its own address meanwhile
        assert set(statuses[:-1]) <= {200, 429}, statuses  # wrong ("not right") or "wait": never a 5xx

        with engine.connect() as conn:
            checked = conn.execute(text("SELECT count(*) FROM login_failure WHERE username = :u"),
                                   {"u": names["target"]}).scalar()
            logged = conn.execute(text("SELECT count(*) FROM account_event WHERE username = :u "
                                       "AND kind = 'sign_in_failed'"), {"u": names["target"]}).scalar()
            addresses = set(conn.execute(text("SELECT DISTINCT ip FROM login_failure")).scalars())
        free = TestingConfig.LOGIN_FREE_FAILURES
        assert checked == logged, (checked, logged)
        assert checked == free, f"{checked} passwords checked for {GUESSES} parallel guesses; {free} allowed"
        assert statuses[:-1].count(429) == GUESSES - free + 1  # the fifth failure starts the wait
        assert addresses == {"198.51.100.7"}
    finally:
        for server, _ in servers:
            server.stop()
        engine.dispose()
