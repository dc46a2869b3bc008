"""Each figure's one definition, as a condition on the snapshot (metrics/snapshot.py), counted by SQL aggregates.

docs/METRICS.md gives the same definitions in Vietnamese and English. A figure is the number of snapshot rows
meeting its condition, except the sums (`reanswer_requests`, the number of requests; `answer_days`, `days_overdue`),
the largest value `longest_overdue`, and `returned` (the number of returns, counted from the event log by the agency
that returned the item). The database computes the aggregates in one grouped pass (`cube`); the totals and every
breakdown (agency, field, competence level) are sums (or, for `longest_overdue`, the largest) of its cells.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Date, and_, case, func, literal, null, or_, select

from app.extensions import db
from app.services.deadlines import flags
from app.services.reporting.metrics.snapshot import Scope, returns, snapshot
from app.services.reporting.metrics.sql import days_between
from workflows.petition import OPEN_STATES, WITH_AGENCY_STATES
from workflows.vocabulary import RESULT_CATEGORIES, SET_ASIDE_KINDS

# Back with the council office: still being compiled, waiting for the committee, or returned by an agency.
WITH_OFFICE_STATES = ("recorded", "classified", "awaiting_transfer", "returned")
Condition = Callable[[object, date], ColumnElement[bool]]


def _state(*states: str) -> Condition:
    return lambda s, day: s.c.state.in_(states)


def _set_aside(kind: str) -> Condition:
    return lambda s, day: and_(s.c.state == "set_aside", s.c.set_aside_kind == kind)


def _answered(s, day):
    return s.c.answered_at.is_not(None)


def _on_time(s, day):
    # Judged on the first answer: its date in the council's time zone against the due date then in force.
    return and_(_answered(s, day), or_(s.c.answer_due.is_(None), s.c.answer_day <= s.c.answer_due))


def _overdue(s, day):
    return flags.overdue_condition(s.c.state, s.c.due, day)


def _recommendation(s, day):
    # What remains a recommendation after compiling: neither set apart nor answered on the spot.
    return s.c.state.not_in(("merged", "set_aside", "answered_at_meeting"))


def _days_overdue(s, day):
    """Calendar days past the due date on `day`, for an overdue item (0 for any other)."""
    return case((_overdue(s, day), days_between(literal(day, Date()), s.c.due)), else_=0)


def _result(category: str) -> Condition:
    """Accepted by the committee with this result (an item on a roadmap counts as being resolved)."""
    def condition(s, day):
        closed = and_(s.c.state == "closed", s.c.category == category)
        return or_(closed, s.c.state == "on_roadmap") if category == "in_progress" else closed
    return condition


# key -> condition, in the order of docs/METRICS.md. Every key is a count of items.
COUNTS: dict[str, Condition] = {
    "received": lambda s, day: s.c.state != "merged",
    "merged": _state("merged"),
    "recommendations": _recommendation,
    # Flagged urgent by the office (the item's flag, not a state of the day), among the recommendations.
    "urgent": lambda s, day: and_(_recommendation(s, day), s.c.urgent.is_(True)),
    "set_aside": _state("set_aside"),
    **{f"set_aside_{kind}": _set_aside(kind) for kind in SET_ASIDE_KINDS},
    "answered_at_meeting": _state("answered_at_meeting"),
    "forwarded": _state("forwarded"),
    "withdrawn": _state("withdrawn"),
    "with_office": _state(*WITH_OFFICE_STATES),
    "with_agency": _state(*sorted(WITH_AGENCY_STATES)),
    "awaiting_review": _state("answered"),
    "closed": _state("closed"),
    "transferred": lambda s, day: s.c.transferred_at.is_not(None),
    "answered": _answered,
    "answered_on_time": _on_time,
    "answered_late": lambda s, day: and_(_answered(s, day), s.c.answer_day > s.c.answer_due),
    "overdue": _overdue,
    "overdue_unanswered": lambda s, day: and_(_overdue(s, day), s.c.answered_at.is_(None)),
    "overdue_reanswer": lambda s, day: and_(_overdue(s, day), s.c.answered_at.is_not(None)),
    "very_overdue": lambda s, day: flags.very_overdue_condition(s.c.state, s.c.very_overdue, day),
    "pending_in_time": lambda s, day: and_(s.c.answered_at.is_(None), s.c.state.in_(WITH_AGENCY_STATES),
                                           s.c.due >= day),
    "unanswered_elsewhere": lambda s, day: and_(s.c.transferred_at.is_not(None), s.c.answered_at.is_(None),
                                                s.c.state.not_in(WITH_AGENCY_STATES)),
    "outstanding": lambda s, day: and_(s.c.transferred_at.is_not(None), s.c.state.in_(sorted(OPEN_STATES))),
    "not_accepted": lambda s, day: s.c.reanswers > 0,
    "on_roadmap": _state("on_roadmap"),
    "done_after_roadmap": lambda s, day: and_(s.c.state == "closed", s.c.done == 1),
    **{f"result_{code}": _result(code) for code in RESULT_CATEGORIES},
}
SUMS = {
    "reanswer_requests": lambda s, day: s.c.reanswers,
    # Days from the transfer to the agency that answered (the last before the first answer) to that answer, summed:
    # divided by "answered" it is the mean (agency card).
    "answer_days": lambda s, day: case((_answered(s, day), days_between(s.c.answer_day, s.c.answer_transfer_day)),
                                       else_=0),
    # Days past due, summed over the overdue items: divided by "overdue" it is the mean (overdue report).
    "days_overdue": _days_overdue,
}
# Largest values rather than sums: the cells of the cube are combined with max().
MAXIMA = {
    "longest_overdue": _days_overdue,  # the days past due of the item overdue the longest
}
GROUPS = {"agency": "agency_id", "field": "field_id", "level": "competence_level"}


def on_time_base(counts: dict[str, int]) -> int:
    """The items whose first answer was due by the cut-off: answered, or overdue without any answer."""
    return counts["answered"] + counts["overdue_unanswered"]


def on_time_rate(counts: dict[str, int]) -> float | None:
    """Answered on time / (answered + overdue unanswered), in percent; None when nothing is due yet."""
    base = on_time_base(counts)
    return round(100 * counts["answered_on_time"] / base, 1) if base else None


@dataclass
class Counts:
    """The figures of one group (or of the whole scope): counts by key, plus the on-time rate."""

    key: object = None  # the group's value (agency id, field id, level), None for the totals
    values: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> int:
        return self.values[name]

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.values)

    @property
    def by_result(self) -> dict[str, int]:
        return {code: self.values[f"result_{code}"] for code in RESULT_CATEGORIES}


def _aggregates(s, day: date) -> list:
    columns = [func.coalesce(func.sum(case((condition(s, day), 1), else_=0)), 0).label(key)
               for key, condition in COUNTS.items()]
    columns += [func.coalesce(func.sum(expr(s, day)), 0).label(key) for key, expr in SUMS.items()]
    columns += [func.coalesce(func.max(expr(s, day)), 0).label(key) for key, expr in MAXIMA.items()]
    return columns


def _empty() -> dict[str, int]:
    return {k: 0 for k in [*COUNTS, *SUMS, *MAXIMA, "returned", "on_time_base"]}


def _finish(values: dict[str, int]) -> dict[str, int]:
    values["on_time_base"] = on_time_base(values)
    return values


DIMENSIONS = ("agency_id", "field_id", "competence_level")


def cube(scope: Scope) -> dict[tuple, dict[str, int]]:
    """The figures per (lead agency, field, competence level), in one pass over the snapshot: every breakdown a
    report prints, and its totals, are sums of these cells (a few hundred rows, whatever the number of items)."""
    s = snapshot(scope)
    keys = [s.c[d] for d in DIMENSIONS]
    cells: dict[tuple, dict[str, int]] = {}
    for row in db.session.execute(select(*keys, *_aggregates(s, scope.as_of)).group_by(*keys)).mappings():
        cells[tuple(row[d] for d in DIMENSIONS)] = {k: int(v or 0) for k, v in row.items() if k not in DIMENSIONS}
    return cells


def _add(into: dict[str, int], values: dict[str, int]) -> None:
    for k, v in values.items():
        into[k] = max(into.get(k, 0), v) if k in MAXIMA else into.get(k, 0) + v


def rollup(scope: Scope, cells: dict[tuple, dict[str, int]], by: str | None) -> list[Counts]:
    """The cells summed by one dimension ("agency_id", "field_id", "competence_level"), or all together (None).
    Returns as not competent are counted from the event log by the agency that returned the item."""
    groups: dict[object, dict[str, int]] = {}
    index = DIMENSIONS.index(by) if by else None
    for key, values in cells.items():
        _add(groups.setdefault(key[index] if index is not None else None, _empty()), values)
    if by in (None, "agency_id"):
        for agency_id, n in db.session.execute(returns(scope)).all():
            groups.setdefault(agency_id if by else None, _empty())["returned"] += n
    if by is None and not groups:
        groups[None] = _empty()
    return [Counts(key, _finish(values)) for key, values in groups.items()]


def by_reader(scope: Scope, readers) -> dict[object, list[Counts]]:
    """The figures per lead agency as each reader sees them, for every reader in one pass: `readers` selects
    (petition_id, reader) pairs, the items each reader may see (permissions.readers). For each reader the groups
    are those of grouped(Scope(as_of, (its visibility,)), "agency"); the snapshot is built once and joined to the
    pairs instead of once per reader (the dashboards' job: some three hundred agencies)."""
    s, pairs = snapshot(scope), readers.subquery("readers")
    keys = (pairs.c.reader, s.c.agency_id)
    query = (select(*keys, *_aggregates(s, scope.as_of)).select_from(s)
             .join(pairs, pairs.c.petition_id == s.c.id).group_by(*keys))
    groups: dict[object, dict[object, dict[str, int]]] = {}
    for row in db.session.execute(query).mappings():
        values = {k: int(v or 0) for k, v in row.items() if k not in ("reader", "agency_id")}
        _add(groups.setdefault(row["reader"], {}).setdefault(row["agency_id"], _empty()), values)
    for reader, agency_id, n in db.session.execute(returns(scope, pairs)).all():
        groups.setdefault(reader, {}).setdefault(agency_id, _empty())["returned"] += n
    return {reader: [Counts(key, _finish(values)) for key, values in agencies.items()]
            for reader, agencies in groups.items()}


def totals(scope: Scope) -> Counts:
    return rollup(scope, cube(scope), None)[0]


def grouped(scope: Scope, by: str) -> list[Counts]:
    """The same figures per group (`by` is a key of GROUPS); the groups add up to the totals."""
    return rollup(scope, cube(scope), GROUPS[by])


def condition(key: str, s, day: date) -> ColumnElement[bool]:
    """The condition behind a count, for the lists that show its items."""
    return COUNTS[key](s, day) if key in COUNTS else null()
