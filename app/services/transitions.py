"""The single path by which a petition changes state: permission, version check, transition, event, flush.

`move` moves one stored petition. `create_many` is the same door for many new ones at once (a sheet's import):
each is recorded and taken through its steps with the same permission and lifecycle checks, asked once per
distinct case rather than once per row; the rows, their events, coordinating agencies and search-index rows are
written in bulk (`services.bulk`: COPY on PostgreSQL, executemany on SQLite), chunk by chunk.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app import permissions
from app.extensions import db
from app.models import Event, Petition, User, petition_coordinator
from app.services import bulk
from app.services.audit import event_row, record_event
from app.services.errors import Conflict, InvalidData
from app.services.search import index as search_index
from workflows import petition as workflow
from workflows.messages import N_

STALE_MESSAGE = N_(
    "Kiến nghị này vừa được người khác cập nhật. Vui lòng tải lại trang để xem trạng thái mới "
    "rồi thực hiện lại thao tác."
)


def check_version(petition: Petition, expected_version: int | None) -> None:
    """Refuse to act on what the user saw if someone has changed the petition since."""
    if expected_version is not None and petition.version != expected_version:
        raise Conflict(STALE_MESSAGE)


def flush() -> None:
    """Flush, turning a lost optimistic-lock race into a Conflict the edges understand."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise Conflict(STALE_MESSAGE) from exc


def authorize(user: User, action: str, petition: Petition) -> None:
    """403 before anything else when the role or agency may never take `action` on this petition (a service
    that reads the item before it moves it asks first); permissions decide."""
    permissions.require_action(user, action, petition)


def move(
    petition: Petition,
    action: str,
    user: User,
    *,
    expected_version: int | None = None,
    reason: str = "",
    event_data: dict[str, Any] | None = None,
    **guard_data: Any,
) -> Event:
    """Fire `action` on `petition` as `user` and log it; the caller sets the action's own fields.

    403 when the role or agency may never do this, 409 when the state does not allow it now
    (or the petition changed since the user saw it), 400 when required data is missing.
    """
    authorize(user, action, petition)
    check_version(petition, expected_version)
    # Once the page is known to be current: the rules that follow the state (an officer's proposed return).
    permissions.require_action(user, action, petition, as_it_stands=True)
    case = workflow.Case(status=petition.status, id=petition.id)
    before = petition.status
    try:
        after = workflow.fire(case, action, reason=reason, **guard_data)
    except workflow.IllegalTransition as exc:
        raise Conflict(exc.template, **exc.params) from exc
    except workflow.GuardFailed as exc:
        raise InvalidData(exc.template, **exc.params) from exc
    petition.status = after
    if after in workflow.TERMINAL_STATES and petition.id is not None:
        # A closed item must not keep reminding anyone: cancel its unsent notices in the same transaction.
        from app.services.notices.notifications import cancel_for_petition

        with db.session.no_autoflush:  # the caller sets the action's own fields (CHECKs) after move()
            cancel_for_petition(petition.id)
    return record_event(petition, user, action, before, after, reason=reason, data=event_data)


# --- Many new petitions at once -------------------------------------------------------------------------

INITIAL_STATE = "recorded"
CHUNK = 1000  # rows per step: bounded memory, and a progress callback between chunks


@dataclass(frozen=True)
class Step:
    """One step of a new petition's history after it is recorded: a lifecycle action (checked like `move`,
    with `guard` as its data), or with `moves=False` a note that records without moving (an import's provenance)."""

    action: str
    reason: str = ""
    event_data: dict[str, Any] | None = None
    guard: tuple[tuple[str, Any], ...] = ()
    moves: bool = True


@dataclass
class NewPetition:
    """A petition to create: its column values (the same keys for every one of a batch; no status, no version),
    the steps it goes through at once and its coordinating agencies' ids."""

    values: dict[str, Any]
    steps: Sequence[Step] = field(default_factory=tuple)
    coordinating: Sequence[int] = ()


def create_many(user: User, items: Sequence[NewPetition],
                on_chunk: Callable[[int], None] | None = None) -> list[int]:
    """Record `items` and take each through its steps; returns their ids in order (flushes, never commits).

    The checks are move()'s: `permissions.can` (check_state=False) for the role and agency, then the lifecycle on a
    plain Case. Their outcome depends only on (state, action, lead agency, data), so each distinct case is fired
    once; a refusal refuses the whole batch with move()'s status (403, 409, 400) before anything is written.
    The rows bypass the ORM, so the search index is refreshed here, as a flush would have. `on_chunk(n)` is told
    how many rows are written so far, after each chunk.
    """
    permissions.require(user, "record")
    outcomes: dict[tuple, str] = {}
    planned: list[tuple[dict[str, Any], list[tuple], Sequence[int]]] = []
    for item in items:
        status, history = INITIAL_STATE, [("record", None, INITIAL_STATE, "", {"code": item.values["code"]})]
        for step in item.steps:
            if not step.moves:
                history.append((step.action, status, status, step.reason, step.event_data))
                continue
            key = (status, step.action, item.values.get("lead_agency_id"), step.guard, bool(step.reason.strip()))
            if key not in outcomes:
                outcomes[key] = _fire_new(user, status, step, item.values.get("lead_agency_id"))
            history.append((step.action, status, outcomes[key], step.reason, step.event_data))
            status = outcomes[key]
        planned.append(({**item.values, "status": status, "version": 1}, history, item.coordinating))
    flush()  # what the session holds (agencies, meetings) exists before the rows that point at it
    ids: list[int] = []
    for start in range(0, len(planned), CHUNK):
        chunk = planned[start:start + CHUNK]
        chunk_ids = _insert_petitions([values for values, _history, _coordinating in chunk])
        # In order: an item's history reads by (at, id), and a COPY numbers its rows in the order sent.
        bulk.insert_rows(Event.__table__, [event_row(pid, user, *step) for pid, (_values, history, _c)
                                           in zip(chunk_ids, chunk, strict=True) for step in history])
        bulk.insert_rows(petition_coordinator, [{"petition_id": pid, "agency_id": agency_id} for pid, (_v, _h, agencies)
                                                in zip(chunk_ids, chunk, strict=True) for agency_id in agencies])
        search_index.refresh(chunk_ids, new=True, written={
            pid: search_index.Written(values, coordinating)
            for pid, (values, _history, coordinating) in zip(chunk_ids, chunk, strict=True)})
        ids += chunk_ids
        if on_chunk is not None:
            on_chunk(len(ids))
    return ids


def _insert_petitions(rows: list[dict[str, Any]]) -> list[int]:
    """Insert the rows; their ids in order. PostgreSQL: ids drawn first, then one COPY. SQLite: one executemany,
    then the ids read back by code (its RETURNING cannot be batched in order)."""
    table = Petition.__table__
    ids = bulk.new_ids(table, len(rows))
    if ids is not None:
        bulk.insert_rows(table, [{"id": pid, **values} for pid, values in zip(ids, rows, strict=True)])
        return ids
    bulk.insert_rows(table, rows)
    codes = [values["code"] for values in rows]
    id_of = dict(db.session.execute(select(Petition.code, Petition.id).where(Petition.code.in_(codes))).all())
    return [id_of[code] for code in codes]


def _fire_new(user: User, status: str, step: Step, lead_agency_id: int | None) -> str:
    """move()'s checks for a new petition in `status` (not stored yet): the state it ends in, or the refusal."""
    case = Petition(status=status, lead_agency_id=lead_agency_id)  # transient: never added to the session
    permissions.require_action(user, step.action, case, as_it_stands=True)
    try:
        return workflow.fire(workflow.Case(status=status), step.action, reason=step.reason, **dict(step.guard))
    except workflow.IllegalTransition as exc:
        raise Conflict(exc.template, **exc.params) from exc
    except workflow.GuardFailed as exc:
        raise InvalidData(exc.template, **exc.params) from exc
