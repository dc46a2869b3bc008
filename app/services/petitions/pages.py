"""Read models of the petition pages: what the detail page and the committee's boards show, already filtered
by what the reader may see (cosmicpython's views.py: reads kept apart from the services that write)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import case, select

from app import permissions
from app.extensions import db
from app.models import Answer, Attachment, Event, Petition, ProgressEntry, Review, User
from app.services import audit
from app.services.deadlines import flags
from app.services.deadlines import rules as deadlines
from app.services.petitions import answers as answer_reads
from app.services.petitions import duplicates
from app.services.petitions.attachments import of_petition
from app.services.search.duplicates import Candidate, duplicate_candidates
from workflows.petition import WITH_AGENCY_STATES

# From recording to the committee's decision the office can still merge a duplicate (or send it back to do so).
SUGGEST_DUPLICATES = ("recorded", "classified", "awaiting_transfer")


@dataclass
class DetailPage:
    """Everything the one page of a recommendation shows to this reader."""

    petition: Petition
    events: list[Event]
    answers: list[Answer]
    reviews: list[Review]
    progress: list[ProgressEntry]
    files: list[Attachment]
    due_explain: str  # the short sentence (the event log keeps the long one)
    due_details: str  # shown on demand
    deadline_state: str
    days_left: int | None
    days_late: int
    can_edit: bool
    can_attach: bool
    show_voter: bool
    merge_candidates: list[Petition] = field(default_factory=list)
    # Only the deadline that still runs against the agency is shown (not a re-answer deadline on a roadmap item).
    live_deadline: bool = False
    # answer id -> the committee's request for a new answer that rejected it (the reason is its comment)
    rejected: dict[int, Review] = field(default_factory=dict)
    # answer id -> the leader's reason for sending a draft back
    sent_back: dict[int, str] = field(default_factory=dict)
    last_return: Event | None = None  # the agency's return as not competent: reason, suggested agency
    return_proposal: Event | None = None  # an officer's proposed return waiting for the leader
    editable_draft: Answer | None = None  # the reader's own draft answer, still editable
    can_correct: bool = False
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
    due_summary, due_details = deadlines.explain_short(petition, lang)
    reviews = list(db.session.scalars(select(Review).where(Review.petition_id == petition.id).order_by(Review.id)))
    draft = answer_reads.current_draft(petition) if petition.status == "answer_drafted" else None
    return DetailPage(
        petition=petition, events=events, answers=answers, reviews=reviews,
        progress=answer_reads.progress_of(petition), files=files,
        due_explain=due_summary, due_details=due_details, deadline_state=flags.deadline_status(petition),
        days_left=flags.days_left(petition), days_late=flags.days_late(petition),
        can_edit=permissions.can_edit(user, petition), can_attach=permissions.can_attach(user, petition),
        show_voter=permissions.can_see_voter_name(user),
        merge_candidates=duplicates.merge_candidates(petition) if duplicates.may_choose(user, petition) else [],
        live_deadline=petition.status in WITH_AGENCY_STATES and petition.due_date is not None,
        rejected={r.answer_id: r for r in reviews if r.decision == "request_reanswer" and r.answer_id},
        sent_back={(e.data or {}).get("answer_id"): e.reason for e in events if e.action == "send_back_draft"},
        last_return=answer_reads.last_event(petition, "return_not_competent") if petition.status == "returned" else None,
        return_proposal=next((e for e in reversed(events) if e.action == "propose_return"), None)
        if petition.status == "return_proposed" else None,
        editable_draft=draft if permissions.can_edit_draft(user, petition, draft) else None,
        can_correct=permissions.can_correct(user, petition),
        duplicates=duplicate_candidates(petition, user=user)
        if petition.status in SUGGEST_DUPLICATES and permissions.allows(user, "record") else [],
    )


def _last_per_item(query) -> dict:
    """Per item, the last row of `query` (ordered oldest first): later rows overwrite earlier ones."""
    return {row.petition_id: row for row in db.session.scalars(query)}


def latest_answers(petition_ids: Sequence[int]) -> dict[int, Answer]:
    """Per item, the answer the committee judges: the last one submitted."""
    return _last_per_item(select(Answer).where(Answer.petition_id.in_(petition_ids), Answer.status == "submitted")
                          .order_by(Answer.submitted_at, Answer.id))


def pending_drafts(petition_ids: Sequence[int]) -> dict[int, Answer]:
    """Per item, the draft waiting for the leader (the last one written): what the leader's desk shows to sign."""
    return _last_per_item(select(Answer).where(Answer.petition_id.in_(petition_ids), Answer.status == "draft")
                          .order_by(Answer.id))


def last_returns(petition_ids: Sequence[int]) -> dict[int, Event]:
    """Per returned item, its last return as not competent (reason, suggested agency): the office's desk."""
    return _last_per_item(select(Event).where(Event.petition_id.in_(petition_ids),
                                              Event.action == "return_not_competent").order_by(Event.at, Event.id))


def latest_progress(petition_ids: Sequence[int]) -> dict[int, ProgressEntry]:
    """Per roadmap item, its latest progress report."""
    return _last_per_item(select(ProgressEntry).where(ProgressEntry.petition_id.in_(petition_ids))
                          .order_by(ProgressEntry.entry_date, ProgressEntry.id))


def next_to_answer(user: User, after: Petition) -> Petition | None:
    """The agency's next item waiting for its hand (as its inbox counts them): answers first, soonest due, then
    roadmaps waiting for progress, soonest expected; so whoever has just answered one lands on the next instead of
    going back to the inbox. None when nothing else waits."""
    if user.agency_id is None:
        return None
    answering = Petition.status.in_(("transferred", "reanswer_requested"))
    query = (select(Petition)
             .where(permissions.visible_filter(user), Petition.lead_agency_id == user.agency_id,
                    answering | (Petition.status == "on_roadmap"), Petition.id != after.id)
             .order_by(case((answering, 0), else_=1), Petition.due_date.is_(None), Petition.due_date,
                       Petition.roadmap_expected_date, Petition.id).limit(1))
    return db.session.scalar(query)
