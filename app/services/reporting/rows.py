"""Petitions as plain report rows (reports.model.ItemRow), loaded in a few batched queries for any report."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import Answer, Field, Petition, Session
from reports.model import ItemRow
from workflows import petition as workflow
from workflows.petition import OPEN_STATES, WITH_AGENCY_STATES

# Still waiting for (another) answer from the agency, so the last answer does not count as "answered".
WAITING = WITH_AGENCY_STATES | {"returned"}
BATCH = 900  # below SQLite's bound-parameter limit for IN (...)


def _latest_answers(ids: Sequence[int]) -> dict[int, Answer]:
    latest: dict[int, Answer] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = db.session.scalars(select(Answer).where(Answer.petition_id.in_(chunk), Answer.status == "submitted")
                                  .order_by(Answer.petition_id, Answer.submitted_at, Answer.id))
        for answer in rows:
            latest[answer.petition_id] = answer  # ordered ascending: the last one wins
    return latest


def _merged_counts(ids: Sequence[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        counts.update(db.session.execute(select(Petition.merged_into_id, func.count()).where(
            Petition.merged_into_id.in_(chunk)).group_by(Petition.merged_into_id)).all())
    return counts


def _short(text: str, limit: int = 300) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def rows(query: Select, as_of: date | None = None) -> list[ItemRow]:
    """ItemRows for the petitions `query` selects (already filtered by permissions), in its order."""
    as_of = as_of or clock.today()
    petitions = list(db.session.scalars(query.options(
        joinedload(Petition.field).joinedload(Field.committee), joinedload(Petition.lead_agency),
        joinedload(Petition.session))).unique())
    ids = [p.id for p in petitions]
    answers, merged = _latest_answers(ids), _merged_counts(ids)
    openings = sorted(db.session.scalars(select(Session.opening)))
    out = []
    for p in petitions:
        answer = answers.get(p.id)
        answered = answer is not None and p.status not in WAITING
        answered_on = clock.to_local(answer.submitted_at).date() if answered and answer.submitted_at else None
        crossed = 0
        if p.status in OPEN_STATES and p.transferred_on and p.session:
            crossed = sum(1 for o in openings if p.session.opening < o <= as_of)
        late = (as_of - p.due_date).days if p.status in WITH_AGENCY_STATES and p.due_date and p.due_date < as_of else 0
        out.append(ItemRow(
            code=p.code, summary=p.summary or _short(p.content, 200), locality=p.locality,
            field=p.field.name if p.field else "",
            committee=p.field.committee.name if p.field and p.field.committee else "",
            agency=p.lead_agency.name if p.lead_agency else "", status=p.status,
            status_label=workflow.state_label(p.status), competence_level=p.competence_level,
            result_category=p.result_category or (answer.result_category if answered else None),
            transferred_on=p.transferred_on, due_date=p.due_date, answered_on=answered_on,
            expected_date=p.roadmap_expected_date or (answer.expected_date if answer else None),
            answer_summary=_short(answer.text) if answer else "",
            session_number=p.session.number if p.session else None, sessions_outstanding=crossed,
            reanswer_count=p.reanswer_count, urgent=p.urgent, merged_count=merged.get(p.id, 0), days_late=late))
    return out
