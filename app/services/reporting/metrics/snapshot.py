"""Every item as it stood at the end of a day, rebuilt from the event log (petition_event), never from today's columns.

One row per item recorded by the cut-off, with: its state (the last transition's `to_state`), its lead agency (the
agency of its last transfer; before any transfer, the agency the office proposes), its due and very-overdue dates
(the last deadline event), the committee's result category (the last accept / accept on a roadmap / mark done),
when it was first transferred, when the agency first submitted an answer and the due date then in force, how many
new answers were requested, and whether a roadmap was marked done. "Today" is simply the end of today, so the
figures of a day in the past and of today come from the same query.

Events are ordered by (at, id): two events of one request share their time, and the id keeps their order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Subquery, and_, case, func, literal, or_, select
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


def _events(scope: Scope):
    """The scoped items' events up to the cut-off."""
    return (select(Event.id, Event.petition_id, Event.at, Event.action, Event.from_state, Event.to_state,
                   Event.data)
            .join(Petition, Petition.id == Event.petition_id)
            .where(Event.at < scope.cutoff, *scope.where))


def _ranked(scope: Scope, condition, *columns, earliest: bool = False) -> Subquery:
    """Per item, the events meeting `condition` numbered from the latest (or the earliest) one."""
    ev = _events(scope).where(condition).subquery()
    order = (ev.c.at.asc(), ev.c.id.asc()) if earliest else (ev.c.at.desc(), ev.c.id.desc())
    picked = [c(ev) for c in columns]
    return select(ev.c.petition_id, ev.c.at, *picked,
                  func.row_number().over(partition_by=ev.c.petition_id, order_by=order).label("rn")).subquery()


def _due_in_force_at(first_answer: Subquery) -> ColumnElement:
    """Fallback for answers submitted before their event carried the due date: the last deadline event then."""
    earlier = aliased(Event)
    return (select(json_date(func.coalesce(json_text(earlier.data, "due"), json_text(earlier.data, "new_due"))))
            .where(earlier.petition_id == first_answer.c.petition_id, earlier.action.in_(DEADLINE_ACTIONS),
                   earlier.at <= first_answer.c.at)
            .order_by(earlier.at.desc(), earlier.id.desc()).limit(1).scalar_subquery())


def snapshot(scope: Scope) -> Subquery:
    """The items of `scope` as they stood at its cut-off (columns documented in the module docstring)."""
    offset = scope.offset_minutes
    ev = _events(scope).subquery()
    counts = (select(
        ev.c.petition_id,
        func.min(case((ev.c.action == TRANSFER, ev.c.at))).label("transferred_at"),
        func.min(case((ev.c.action == SUBMIT, ev.c.at))).label("answered_at"),
        func.coalesce(func.sum(case((ev.c.action == "request_reanswer", 1), else_=0)), 0).label("reanswers"),
        func.max(case((ev.c.action == "mark_done", 1), else_=0)).label("done"),
    ).group_by(ev.c.petition_id).subquery())
    moved = or_(Event.from_state.is_(None), Event.from_state != Event.to_state)
    state = _ranked(scope, moved, lambda e: e.c.to_state.label("state"))
    transfer = _ranked(scope, Event.action == TRANSFER,
                       lambda e: json_int(e.c.data, "lead_agency_id").label("agency_id"))
    deadline = _ranked(scope, Event.action.in_(DEADLINE_ACTIONS),
                       lambda e: json_date(func.coalesce(json_text(e.c.data, "due"),
                                                         json_text(e.c.data, "new_due"))).label("due"),
                       lambda e: json_date(func.coalesce(json_text(e.c.data, "very_overdue"),
                                                         json_text(e.c.data, "new_very_overdue"))).label("very"))
    verdict = _ranked(scope, Event.action.in_(VERDICT_ACTIONS),
                      lambda e: case((e.c.action == "accept_on_roadmap", literal("in_progress")),
                                     else_=json_text(e.c.data, "result_category")).label("category"))
    first_answer = _ranked(scope, Event.action == SUBMIT, lambda e: json_date(json_text(e.c.data, "due")).label("due"),
                           earliest=True)
    agency = func.coalesce(transfer.c.agency_id, Petition.lead_agency_id)
    query = (
        select(
            Petition.id.label("id"), Petition.session_id, Petition.field_id, Petition.competence_level,
            Petition.set_aside_kind, state.c.state, agency.label("agency_id"), deadline.c.due,
            # Due dates recomputed before their event carried the very-overdue date keep today's.
            func.coalesce(deadline.c.very, Petition.very_overdue_date).label("very_overdue"),
            verdict.c.category, counts.c.transferred_at, local_date(counts.c.transferred_at, offset).label("transfer_day"),
            counts.c.answered_at, local_date(counts.c.answered_at, offset).label("answer_day"),
            func.coalesce(first_answer.c.due, _due_in_force_at(first_answer)).label("answer_due"),
            counts.c.reanswers, counts.c.done,
        )
        .select_from(counts)
        .join(Petition, Petition.id == counts.c.petition_id)
        .join(state, and_(state.c.petition_id == counts.c.petition_id, state.c.rn == 1))
        .outerjoin(transfer, and_(transfer.c.petition_id == counts.c.petition_id, transfer.c.rn == 1))
        .outerjoin(deadline, and_(deadline.c.petition_id == counts.c.petition_id, deadline.c.rn == 1))
        .outerjoin(verdict, and_(verdict.c.petition_id == counts.c.petition_id, verdict.c.rn == 1))
        .outerjoin(first_answer, and_(first_answer.c.petition_id == counts.c.petition_id, first_answer.c.rn == 1))
    )
    if scope.agency_id:
        query = query.where(agency == scope.agency_id)
    return query.subquery("snapshot")


def returns(scope: Scope):
    """(agency id, number of returns as not competent) up to the cut-off, by the agency that returned the item."""
    actor = aliased(User)
    agency = func.coalesce(json_int(Event.data, "agency_id"), actor.agency_id)
    query = (select(agency.label("agency_id"), func.count().label("returned"))
             .select_from(Event).join(Petition, Petition.id == Event.petition_id)
             .outerjoin(actor, actor.id == Event.actor_id)
             .where(Event.action == "return_not_competent", Event.at < scope.cutoff, *scope.where)
             .group_by(agency))
    if scope.agency_id:
        query = query.where(agency == scope.agency_id)
    return query
