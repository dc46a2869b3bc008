"""The job lease (app/jobs/lease.py): of several job processes on one database, one runs the jobs; a standby takes
over only after a whole lease without renewal; a holder that cannot renew stops in time. Each lease here is a
separate JobLease on the suite's database, as separate processes would be; their monotonic clocks are driven by the
test, so a lease period passes without waiting for it."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select

from app.extensions import db
from app.jobs.lease import JobLease
from app.models import SchedulerLease
from tests.race import run_together
from tests.smtp_server import free_port

SECONDS = 30


class Ticks:
    """A process's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks():
    return Ticks()


def lease(name: str, ticks: Ticks) -> JobLease:
    return JobLease(db.engine, SECONDS, holder=name, monotonic=ticks)


def stored() -> SchedulerLease | None:
    db.session.expire_all()
    return db.session.get(SchedulerLease, "jobs")


def test_the_first_process_holds_the_lease_and_a_second_stands_by(db_app, ticks):
    first, second = lease("server-1:101:a", ticks), lease("server-2:202:b", ticks)
    assert first.try_claim() and first.held()
    assert not second.try_claim() and not second.held()
    assert second.watched == "server-1:101:a"
    assert stored().holder == "server-1:101:a"


def test_a_standby_waits_a_whole_lease_without_renewal_then_takes_over(db_app, ticks):
    first, second = lease("server-1:101:a", ticks), lease("server-2:202:b", ticks)
    assert first.try_claim()
    assert not second.try_claim()  # starts watching the holder's generation
    for _ in range(12):  # three lease periods of a live holder: renewed every quarter, never taken over
        ticks.now += first.interval
        assert first.renew() and first.held()
        assert not second.try_claim()
    # The holder dies (stops renewing). Just short of a whole lease, the standby still waits.
    ticks.now += SECONDS - 0.1
    assert not second.try_claim()
    ticks.now += 0.1
    assert second.try_claim() and second.held()
    assert stored().holder == "server-2:202:b"
    # Had the old holder only been frozen, it learns at its next renewal that the jobs are no longer its own.
    assert not first.renew() and not first.held()


def test_a_holder_that_cannot_renew_stops_before_a_standby_may_take_over(db_app, ticks):
    first = lease("server-1:101:a", ticks)
    assert first.try_claim()
    ticks.now += SECONDS * 3 / 4 - 0.01
    assert first.held()
    ticks.now += 0.01  # three quarters of a lease without renewal: a standby may be a quarter away from taking over
    assert not first.held()


def test_an_unreachable_database_neither_claims_nor_raises(db_app, ticks):
    engine = create_engine(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none",
                           connect_args={"connect_timeout": 2})
    try:
        orphan = JobLease(engine, SECONDS, holder="server-3:303:c", monotonic=ticks)
        assert not orphan.try_claim() and not orphan.renew() and not orphan.held()
        orphan.release()
    finally:
        engine.dispose()


def test_a_released_lease_is_taken_at_the_next_look(db_app, ticks):
    first, second = lease("server-1:101:a", ticks), lease("server-2:202:b", ticks)
    assert first.try_claim()
    assert not second.try_claim()
    first.release()
    assert not first.held() and stored().holder is None
    assert second.try_claim()  # no lease period to wait: the holder said it stopped


def test_a_holder_that_lost_the_database_takes_its_own_lease_back(db_app, ticks):
    first, second = lease("server-1:101:a", ticks), lease("server-2:202:b", ticks)
    assert first.try_claim()
    assert not second.try_claim()
    ticks.now += SECONDS * 3 / 4  # no renewal got through: the holder stopped its jobs ...
    assert not first.held()
    assert first.try_claim() and first.held()  # ... and nobody took over: it resumes at once
    assert not second.try_claim()  # the generation moved: the standby watches again from now


def test_of_standbys_racing_for_a_dead_holders_lease_exactly_one_wins(db_app, ticks):
    dead = lease("server-1:101:a", ticks)
    assert dead.try_claim()
    db.session.commit()
    standbys = [lease(f"server-{n}:{n}0{n}:x", ticks) for n in range(2, 6)]
    for standby in standbys:
        assert not standby.try_claim()
    ticks.now += SECONDS
    pending = iter(standbys)
    results = run_together(db_app, len(standbys), lambda: next(pending).try_claim())
    assert sorted(results) == [False, False, False, True]
    winner = db.session.scalar(select(SchedulerLease.holder))
    assert [s.holder for s in standbys if s.held()] == [winner]


def test_the_operations_page_names_the_job_process_in_charge(client, auth, build, ticks):
    auth.login(build.admin)
    assert "Không có tiến trình nào đang chạy việc nền" in client.get("/admin/ops/").get_data(as_text=True)
    holder = lease("server-1:101:a", ticks)
    assert holder.try_claim()
    page = client.get("/admin/ops/").get_data(as_text=True)
    assert "server-1:101:a" in page and "Không có tiến trình nào" not in page
    holder.release()  # a clean stop: nobody runs the jobs any more, and the page says so again
    assert "Không có tiến trình nào đang chạy việc nền" in client.get("/admin/ops/").get_data(as_text=True)
