"""Every item as it stood at the end of a day, rebuilt from the event log (petition_event), never from today's columns.

One row per item recorded by the cut-off, with: its state (the last transition's `to_state`), its lead agency (the
agency of its last transfer; before any transfer, the agency the office proposes), its due and very-overdue dates
(the last deadline event), the committee's result category (the last accept / accept on a roadmap / mark done),
when it was first transferred, when the agency first submitted an answer, the transfer it replied to and the due date
then in force, how many new answers were requested, and whether a roadmap was marked done. "Today" is simply the end of today, so the
figures of a day in the past and of today come from the same query.

Events are ordered by (at, id): two events of one request share their time, and the id keeps their order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import CTE, ColumnElement, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from app import clock
from app.models import Event, Petition, User
from app.services.reporting.metrics.sql import json_date, json_int, json_text, local_date

TRANSFER = "transfer"
SUBMIT = "submit_answer"
DEADLINE_ACTIONS = ("deadline_set", "deadline_recomputed")
VERDICT_ACTIONS = ("accept", "accept_on_roadmap", "mark_done")


@dataclass(frozen=True)
class Scope:
    """Which items a figure counts, and at the end of which day (in APP_TIMEZONE)."""

    as_of: date
    where: tuple[ColumnElement[bool], ...] = field(default_factory=tuple)  # conditions on Petition
    agency_id: int | None = None  # the lead agency as of the day (the agency that returned, for returns)

    @property
    def cutoff(self) -> datetime:
        return cutoff(self.as_of)

    @property
    def offset_minutes(self) -> int:
        return offset_minutes(self.as_of)


def cutoff(day: date) -> datetime:
    """The end of `day` in the council's time zone, as the naive UTC the events are stored in."""
    end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=clock.timezone())
    return end.astimezone(UTC).replace(tzinfo=None)


def offset_minutes(day: date) -> int:
    """The council's offset from UTC on that day (a stored time's local date is judged with it)."""
    moment = datetime.combine(day, time(12, 0), tzinfo=clock.timezone())
    return int(moment.utcoffset().total_seconds() // 60)


def _pick(scope: Scope, condition, column, earliest: bool = False) -> ColumnElement:
    """`column` of the item's latest (or earliest) event meeting `condition` up to the cut-off: one walk of the
    (petition_id, at, id) index per item, which stops at the first event that qualifies."""
    e = aliased(Event)
    order = (e.at.asc(), e.id.asc()) if earliest else (e.at.desc(), e.id.desc())
    return (select(column(e)).where(e.petition_id == Petition.id, e.at < scope.cutoff, condition(e))
            .order_by(*order).limit(1).correlate(Petition).scalar_subquery())


def _count(scope: Scope, action: str) -> ColumnElement:
    e = aliased(Event)
    return (select(func.count()).where(e.petition_id == Petition.id, e.at < scope.cutoff, e.action == action)
            .correlate(Petition).scalar_subquery())


def _due(e) -> ColumnElement:
    return json_date(func.coalesce(json_text(e.data, "due"), json_text(e.data, "new_due")))


def _very(e) -> ColumnElement:
    return json_date(func.coalesce(json_text(e.data, "very_overdue"), json_text(e.data, "new_very_overdue")))


def _due_in_force_at(scope: Scope, first_answer_at: ColumnElement) -> ColumnElement:
    """Fallback for answers submitted before their event carried the due date: the last deadline event then."""
    e = aliased(Event)
    return (select(_due(e)).where(e.petition_id == Petition.id, e.action.in_(DEADLINE_ACTIONS),
                                  e.at <= first_answer_at)
            .order_by(e.at.desc(), e.id.desc()).limit(1).correlate(Petition).scalar_subquery())


def _transfer_answered(scope: Scope, first_answer_at: ColumnElement) -> ColumnElement:
    """The transfer the first answer replies to (the last one before it): the days an agency takes to answer run from
    the transfer to it, not from an earlier agency's, which returned the item. Looked up only for answered items."""
    e = aliased(Event)
    last = (select(e.at).where(e.petition_id == Petition.id, e.action == TRANSFER, e.at <= first_answer_at)
            .order_by(e.at.desc(), e.id.desc()).limit(1).correlate(Petition).scalar_subquery())
    return case((first_answer_at.is_not(None), last), else_=None)


def snapshot(scope: Scope, materialized: bool = True) -> CTE:
    """The items of `scope` as they stood at its cut-off (columns documented in the module docstring).

    Materialized by default (see below); a query that reads only a few of its columns once each (which items a
    report lists, in which order) takes it inlined, so the database computes only those columns."""
    offset = scope.offset_minutes
    moved = lambda e: or_(e.from_state.is_(None), e.from_state != e.to_state)  # noqa: E731
    transfer = lambda e: e.action == TRANSFER  # noqa: E731
    submit = lambda e: e.action == SUBMIT  # noqa: E731
    deadline = lambda e: e.action.in_(DEADLINE_ACTIONS)  # noqa: E731
    verdict = lambda e: e.action.in_(VERDICT_ACTIONS)  # noqa: E731
    transferred_at = _pick(scope, transfer, lambda e: e.at, earliest=True)
    answered_at = _pick(scope, submit, lambda e: e.at, earliest=True)
    inner = select(
        Petition.id.label("id"), Petition.session_id, Petition.field_id, Petition.competence_level,
        Petition.set_aside_kind, Petition.urgent,
        _pick(scope, moved, lambda e: e.to_state).label("state"),
        func.coalesce(_pick(scope, transfer, lambda e: json_int(e.data, "lead_agency_id")),
                      Petition.lead_agency_id).label("agency_id"),
        _pick(scope, deadline, _due).label("due"),
        # Due dates recomputed before their event carried the very-overdue date keep today's.
        func.coalesce(_pick(scope, deadline, _very), Petition.very_overdue_date).label("very_overdue"),
        _pick(scope, verdict, lambda e: case((e.action == "accept_on_roadmap", literal("in_progress")),
                                             else_=json_text(e.data, "result_category"))).label("category"),
        transferred_at.label("transferred_at"), local_date(transferred_at, offset).label("transfer_day"),
        answered_at.label("answered_at"), local_date(answered_at, offset).label("answer_day"),
        local_date(_transfer_answered(scope, answered_at), offset).label("answer_transfer_day"),
        func.coalesce(_pick(scope, submit, lambda e: json_date(json_text(e.data, "due")), earliest=True),
                      _due_in_force_at(scope, answered_at)).label("answer_due"),
        _count(scope, "request_reanswer").label("reanswers"),
        case((_count(scope, "mark_done") > 0, 1), else_=0).label("done"),
    ).where(*scope.where).subquery("items")
    # An item exists on the day once its first event (record or import) has happened.
    query = select(inner).where(inner.c.state.is_not(None))
    if scope.agency_id:
        query = query.where(inner.c.agency_id == scope.agency_id)
    # Materialized: the figures refer to each column dozens of times, and a flattened query would run the
    # correlated lookups again for every reference (SQLite >= 3.35 and PostgreSQL >= 12 honour the hint).
    cte = query.cte("snapshot")
    return cte.prefix_with("MATERIALIZED") if materialized else cte


def returns(scope: Scope, readers=None):
    """(agency id, number of returns as not competent) up to the cut-off, by the agency that returned the item.
    With `readers` (a subquery of (petition_id, reader) pairs, see permissions.readers): (reader, agency id, number)
    over the items each reader sees."""
    actor = aliased(User)
    agency = func.coalesce(json_int(Event.data, "agency_id"), actor.agency_id)
    query = (select(agency.label("agency_id"), func.count().label("returned"))
             .select_from(Event).join(Petition, Petition.id == Event.petition_id)
             .outerjoin(actor, actor.id == Event.actor_id)
             .where(Event.action == "return_not_competent", Event.at < scope.cutoff, *scope.where))
    if scope.agency_id:
        query = query.where(agency == scope.agency_id)
    if readers is None:
        return query.group_by(agency)
    # The returns per item first (a few, found by the action's index), then given to each reader of the item: not
    # every reader's items searched for returns.
    per_item = query.add_columns(Event.petition_id).group_by(Event.petition_id, agency).subquery("returns")
    return (select(readers.c.reader, per_item.c.agency_id, func.sum(per_item.c.returned).label("returned"))
            .join_from(per_item, readers, readers.c.petition_id == per_item.c.petition_id)
            .group_by(readers.c.reader, per_item.c.agency_id))
