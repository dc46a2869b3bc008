"""Read models of the petition pages: what the detail page and the committee's boards show, already filtered
by what the reader may see (cosmicpython's views.py: reads kept apart from the services that write)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from app import permissions
from app.extensions import db
from app.models import Answer, Attachment, Event, Petition, ProgressEntry, Review, User
from app.services import audit
from app.services.deadlines import flags
from app.services.deadlines import rules as deadlines
from app.services.petitions import answers as answer_reads
from app.services.petitions.attachments import of_petition
from app.services.search.duplicates import Candidate, duplicate_candidates

# From recording to the committee's decision the office can still merge a duplicate (or send it back to do so).
SUGGEST_DUPLICATES = ("recorded", "classified", "awaiting_transfer")
MERGE_CANDIDATES = 300  # enough to scroll through; the office types the code of the one it means


@dataclass
class DetailPage:
    """Everything the one page of a recommendation shows to this reader."""

    petition: Petition
    events: list[Event]
    answers: list[Answer]
    reviews: list[Review]
    progress: list[ProgressEntry]
    files: list[Attachment]
    due_explain: str
    deadline_state: str
    days_left: int | None
    days_late: int
    can_edit: bool
    can_attach: bool
    show_voter: bool
    merge_candidates: list[Petition] = field(default_factory=list)
    duplicates: list[Candidate] = field(default_factory=list)  # likely duplicates, shown side by side


def detail(user: User, petition: Petition, lang: str = "vi") -> DetailPage:
    """The detail page's content for `user`: a coordinating agency sees submitted answers and their files,
    never the lead agency's drafts, their files or its internal steps."""
    every_answer = answer_reads.answers_of(petition)
    answers = [a for a in every_answer if permissions.can_see_answer(user, petition, a)]
    by_id = {a.id: a for a in every_answer}
    files = [f for f in of_petition(petition)
             if permissions.can_download(user, f, petition, by_id.get(f.answer_id))]
    events = [e for e in audit.history(petition) if permissions.can_see_event(user, petition, e)]
    reviews = list(db.session.scalars(select(Review).where(Review.petition_id == petition.id).order_by(Review.id)))
    return DetailPage(
        petition=petition, events=events, answers=answers, reviews=reviews,
        progress=answer_reads.progress_of(petition), files=files,
        due_explain=deadlines.explain(petition, lang), deadline_state=flags.deadline_status(petition),
        days_left=flags.days_left(petition), days_late=flags.days_late(petition),
        can_edit=permissions.can_edit(user, petition), can_attach=permissions.can_attach(user, petition),
        show_voter=permissions.can_see_voter_name(user),
        merge_candidates=merge_candidates(petition) if permissions.can(user, "merge", petition) else [],
        duplicates=duplicate_candidates(petition, user=user)
        if petition.status in SUGGEST_DUPLICATES and permissions.allows(user, "record") else [],
    )


def merge_candidates(petition: Petition) -> list[Petition]:
    """Items still being compiled that this one may be a duplicate of (same session first)."""
    return list(db.session.scalars(
        select(Petition).where(Petition.status.in_(("recorded", "classified")), Petition.id != petition.id)
        .order_by((Petition.session_id == petition.session_id).desc(), Petition.code).limit(MERGE_CANDIDATES)))


def latest_answers(petition_ids: Sequence[int]) -> dict[int, Answer]:
    """Per item, the answer the committee judges: the last one submitted."""
    latest: dict[int, Answer] = {}
    for a in db.session.scalars(select(Answer).where(Answer.petition_id.in_(petition_ids),
                                                     Answer.status == "submitted")
                                .order_by(Answer.submitted_at, Answer.id)):
        latest[a.petition_id] = a
    return latest


def latest_progress(petition_ids: Sequence[int]) -> dict[int, ProgressEntry]:
    """Per roadmap item, its latest progress report."""
    latest: dict[int, ProgressEntry] = {}
    for e in db.session.scalars(select(ProgressEntry).where(ProgressEntry.petition_id.in_(petition_ids))
                                .order_by(ProgressEntry.entry_date, ProgressEntry.id)):
        latest[e.petition_id] = e
    return latest
