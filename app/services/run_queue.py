"""The queue of runs one person waits for (large reports, large imports): one machinery for both.

The web inserts a queued row; a job process claims it with an atomic UPDATE (two job processes never take the
same run), beats a heartbeat while it works, and any job process gives up runs whose worker stopped beating,
so their page says so and their owner may try again. Each claim bumps `attempt`, and every write of the worker
is fenced by it: a worker given up as dead can no longer touch a run that was given up, retried or deleted.

The model needs the columns `id`, `user_id`, `state` ('queued', 'running', 'done', 'failed'), `attempt`,
`queued_at`, `started_at`, `heartbeat_at` and `finished_at`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, or_, select, update

from app import clock
from app.extensions import db
from app.services.errors import NotFound

KEEP = timedelta(days=1)  # a run is a result waiting to be fetched, not a record of the council's work
STALE = timedelta(minutes=5)  # far longer than any gap between two heartbeats of a live worker


@dataclass(frozen=True)
class Claim:
    """A run taken by one worker; `attempt` fences off a worker whose claim was given up."""

    run_id: str
    attempt: int


class Superseded(Exception):  # noqa: N818 - not an error of the user's: the worker just stops
    """The worker's claim is no longer the run's current one (given up as stalled, retried, or deleted)."""


@dataclass(frozen=True)
class RunQueue:
    """The queue of one kind of run: `model` is its table, `gone` the message of an unknown run, `stalled` the
    error a run given up is shown with, `require_owner(user, owner_id)` the permission to read a run, and
    `claimed` what else a claim writes (an import starts in its "checking" phase)."""

    model: Any
    gone: str
    stalled: str
    require_owner: Callable[[Any, int], None]
    claimed: dict[str, Any] = field(default_factory=dict)

    # --- The web's side --------------------------------------------------------------------------------

    def get(self, run_id: str, user) -> Any:
        """The run, for its owner only; an unknown (or deleted) run is a 404."""
        run = db.session.get(self.model, run_id) if run_id.isalnum() and len(run_id) <= 32 else None
        if run is None:
            raise NotFound(self.gone)
        self.require_owner(user, run.user_id)
        return run

    # --- The job's side --------------------------------------------------------------------------------

    def claim(self) -> Claim | None:
        """Take the oldest queued run for this worker, or None; the caller commits before working.

        The state is tested again in the UPDATE itself: on PostgreSQL a second worker that chose the same
        row waits for the first one's lock, re-checks the committed row and takes nothing.
        """
        model = self.model
        oldest = select(model.id).where(model.state == "queued").order_by(model.queued_at, model.id).limit(1)
        if db.session.scalar(oldest) is None:
            return None  # the usual case every few seconds: read only, so no write lock is taken
        now = clock.utcnow()
        row = db.session.execute(
            update(model).where(model.id == oldest.scalar_subquery(), model.state == "queued")
            .values(state="running", attempt=model.attempt + 1, started_at=now, heartbeat_at=now, **self.claimed)
            .returning(model.id, model.attempt).execution_options(synchronize_session=False)).first()
        return Claim(row.id, row.attempt) if row else None

    def _still_held(self, claim: Claim):
        model = self.model
        return (model.id == claim.run_id) & (model.attempt == claim.attempt) & (model.state == "running")

    def beat(self, claim: Claim, **progress) -> None:
        """Record progress and the heartbeat; raises Superseded when the run is no longer this worker's."""
        result = db.session.execute(update(self.model).where(self._still_held(claim))
                                    .values(heartbeat_at=clock.utcnow(), **progress)
                                    .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise Superseded(claim.run_id)

    def mark_failed(self, claim: Claim, **outcome) -> None:
        """Mark a claimed run failed with `outcome` (its error, and so on), if the claim is still the current one."""
        db.session.execute(update(self.model).where(self._still_held(claim))
                           .values(state="failed", finished_at=clock.utcnow(), **outcome)
                           .execution_options(synchronize_session=False))

    def fail_stalled(self) -> int:
        """Runs whose worker stopped beating (its process was killed or recycled) are failed, so their page says
        so; returns how many."""
        model, now = self.model, clock.utcnow()
        stalled = (model.state == "running") & or_(model.heartbeat_at.is_(None), model.heartbeat_at < now - STALE)
        if db.session.scalar(select(model.id).where(stalled).limit(1)) is None:
            return 0
        result = db.session.execute(update(model).where(stalled)
                                    .values(state="failed", error=self.stalled, finished_at=now)
                                    .execution_options(synchronize_session=False))
        return result.rowcount or 0

    def clean_old(self, before_delete: Callable[[Any], None] | None = None) -> int:
        """Delete runs finished, or queued and never picked up, more than a day ago (`before_delete(run)` removes
        what a run left elsewhere, such as its file); returns how many."""
        model, cutoff = self.model, clock.utcnow() - KEEP
        old = db.session.scalars(select(model).where(
            model.state != "running", func.coalesce(model.finished_at, model.queued_at) < cutoff)).all()
        for run in old:
            if before_delete is not None:
                before_delete(run)
            db.session.delete(run)
        db.session.flush()
        return len(old)
