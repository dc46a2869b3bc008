"""The figures as the reports print them: named groups in Vietnamese alphabetical order, and the same numbers as JSON."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Agency, Committee, Field
from app.services.reporting.metrics import figures
from app.services.reporting.metrics.snapshot import Scope
from reports.model import Figures
from workflows.collation import sorted_vi
from workflows.vocabulary import COMPETENCE_LEVELS, RESULT_CATEGORIES, SET_ASIDE_KINDS, label

UNKNOWN = "(Chưa xác định)"
# Keys printed as JSON beside the by_result breakdown (the result_* counts), the rates and the means: every count
# a report prints (the compilation's recommendations and urgent ones, the overdue report's days past due).
JSON_KEYS = ("received", "merged", "set_aside", "answered_at_meeting", "recommendations", "urgent", "forwarded",
             "withdrawn", "with_office", "transferred", "with_agency", "answered", "answered_on_time", "answered_late",
             "awaiting_review", "overdue", "overdue_unanswered", "overdue_reanswer", "very_overdue",
             "pending_in_time", "unanswered_elsewhere", "returned", "reanswer_requests", "on_roadmap",
             "done_after_roadmap", "closed", "days_overdue", "longest_overdue")


def _plain(counts: figures.Counts, name: str = "", code: str = "", parent: str = "") -> Figures:
    return Figures(name=name, code=code, counts=dict(counts.values), on_time_rate=counts.on_time_rate, parent=parent,
                   id=counts.key if isinstance(counts.key, int) else None)


@dataclass
class Breakdown:
    """A scope's figures: the totals and the groups a report prints, from one pass over the snapshot."""

    total: Figures
    agencies: list[Figures]
    fields: list[Figures]
    levels: list[Figures]


def breakdown(scope: Scope) -> Breakdown:
    cells = figures.cube(scope)
    return Breakdown(_plain(figures.rollup(scope, cells, None)[0]),
                     _agencies(figures.rollup(scope, cells, "agency_id")),
                     _fields(figures.rollup(scope, cells, "field_id")),
                     _levels(figures.rollup(scope, cells, "competence_level")))


def total(scope: Scope) -> Figures:
    return _plain(figures.totals(scope))


def by_agency(scope: Scope) -> list[Figures]:
    return _agencies(figures.grouped(scope, "agency"))


def by_agency_per_reader(scope: Scope, readers) -> dict[object, list[Figures]]:
    """by_agency for every reader of `readers` (permissions.readers) at once: reader -> its agencies' figures."""
    grouped = figures.by_reader(scope, readers)
    agencies = _agency_rows([g.key for groups in grouped.values() for g in groups])
    return {reader: _agencies(groups, agencies) for reader, groups in grouped.items()}


def _agency_rows(ids) -> dict[int, Agency]:
    return {a.id: a for a in db.session.scalars(select(Agency).where(Agency.id.in_(
        sorted({i for i in ids if i is not None}))))}


def _agencies(groups: list[figures.Counts], agencies: dict[int, Agency] | None = None) -> list[Figures]:
    if agencies is None:
        agencies = _agency_rows([g.key for g in groups])
    rows = [_plain(g, agencies[g.key].name, agencies[g.key].code) if g.key in agencies else _plain(g, UNKNOWN)
            for g in groups]
    return sorted_vi(rows, key=lambda f: "" if f.name == UNKNOWN else f.name)


def _fields(groups: list[figures.Counts]) -> list[Figures]:
    rows = dict(db.session.execute(select(Field.id, Field).where(Field.id.in_(
        [g.key for g in groups if g.key is not None]))).all())
    committees = dict(db.session.execute(select(Committee.id, Committee.name)).all())
    out = []
    for g in groups:
        f = rows.get(g.key)
        out.append(_plain(g, f.name if f else UNKNOWN, f.code if f else "",
                          committees.get(f.committee_id, UNKNOWN) if f else UNKNOWN))
    return sorted_vi(out, key=lambda f: "" if f.name == UNKNOWN else f.name)


def _levels(counts: list[figures.Counts]) -> list[Figures]:
    """Central, province, commune (and legacy district) in that order, then items not yet classified."""
    groups = {g.key: g for g in counts}
    order = [*COMPETENCE_LEVELS, None]
    return [_plain(groups[k], label(COMPETENCE_LEVELS, k) if k else UNKNOWN, k or "") for k in order if k in groups]


def percent(part: int, whole: int) -> float | None:
    """A share in percent with one decimal, as the reports print it ("80,0%"); None ("không phát sinh") for 0/0."""
    return round(100 * part / whole, 1) if whole else None


def _json_counts(f: Figures) -> dict:
    out: dict = {k: f[k] for k in JSON_KEYS}
    out["set_aside_by_kind"] = {kind: f[f"set_aside_{kind}"] for kind in SET_ASIDE_KINDS}
    out["by_result"] = {code: f[f"result_{code}"] for code in RESULT_CATEGORIES}
    # "Chưa có kết quả được chấp nhận": the last row of the results table, which adds up to transferred.
    out["without_result"] = f["transferred"] - sum(out["by_result"].values())
    out["on_time_rate"] = f.on_time_rate
    out["answer_rate"] = percent(f["answered"], f["transferred"])
    out["resolved_rate"] = percent(f["result_resolved"], f["transferred"])
    out["mean_days_to_answer"] = f.mean_days
    out["mean_days_overdue"] = f.mean_days_overdue
    return out


def _group(f: Figures, totals: Figures) -> dict:
    """A group's counts and its share of the recommendations (the "Tỷ lệ" column of the by-level, by-field and
    by-agency tables of the compilation and results reports)."""
    return {**_json_counts(f), "share": percent(f["recommendations"], totals["recommendations"])}


def as_json(kind: str, as_of: date, session: int | None, counted: Breakdown, agency_code: str | None = None,
            previous: dict | None = None) -> dict:
    """The figures a report prints, as `flask report ... --format json` and the report page give them: the totals,
    the same keys per agency, field and competence level (each list in the order the report prints it), and for
    the results report the previous session's figures it is compared with (`previous`: its session number, name
    and day, with Figures under "figures"; None when there is no previous session)."""
    totals = counted.total
    out = {"report": kind, "as_of": as_of.isoformat(), "session": session, "agency": agency_code,
           **_json_counts(totals),
           "by_agency": [{"agency_code": f.code or None, "agency_name": f.name, **_group(f, totals)}
                         for f in counted.agencies],
           "by_level": [{"level": f.code or None, "level_name": f.name, **_group(f, totals)} for f in counted.levels],
           "by_field": [{"field_code": f.code or None, "field_name": f.name, "committee": f.parent,
                         **_group(f, totals)} for f in counted.fields]}
    if kind == "results":
        out["previous"] = None if previous is None else {
            "session": previous["session"], "session_name": previous["name"], "as_of": previous["as_of"].isoformat(),
            **_json_counts(previous["figures"])}
    return out
