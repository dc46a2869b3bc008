"""Health of one server, for the reverse proxy, the load balancer and the service manager: alive (answers at all,
no database), ready (the database answers and its schema is at the newest migration), reachable (the old check)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db

log = logging.getLogger("kien_nghi.health")


@dataclass(frozen=True)
class Readiness:
    """What /readyz answers: codes for machines, never an exception's text (it would name hosts and users)."""

    database: str  # ok | unreachable
    migrations: str  # current | behind | ahead | unknown

    @property
    def ready(self) -> bool:
        return self.database == "ok" and self.migrations == "current"

    def as_json(self) -> dict:
        return {"status": "ok" if self.ready else "unavailable", "database": self.database,
                "migrations": self.migrations}


@cache
def _scripts(directory: str) -> ScriptDirectory:
    """The migration scripts shipped with this code: read once per process, they change only with a new release
    (which restarts the process)."""
    return ScriptDirectory(directory)


def _migrations_state(applied: frozenset[str]) -> str:
    """current: the database has exactly this code's newest migration; behind: it lacks some (run init-db);
    ahead: it has a migration this code does not know (a newer release migrated it: upgrade this server)."""
    scripts = _scripts(str(Path(current_app.extensions["migrate"].directory)))
    if applied == frozenset(scripts.get_heads()):
        return "current"
    for revision in applied:
        try:
            scripts.get_revision(revision)
        except CommandError:
            return "ahead"
    return "behind"


def readiness() -> Readiness:
    """Whether this server can serve requests: the database answers and has every migration of this code."""
    try:
        with db.engine.connect() as conn:
            applied = frozenset(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError as exc:
        log.warning("readiness: database unreachable (%s)", type(exc).__name__)
        return Readiness(database="unreachable", migrations="unknown")
    state = _migrations_state(applied)
    if state != "current":
        log.warning("readiness: the database's migrations are %s this code's (database at %s)", state,
                    sorted(applied) or "no migration")
    return Readiness(database="ok", migrations=state)


def database_reachable() -> bool:
    """The old /health check: one trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.warning("health: database unreachable (%s)", type(exc).__name__)
        return False
    return True
