"""The job lease (quyền chạy việc nền): of several job processes started against one database, one runs the jobs.

One row of `scheduler_lease` names the holder. The holder bumps the row's `generation` every quarter of the
lease; a standby that has seen the same generation for a whole lease period concludes that the holder died (or
lost the database) and takes the row over with a compare-and-set on that generation, so of two standbys racing
only one wins. Each process measures time on its own monotonic clock: servers need not agree on the time, and a
clock stopped for a demo (CLOCK_FROZEN_AT) cannot stop a takeover.

Safety does not rest on the lease alone: the holder considers itself entitled to run jobs only for three
quarters of the lease after the start of its last successful renewal, while a standby waits at least a whole
lease after the commit of that renewal; and every job is idempotent anyway (unique notice keys, leased outbox
messages, claimed report runs), so even an overlap in the worst case sends nothing twice.
"""
from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from app import clock
from app.models import SchedulerLease

log = logging.getLogger("kien_nghi.scheduler")
LEASE_NAME = "jobs"
_lease = SchedulerLease.__table__


def process_id() -> str:
    """host:pid:random, so the operations page says which machine runs the jobs, and a restarted process with a
    recycled pid is still someone else."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class JobLease:
    """This process's view of the lease: claim it, renew it, know whether it may run jobs now, release it.

    Every method talks to the database in its own short transaction on `engine` and never raises for a database
    that cannot be reached: the lease is then simply not claimed or not renewed, and `held()` runs out.
    """

    def __init__(self, engine: Engine, seconds: float, holder: str | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self.seconds = float(seconds)
        self.holder = holder or process_id()
        self._monotonic = monotonic
        self._renewed_at: float | None = None  # start of our last successful claim or renewal
        self._seen: tuple[str | None, int] | None = None  # the other holder's (holder, generation) ...
        self._seen_since = 0.0  # ... unchanged since this moment

    @property
    def interval(self) -> float:
        """How often the holder renews and a standby looks."""
        return self.seconds / 4

    @property
    def watched(self) -> str | None:
        """The other process this standby sees holding the lease, if any."""
        return self._seen[0] if self._seen else None

    def held(self) -> bool:
        """Whether this process may start a job now: it renewed within the safe part of the lease."""
        return self._renewed_at is not None and self._monotonic() - self._renewed_at < self.seconds * 3 / 4

    def current(self) -> tuple[str | None, int] | None:
        """(holder, generation) as stored, or None when no process ever held the lease."""
        with self.engine.connect() as conn:
            row = conn.execute(select(_lease.c.holder, _lease.c.generation)
                               .where(_lease.c.name == LEASE_NAME)).first()
        return (row.holder, row.generation) if row else None

    def try_claim(self) -> bool:
        """Take the lease if it is free, released, ours, or its holder has not renewed it for a whole lease."""
        started = self._monotonic()
        try:
            stored = self.current()
            if stored is None:
                return self._insert(started)
            holder, generation = stored
            if holder is not None and holder != self.holder:
                if stored != self._seen:  # the holder is alive (or a new one came): start watching again
                    self._seen, self._seen_since = stored, started
                    return False
                if started - self._seen_since < self.seconds:
                    return False
            return self._take(generation, started, previous=holder)
        except SQLAlchemyError as exc:
            log.warning("scheduler %s: could not read the job lease (%s)", self.holder, type(exc).__name__)
            return False

    def _insert(self, started: float) -> bool:
        now = clock.utcnow()
        try:
            with self.engine.begin() as conn:
                conn.execute(_lease.insert().values(name=LEASE_NAME, holder=self.holder, generation=1,
                                                    acquired_at=now, renewed_at=now))
        except IntegrityError:
            return False  # another process inserted it first: it holds the lease now
        self._renewed_at = started
        return True

    def _take(self, generation: int, started: float, previous: str | None) -> bool:
        now = clock.utcnow()
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(_lease).where(_lease.c.name == LEASE_NAME, _lease.c.generation == generation)
                .values(holder=self.holder, generation=generation + 1, acquired_at=now, renewed_at=now)
            ).rowcount == 1
        if taken:
            self._renewed_at, self._seen = started, None
            if previous is not None and previous != self.holder:
                log.warning("scheduler %s: took the job lease over from %s, which stopped renewing it",
                            self.holder, previous)
        return taken

    def renew(self) -> bool:
        """Extend the lease; False when another process has taken it (then `held()` is False at once) or the
        database cannot be reached (then `held()` runs out three quarters of a lease after the last renewal)."""
        started = self._monotonic()
        try:
            with self.engine.begin() as conn:
                renewed = conn.execute(
                    update(_lease).where(_lease.c.name == LEASE_NAME, _lease.c.holder == self.holder)
                    .values(generation=_lease.c.generation + 1, renewed_at=clock.utcnow())
                ).rowcount == 1
        except SQLAlchemyError as exc:
            log.warning("scheduler %s: could not renew the job lease (%s)", self.holder, type(exc).__name__)
            return False
        if renewed:
            self._renewed_at = started
        else:
            self._renewed_at = None
            log.warning("scheduler %s: the job lease was taken over by another process", self.holder)
        return renewed

    def release(self) -> None:
        """Give the lease up on a clean stop, so that a standby takes over at its next look."""
        self._renewed_at = None
        try:
            with self.engine.begin() as conn:
                conn.execute(update(_lease).where(_lease.c.name == LEASE_NAME, _lease.c.holder == self.holder)
                             .values(holder=None, generation=_lease.c.generation + 1))
        except SQLAlchemyError as exc:
            log.warning("scheduler %s: could not release the job lease (%s); a standby takes over when it "
                        "runs out", self.holder, type(exc).__name__)
