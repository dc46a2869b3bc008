"""Writing the append-only event log, one event per change, in the same flush as the change."""
from __future__ import annotations

from datetime import date
from typing import Any

from app import clock
from app.extensions import db
from app.models import Event, Petition, User


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):  # most values: an import writes 30,000 events
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def record_event(
    petition: Petition,
    actor: User | None,
    action: str,
    from_state: str | None,
    to_state: str | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    if petition.id is None:
        db.session.flush()  # a new petition needs its id before its first event
    event = Event(**event_row(petition.id, actor, action, from_state, to_state, reason, data))
    db.session.add(event)
    return event


def event_row(petition_id: int, actor: User | None, action: str, from_state: str | None, to_state: str | None,
              reason: str = "", data: dict[str, Any] | None = None) -> dict[str, Any]:
    """One event's column values: what record_event adds, and what a batch inserts in one executemany."""
    return {"petition_id": petition_id, "at": clock.utcnow(), "actor_id": actor.id if actor is not None else None,
            "action": action, "from_state": from_state, "to_state": to_state, "reason": reason or "",
            "data": _jsonable(data) if data else None}


def history(petition: Petition) -> list[Event]:
    return list(
        db.session.scalars(
            db.select(Event).where(Event.petition_id == petition.id).order_by(Event.at, Event.id)
        )
    )
