"""Items as plain report rows (reports.model.ItemRow) as they stood on the cut-off date, streamed: the snapshot of the
event log (metrics/snapshot.py) joined with what does not change (code, text, field), read a chunk at a time.

A report section's rows are read while the PDF or the workbook is being laid out, never gathered first: a results
report of 370,000 items held 1.1 GB of rows before (docs/PERFORMANCE.md). Iterating an `ItemRows` runs two steps:
1. the ids of the section's items in the order printed, from one streamed query (yield_per), kept as 8-byte integers
   (3 MB for 370,000 items): the order needs the whole snapshot (a field's Vietnamese name, the lead agency and due
   date as of the day), so it cannot be resumed from a key, and a cursor left open while pages are laid out would
   not survive the job process's heartbeat commits (a PostgreSQL cursor closes with its transaction; a SQLite
   reader would keep the writer of the heartbeat waiting);
2. CHUNK items at a time, their row as of the day (the section's conditions asked again: a live report may see an
   item change between the steps), latest answer, progress and merged sources: a few queries per chunk, whose rows
   become ItemRows and are handed on before the next chunk is read.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, Select, func, literal, select
from sqlalchemy.orm import aliased

from app import clock
from app.extensions import db
from app.models import Agency, Answer, Committee, Field, Petition, ProgressEntry, Session, VoterMeeting
from app.services.reporting.metrics import figures
from app.services.reporting.metrics.snapshot import Scope, snapshot
from app.services.text import order_vi
from reports.model import ItemRow
from workflows import petition as workflow
from workflows.petition import OPEN_STATES, WITH_AGENCY_STATES

CHUNK = 500  # items turned into rows at a time; below SQLite's bound-parameter limit for IN (...)
ID_BATCH = 5000  # ids fetched at a time by the ordering query


def _latest_answers(ids: Sequence[int], cutoff) -> dict[int, Answer]:
    latest: dict[int, Answer] = {}
    for answer in db.session.scalars(select(Answer).where(
            Answer.petition_id.in_(ids), Answer.status == "submitted", Answer.submitted_at < cutoff)
            .order_by(Answer.petition_id, Answer.submitted_at, Answer.id)):
        latest[answer.petition_id] = answer  # ordered ascending: the last one wins
    return latest


def _latest_progress(ids: Sequence[int], cutoff) -> dict[int, ProgressEntry]:
    latest: dict[int, ProgressEntry] = {}
    for entry in db.session.scalars(select(ProgressEntry).where(
            ProgressEntry.petition_id.in_(ids), ProgressEntry.created_at < cutoff)
            .order_by(ProgressEntry.petition_id, ProgressEntry.entry_date, ProgressEntry.id)):
        latest[entry.petition_id] = entry
    return latest


def _merged_sources(ids: Sequence[int]) -> dict[int, list[str]]:
    """Per surviving item, each source of the duplicates merged into it: locality (meeting place, date)."""
    sources: dict[int, list[str]] = {}
    for into, locality, place, held_on in db.session.execute(
            select(Petition.merged_into_id, Petition.locality, VoterMeeting.place, VoterMeeting.held_on)
            .outerjoin(VoterMeeting, VoterMeeting.id == Petition.meeting_id)
            .where(Petition.merged_into_id.in_(ids)).order_by(Petition.merged_into_id, Petition.id)):
        sources.setdefault(into, []).append(source_label(locality, place, held_on))
    return sources


def source_label(locality: str, place: str | None, held_on: date | None) -> str:
    """Where a recommendation was raised, as the compilation report lists it: "xã Gia Lâm (Hội trường, 03/11/2026)"."""
    meeting = ", ".join(x for x in (place or "", held_on.strftime("%d/%m/%Y") if held_on else "") if x)
    return f"{locality} ({meeting})" if meeting else locality


def _short(text: str, limit: int = 300) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def letter(number: str | None, day: date | None) -> str:
    """An official letter as reports cite it: "123/SXD-VP ngày 05/08/2026"."""
    return " ngày ".join(x for x in (number or "", day.strftime("%d/%m/%Y") if day else "") if x)


def sessions_outstanding(own_opening: date | None, openings: list[date], horizon: date) -> int:
    """The sessions an unresolved item has been outstanding across: its own and every later one opening by
    `horizon` (the cut-off, or the report's session when that opens later); 0 before its own session opens."""
    if own_opening is None or own_opening > horizon:
        return 0
    return bisect_right(openings, horizon) - bisect_left(openings, own_opening)


# --- The order of a section ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Joined:
    """What an order may sort on: the snapshot and the tables joined to it."""

    s: object  # the snapshot CTE
    field: type
    lead: object  # the lead agency as of the day (aliased Agency)
    session: type
    as_of: date


Order = Callable[[Joined], tuple[ColumnElement, ...]]


def by_code(j: Joined) -> tuple[ColumnElement, ...]:
    return (Petition.code,)


def by_field(unknown: str) -> Order:
    """By field in Vietnamese alphabetical order, items without one under `unknown` (as the report names the
    group), then by code: the appendices grouped by field read their groups from consecutive rows."""
    def order(j: Joined) -> tuple[ColumnElement, ...]:
        name = func.coalesce(func.nullif(j.field.name, ""), literal(unknown))
        return order_vi(name), name, Petition.code
    return order


def by_agency_and_due(j: Joined) -> tuple[ColumnElement, ...]:
    """By lead agency (Vietnamese order), the longest overdue first (the earliest due date), then by code."""
    return order_vi(func.coalesce(j.lead.name, "")), j.s.c.due, Petition.code


def by_earliest_session(j: Joined) -> tuple[ColumnElement, ...]:
    """The earliest session first (the item outstanding across the most sessions), then by code."""
    return j.session.opening, Petition.code


# --- The rows ------------------------------------------------------------------------------------------------------

def _joined(scope: Scope, columns: Callable[[Joined], list], materialized: bool = True) -> tuple[Select, Joined]:
    s = snapshot(scope, materialized)
    lead = aliased(Agency)
    j = Joined(s, Field, lead, Session, scope.as_of)
    query = (select(*columns(j)).select_from(s).join(Petition, Petition.id == s.c.id)
             .outerjoin(Field, Field.id == s.c.field_id).outerjoin(Committee, Committee.id == Field.committee_id)
             .outerjoin(lead, lead.id == s.c.agency_id).outerjoin(Session, Session.id == s.c.session_id)
             .outerjoin(VoterMeeting, VoterMeeting.id == Petition.meeting_id))
    return query, j


def _where(query: Select, j: Joined, keys: Sequence[str]) -> Select:
    for key in keys:
        query = query.where(figures.condition(key, j.s, j.as_of))
    return query


def ordered_ids(scope: Scope, keys: Sequence[str], order: Order) -> Select:
    """The ids of the items of `scope` counted by every figure in `keys`, in the section's order."""
    # Inlined: only the columns of the conditions and of the order are computed, for every item of the scope.
    query, j = _joined(scope, lambda j: [j.s.c.id], materialized=False)
    return _where(query, j, keys).order_by(*order(j))


def _row_query(scope: Scope, keys: Sequence[str]) -> Select:
    query, j = _joined(scope, lambda j: [
        j.s, Petition.code, Petition.summary, Petition.content, Petition.locality, Petition.urgent,
        VoterMeeting.place.label("meeting_place"), VoterMeeting.held_on.label("meeting_day"),
        Petition.roadmap_expected_date, Field.name.label("field_name"), Committee.name.label("committee_name"),
        j.lead.name.label("agency_name"), Session.number.label("session_number"),
        Session.opening.label("session_opening")])
    return _where(query, j, keys)


def _item_row(r, answer: Answer | None, entry: ProgressEntry | None, merged: list[str] | None,
              openings: list[date], as_of: date, horizon: date) -> ItemRow:
    state = r["state"]
    with_agency = state in WITH_AGENCY_STATES
    accepted = state in ("closed", "on_roadmap")
    crossed = sessions_outstanding(r["session_opening"], openings, horizon) \
        if state in OPEN_STATES and r["transferred_at"] is not None else 0
    return ItemRow(
        code=r["code"], summary=r["summary"] or _short(r["content"], 200), locality=r["locality"],
        field=r["field_name"] or "", committee=r["committee_name"] or "", agency=r["agency_name"] or "",
        status=state, status_label=workflow.status_label(state, r["category"]),
        competence_level=r["competence_level"], result_category=r["category"] if accepted else None,
        transferred_on=r["transfer_day"], due_date=r["due"], answered_on=r["answer_day"],
        expected_date=r["roadmap_expected_date"] if state == "on_roadmap" or r["done"] else None,
        answer_summary=_short(answer.text) if answer else "", session_number=r["session_number"],
        sessions_outstanding=crossed, reanswer_count=r["reanswers"], urgent=r["urgent"],
        merged_count=len(merged or ()),
        # A merged duplicate's meeting and locality stay sources of the surviving item, listed with its own.
        sources="; ".join([source_label(r["locality"], r["meeting_place"], r["meeting_day"]), *merged])
        if merged else "",
        days_late=(as_of - r["due"]).days if with_agency and r["due"] and r["due"] < as_of else 0,
        content=r["content"], answer_text=answer.text if answer else "",
        answer_letter=letter(answer.letter_number, answer.letter_date) if answer else "",
        answer_letter_number=(answer.letter_number or "") if answer else "",
        answer_letter_date=answer.letter_date if answer else None,
        answered_late=bool(r["answer_day"] and r["answer_due"] and r["answer_day"] > r["answer_due"]),
        very_overdue=bool(with_agency and r["very_overdue"] and r["very_overdue"] < as_of),
        progress=f"{entry.percent} % ({entry.entry_date:%d/%m/%Y}): {entry.text}" if entry else "",
    )


@dataclass(frozen=True, eq=False)
class ItemRows:
    """The rows of one report section or list, in the order printed, read from the database each time they are
    iterated (see the module's docstring): an iterable, never a list, so a report of any size holds one chunk."""

    ids: Select  # the items' ids, in order
    scope: Scope  # what each chunk's rows are read with (as of its day)
    keys: tuple[str, ...] = ()  # the figures whose items these are (asked again per chunk)
    chunk: int | None = None  # items per chunk (CHUNK)
    horizon: date | None = None  # sessions outstanding are counted up to this day (the cut-off when None)

    def __iter__(self) -> Iterator[ItemRow]:
        ids = array("q")
        result = db.session.execute(self.ids.execution_options(yield_per=ID_BATCH))
        for part in result.scalars().partitions():
            ids.extend(part)
        openings = sorted(db.session.scalars(select(Session.opening)))
        size = self.chunk or CHUNK
        for start in range(0, len(ids), size):
            yield from self._rows(ids[start:start + size].tolist(), openings)

    def _rows(self, ids: list[int], openings: list[date]) -> Iterator[ItemRow]:
        scope = replace(self.scope, where=(*self.scope.where, Petition.id.in_(ids)))
        records = {r["id"]: r for r in db.session.execute(_row_query(scope, self.keys)).mappings()}
        answers, progress = _latest_answers(ids, scope.cutoff), _latest_progress(ids, scope.cutoff)
        merged = _merged_sources(ids)
        for id_ in ids:
            if id_ in records:  # else no longer one of the section's items (changed since its ids were read)
                yield _item_row(records[id_], answers.get(id_), progress.get(id_), merged.get(id_), openings,
                                scope.as_of, self.horizon or scope.as_of)


def items(scope: Scope, *keys: str, order: Order = by_code, chunk: int | None = None,
          horizon: date | None = None) -> ItemRows:
    """The items of `scope` counted by every figure in `keys` (all items when none), in `order` (by code);
    `horizon`: the day up to which the sessions an item has been outstanding across are counted (the cut-off)."""
    return ItemRows(ordered_ids(scope, keys, order), scope, keys, chunk, horizon)


def rows_of(query: Select, as_of: date | None = None, chunk: int | None = None) -> ItemRows:
    """ItemRows for the petitions `query` selects (already filtered by permissions), in its order."""
    return ItemRows(query.with_only_columns(Petition.id), Scope(as_of or clock.today()), chunk=chunk)
