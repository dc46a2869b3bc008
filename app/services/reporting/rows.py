"""Items as plain report rows (reports.model.ItemRow) as they stood on the cut-off date: the snapshot of the event
log (metrics/snapshot.py) joined with what does not change (code, text, field), in a few batched queries."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from app import clock
from app.extensions import db
from app.models import Agency, Answer, Committee, Field, Petition, ProgressEntry, Session, VoterMeeting
from app.services.reporting.metrics import figures
from app.services.reporting.metrics.snapshot import Scope, snapshot
from reports.model import ItemRow
from workflows import petition as workflow
from workflows.petition import OPEN_STATES, WITH_AGENCY_STATES

BATCH = 900  # below SQLite's bound-parameter limit for IN (...)


def _chunks(ids: Sequence[int]):
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _latest_answers(ids: Sequence[int], cutoff) -> dict[int, Answer]:
    latest: dict[int, Answer] = {}
    for chunk in _chunks(ids):
        for answer in db.session.scalars(select(Answer).where(
                Answer.petition_id.in_(chunk), Answer.status == "submitted", Answer.submitted_at < cutoff)
                .order_by(Answer.petition_id, Answer.submitted_at, Answer.id)):
            latest[answer.petition_id] = answer  # ordered ascending: the last one wins
    return latest


def _latest_progress(ids: Sequence[int], cutoff) -> dict[int, ProgressEntry]:
    latest: dict[int, ProgressEntry] = {}
    for chunk in _chunks(ids):
        for entry in db.session.scalars(select(ProgressEntry).where(
                ProgressEntry.petition_id.in_(chunk), ProgressEntry.created_at < cutoff)
                .order_by(ProgressEntry.petition_id, ProgressEntry.entry_date, ProgressEntry.id)):
            latest[entry.petition_id] = entry
    return latest


def _merged_sources(ids: Sequence[int]) -> dict[int, list[str]]:
    """Per surviving item, each source of the duplicates merged into it: locality (meeting place, date)."""
    sources: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        for into, locality, place, held_on in db.session.execute(
                select(Petition.merged_into_id, Petition.locality, VoterMeeting.place, VoterMeeting.held_on)
                .outerjoin(VoterMeeting, VoterMeeting.id == Petition.meeting_id)
                .where(Petition.merged_into_id.in_(chunk)).order_by(Petition.merged_into_id, Petition.id)):
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


def sessions_outstanding(own_opening: date | None, openings: list[date], as_of: date) -> int:
    """Sessions that opened after the item's own session, up to the cut-off, while it stayed unresolved."""
    if own_opening is None:
        return 0
    return max(0, bisect_right(openings, as_of) - bisect_right(openings, own_opening))


def _query(scope: Scope, keys: Sequence[str]) -> Select:
    s = snapshot(scope)
    lead = aliased(Agency)
    query = (select(s, Petition.code, Petition.summary, Petition.content, Petition.locality, Petition.urgent,
                    VoterMeeting.place.label("meeting_place"), VoterMeeting.held_on.label("meeting_day"),
                    Petition.roadmap_expected_date, Field.name.label("field_name"),
                    Committee.name.label("committee_name"), lead.name.label("agency_name"),
                    Session.number.label("session_number"), Session.opening.label("session_opening"))
             .select_from(s).join(Petition, Petition.id == s.c.id)
             .outerjoin(Field, Field.id == s.c.field_id).outerjoin(Committee, Committee.id == Field.committee_id)
             .outerjoin(lead, lead.id == s.c.agency_id).outerjoin(Session, Session.id == s.c.session_id)
             .outerjoin(VoterMeeting, VoterMeeting.id == Petition.meeting_id))
    for key in keys:
        query = query.where(figures.condition(key, s, scope.as_of))
    return query.order_by(Petition.code)


def items(scope: Scope, *keys: str) -> list[ItemRow]:
    """The items of `scope` counted by every figure in `keys` (all items when none), by code."""
    records = db.session.execute(_query(scope, keys)).mappings().all()
    ids = [r["id"] for r in records]
    cutoff, as_of = scope.cutoff, scope.as_of
    answers, progress = _latest_answers(ids, cutoff), _latest_progress(ids, cutoff)
    merged = _merged_sources(ids)
    openings = sorted(db.session.scalars(select(Session.opening)))
    out = []
    for r in records:
        state, answer, entry = r["state"], answers.get(r["id"]), progress.get(r["id"])
        with_agency = state in WITH_AGENCY_STATES
        accepted = state in ("closed", "on_roadmap")
        crossed = sessions_outstanding(r["session_opening"], openings, as_of) \
            if state in OPEN_STATES and r["transferred_at"] is not None else 0
        out.append(ItemRow(
            code=r["code"], summary=r["summary"] or _short(r["content"], 200), locality=r["locality"],
            field=r["field_name"] or "", committee=r["committee_name"] or "", agency=r["agency_name"] or "",
            status=state, status_label=workflow.status_label(state, r["category"]),
            competence_level=r["competence_level"], result_category=r["category"] if accepted else None,
            transferred_on=r["transfer_day"], due_date=r["due"], answered_on=r["answer_day"],
            expected_date=r["roadmap_expected_date"] if state == "on_roadmap" or r["done"] else None,
            answer_summary=_short(answer.text) if answer else "", session_number=r["session_number"],
            sessions_outstanding=crossed, reanswer_count=r["reanswers"], urgent=r["urgent"],
            merged_count=len(merged.get(r["id"], ())),
            # A merged duplicate's meeting and locality stay sources of the surviving item, listed with its own.
            sources="; ".join([source_label(r["locality"], r["meeting_place"], r["meeting_day"]), *merged[r["id"]]])
            if r["id"] in merged else "",
            days_late=(as_of - r["due"]).days if with_agency and r["due"] and r["due"] < as_of else 0,
            content=r["content"], answer_text=answer.text if answer else "",
            answer_letter=letter(answer.letter_number, answer.letter_date) if answer else "",
            answered_late=bool(r["answer_day"] and r["answer_due"] and r["answer_day"] > r["answer_due"]),
            very_overdue=bool(with_agency and r["very_overdue"] and r["very_overdue"] < as_of),
            progress=f"{entry.percent} % ({entry.entry_date:%d/%m/%Y}): {entry.text}" if entry else "",
        ))
    return out


def rows_of(query: Select, as_of: date | None = None) -> list[ItemRow]:
    """ItemRows for the petitions `query` selects (already filtered by permissions), in its order."""
    as_of = as_of or clock.today()
    codes = [code for _, code in db.session.execute(query.with_only_columns(Petition.id, Petition.code))]
    by_code: dict[str, ItemRow] = {}
    for chunk in _chunks(codes):
        by_code.update((row.code, row) for row in items(Scope(as_of, (Petition.code.in_(chunk),))))
    return [by_code[c] for c in codes if c in by_code]
