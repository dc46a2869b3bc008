"""The command line's edge: one service call, then commit, or roll back and exit with the user's message."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.services.errors import DomainError, lost_race


def commit_or_fail(call: Callable[[], Any]) -> Any:
    """The command line's edge: run one service call and commit, or roll back and exit with its message."""
    try:
        value = call()
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        problems = [f"- {p}" for p in getattr(exc, "problems", [])]  # an import's problems, row by row
        raise click.ClickException("\n".join([exc.message, *problems])) from exc
    except IntegrityError as exc:  # a unique key refused what another writer saved first (errors.lost_race)
        db.session.rollback()
        if (conflict := lost_race(exc)) is None:
            raise
        raise click.ClickException(conflict.message) from exc
    return value
