"""Fault test (issue 15): PostgreSQL restarted under the app, on a throwaway server of the test's own (tests/pgcluster.py;
the shared server is never restarted).

- In one process: pooled connections die with the restart; pre-ping replaces them, so the first page after the
  restart already works (and without pre-ping it would not: the same steps are shown failing).
- Under load: clerks keep recording items through gunicorn while PostgreSQL goes down for three seconds. Errors
  happen only during the outage, and they are 503s that say to retry; none after. Every item a clerk was told was
  saved is in the database exactly once, and nothing else but the writes whose answer was an error.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.conftest import AuthActions
from tests.pgcluster import Cluster
from tests.processes import Person, app_server, environment, flask

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only]
MARK = re.compile(r"\[tải (\d+-\d+)\]")


@pytest.fixture(scope="module")
def cluster():
    server = Cluster().start()
    yield server
    server.stop()


def _prepared(url: str) -> dict:
    from tests.factories import Builder

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        build = Builder()
        # Not the year's first item: the first code of a year is a separate race (see the issue 15 report).
        build.petition()
        names = {"clerk": build.clerk.username, "session": build.session2.id}
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return names


@pytest.mark.parametrize("pre_ping", [True, False], ids=["pre-ping", "without pre-ping"])
def test_pooled_connections_survive_a_restart_thanks_to_pre_ping(cluster, pre_ping):
    url = cluster.create_database(f"ping_{int(pre_ping)}")
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url,
                                     "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": pre_ping}})
    with app.app_context():
        db.create_all()
    names = _prepared(url)
    client = app.test_client()  # each request in its own app context, as in a server: connections go back to the pool
    try:
        signed_in = AuthActions(client).attempt(names["clerk"])
        assert signed_in.status_code == 302
        assert client.get("/petitions").status_code == 200  # a pooled connection now exists
        cluster.restart()
        if pre_ping:
            assert client.get("/petitions").status_code == 200
        else:
            with pytest.raises(OperationalError):
                client.get("/petitions")
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@dataclass
class Outcome:
    started: float
    ended: float
    mark: str
    status: int | None  # None: no answer at all


def _clerk_at_work(person: Person, base: str, session_id: int, worker: int, stop: threading.Event,
                   outcomes: list[Outcome], lock: threading.Lock) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        mark = f"{worker}-{n}"
        started = time.monotonic()
        try:
            status = person.record(base, f"Đề nghị sửa cống thoát nước tổ {n} [tải {mark}]", session_id,
                                   timeout=20).status_code
        except requests.RequestException:
            status = None
        with lock:
            outcomes.append(Outcome(started, time.monotonic(), mark, status))


@pytest.mark.timeout(240)
def test_a_restart_under_load_fails_only_during_the_outage_and_loses_no_write(cluster, tmp_path):
    url = cluster.create_database("under_load")
    env = environment(url, tmp_path / "shared", INSTANCE_PATH=str(tmp_path / "instance"))
    flask(env, "init-db")
    names = _prepared(url)
    server, base = app_server("web", env, tmp_path / "logs", workers=2, threads=2)
    stop, lock, outcomes = threading.Event(), threading.Lock(), []
    clerks = [Person(names["clerk"]).sign_in(base) for _ in range(4)]
    workers = [threading.Thread(target=_clerk_at_work, args=(clerk, base, names["session"], i, stop, outcomes, lock))
               for i, clerk in enumerate(clerks)]
    engine = create_engine(url)
    try:
        for worker in workers:
            worker.start()
        time.sleep(4)
        down = time.monotonic()
        cluster.restart(down_for=3)
        up = time.monotonic()
        time.sleep(6)
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
        assert server.alive(), server.output()[-3000:]

        saved = [o for o in outcomes if o.status == 302]
        failed = [o for o in outcomes if o.status != 302]
        print(f"{len(saved)} saved, {len(failed)} refused during a {up - down:.1f} s outage")
        assert len([o for o in saved if o.ended < down]) >= 5  # the load ran before ...
        after = [o for o in outcomes if o.started > up + 1.0]
        assert len(after) >= 5 and all(o.status == 302 for o in after), [o.status for o in after]  # ... and after
        # Errors only while the server was down (a request may straddle the edges), and they say "retry later".
        assert failed, "the outage was not felt: the test did not restart anything"
        late = [(round(o.started - up, 2), round(o.ended - up, 2), o.status) for o in failed
                if not (o.started < up + 1.0 and o.ended > down)]
        assert late == [], server.output()[-5000:]
        assert {o.status for o in failed} == {503}, [o.status for o in failed]
        assert "Database unavailable" in server.output()

        with engine.connect() as conn:
            contents = conn.execute(text("SELECT content FROM petition WHERE content LIKE '%[tải %'")).scalars().all()
        stored = [MARK.search(c).group(1) for c in contents]
        assert len(stored) == len(set(stored))  # nothing written twice
        assert {o.mark for o in saved} <= set(stored)  # no write lost: every "saved" is there
        assert set(stored) <= {o.mark for o in outcomes}  # and nothing but what was asked for
        assert len(set(stored) - {o.mark for o in saved}) <= len(failed)
    finally:
        stop.set()
        server.stop()
        engine.dispose()
