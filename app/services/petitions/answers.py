"""Agency-side services: draft, correct and submit answers, propose and approve a return as not competent, report
roadmap progress; each hand-over tells its recipients (notices/handovers)."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from app import clock, permissions
from app.extensions import db
from app.models import Agency, Answer, Event, Petition, ProgressEntry, User
from app.services import dates
from app.services.audit import record_event
from app.services.errors import Conflict, InvalidData, PermissionDenied
from app.services.notices import handovers
from app.services.text import clean
from app.services.transitions import authorize, check_version, flush, move
from workflows.vocabulary import RESULT_CATEGORIES


def current_draft(petition: Petition) -> Answer | None:
    return db.session.scalar(
        select(Answer).where(Answer.petition_id == petition.id, Answer.status == "draft")
        .order_by(Answer.id.desc()).limit(1)
    )


def latest_submitted(petition: Petition) -> Answer | None:
    return db.session.scalar(
        select(Answer).where(Answer.petition_id == petition.id, Answer.status == "submitted")
        .order_by(Answer.submitted_at.desc(), Answer.id.desc()).limit(1)
    )


def answers_of(petition: Petition) -> list[Answer]:
    return list(db.session.scalars(select(Answer).where(Answer.petition_id == petition.id).order_by(Answer.id)))


def draft_answer(user: User, petition: Petition, *, text: str, result_category: str,
                 expected_date: date | None = None, letter_number: str = "", letter_date: date | None = None,
                 signer: str = "", expected_version: int | None = None) -> Answer:
    """Dự thảo trả lời: an officer of the lead agency writes it; the leader approves it next."""
    dates.check(expected_date)
    dates.check(letter_date, not_after_tomorrow=True)
    if result_category == "in_progress" and expected_date is not None and expected_date < clock.today():
        raise InvalidData("Thời hạn hoàn thành dự kiến không được ở quá khứ.")
    move(petition, "draft_answer", user, expected_version=expected_version, text=clean(text),
         result_category=result_category, event_data={"result_category": result_category})
    answer = Answer(
        petition_id=petition.id,
        agency_id=petition.lead_agency_id,
        round=petition.reanswer_count + 1,
        text=clean(text),
        result_category=result_category,
        expected_date=expected_date,
        letter_number=clean(letter_number) or None,
        letter_date=letter_date,
        signer=clean(signer) or None,
        status="draft",
        drafted_by_id=user.id,
        drafted_at=clock.utcnow(),
    )
    db.session.add(answer)
    flush()
    return answer


def submit_answer(user: User, petition: Petition, *, letter_number: str = "", letter_date: date | None = None,
                  signer: str = "", expected_version: int | None = None) -> Answer:
    """Lãnh đạo cơ quan duyệt: the leader signs the letter and the answer goes to the council."""
    dates.check(letter_date, not_after_tomorrow=True)
    authorize(user, "submit_answer", petition)
    draft = current_draft(petition)
    if draft is None:
        raise Conflict("Không có dự thảo trả lời nào để duyệt.")
    event = move(petition, "submit_answer", user, expected_version=expected_version,
         # The due date in force is kept with the submission: whether an answer came on time is judged
         # against it, whatever later re-answer requests do to the item's due date.
         event_data={"answer_id": draft.id, "result_category": draft.result_category,
                     "letter_number": clean(letter_number) or draft.letter_number, "due": petition.due_date})
    draft.letter_number = clean(letter_number) or draft.letter_number
    draft.letter_date = letter_date or draft.letter_date or clock.today()
    draft.signer = clean(signer) or draft.signer or user.full_name
    draft.status = "submitted"
    draft.submitted_by_id = user.id
    draft.submitted_at = clock.utcnow()
    flush()
    handovers.announce(petition, event, "answer_submitted", handovers.role_users(handovers.COUNCIL), user)
    return draft


def send_back_draft(user: User, petition: Petition, *, reason: str,
                    expected_version: int | None = None) -> Answer | Petition:
    """The leader returns the officer's draft answer, or proposed return, to the officer, with what to change."""
    authorize(user, "send_back_draft", petition)
    if petition.status == "return_proposed":
        proposal = last_event(petition, "propose_return")
        event = move(petition, "send_back_draft", user, expected_version=expected_version, reason=clean(reason),
                     event_data={"proposal": "return"})
        flush()
        handovers.announce(petition, event, "draft_sent_back", [proposal.actor_id if proposal else None], user)
        return petition
    draft = current_draft(petition)
    if draft is None:
        raise Conflict("Không có dự thảo trả lời nào để trả lại.")
    event = move(petition, "send_back_draft", user, expected_version=expected_version, reason=clean(reason),
                 event_data={"answer_id": draft.id})
    draft.status = "sent_back"
    flush()
    handovers.announce(petition, event, "draft_sent_back", [draft.drafted_by_id], user)
    return draft


def last_event(petition: Petition, action: str) -> Event | None:
    return db.session.scalar(
        select(Event).where(Event.petition_id == petition.id, Event.action == action)
        .order_by(Event.at.desc(), Event.id.desc()).limit(1))


def _suggestion(suggested_agency: Agency | None, suggested_text: str) -> dict:
    """The agency the returning agency believes competent: from the catalogue, or named in free text."""
    text = clean(suggested_text)
    if suggested_agency is not None:
        return {"suggested_agency_id": suggested_agency.id, "suggested_agency": suggested_agency.name}
    return {"suggested_agency": text} if text else {}


def propose_return(user: User, petition: Petition, *, reason: str, suggested_agency: Agency | None = None,
                   suggested_text: str = "", expected_version: int | None = None) -> Petition:
    """Đề xuất trả lại: an officer proposes to return the item as not competent; the agency leader decides."""
    event = move(petition, "propose_return", user, expected_version=expected_version, reason=clean(reason),
                 event_data=_suggestion(suggested_agency, suggested_text))
    flush()
    handovers.announce(petition, event, "return_proposed",
                       handovers.agency_users([petition.lead_agency_id], ["agency_leader"]), user)
    return petition


def return_not_competent(user: User, petition: Petition, *, reason: str = "", suggested_agency: Agency | None = None,
                         suggested_text: str = "", expected_version: int | None = None) -> Petition:
    """Trả lại: the item is not within this agency's competence; the office will re-route it. The leader returns
    it (approving an officer's proposal, whose reason and suggestion stand unless the leader gives others);
    an officer only where AGENCY_OFFICER_MAY_RETURN allows it."""
    suggestion = _suggestion(suggested_agency, suggested_text)
    proposal = last_event(petition, "propose_return") if petition.status == "return_proposed" else None
    if proposal is not None:
        reason = clean(reason) or proposal.reason
        suggestion = suggestion or {k: v for k, v in (proposal.data or {}).items() if k.startswith("suggested")}
    event = move(petition, "return_not_competent", user, expected_version=expected_version, reason=clean(reason),
                 officer_may_return=current_app.config["AGENCY_OFFICER_MAY_RETURN"],
                 event_data={"agency": petition.lead_agency.name if petition.lead_agency else None,
                             "agency_id": petition.lead_agency_id, **suggestion,
                             "proposed_by": proposal.actor_id if proposal else None})
    flush()
    handovers.announce(petition, event, "returned", handovers.role_users(handovers.OFFICE), user)
    return petition


def edit_draft(user: User, petition: Petition, *, text: str, result_category: str, expected_date: date | None = None,
               letter_number: str = "", letter_date: date | None = None,
               expected_version: int | None = None) -> Answer:
    """Sửa dự thảo: the author changes the draft answer until the leader submits it; one event with the changes."""
    draft = current_draft(petition)
    if not permissions.can_edit_draft(user, petition, draft):
        raise PermissionDenied("Chỉ người soạn được sửa dự thảo, khi dự thảo chưa được duyệt.")
    check_version(petition, expected_version)
    dates.check(expected_date)
    dates.check(letter_date, not_after_tomorrow=True)
    if not clean(text):
        raise InvalidData("Nội dung trả lời không được để trống.")
    if result_category not in RESULT_CATEGORIES:
        raise InvalidData("Kết quả giải quyết không hợp lệ.")
    if result_category == "in_progress" and (expected_date is None or expected_date < clock.today()):
        raise InvalidData("Cần ghi thời hạn hoàn thành (không ở quá khứ) khi kết quả là “Đang giải quyết”.")
    new = {"text": clean(text), "result_category": result_category, "expected_date": expected_date,
           "letter_number": clean(letter_number) or None, "letter_date": letter_date}
    changes = {k: {"old": getattr(draft, k), "new": v} for k, v in new.items() if getattr(draft, k) != v}
    if not changes:
        return draft
    for name, value in new.items():
        setattr(draft, name, value)
    record_event(petition, user, "edit_draft", petition.status, petition.status,
                 data={"answer_id": draft.id, "changes": changes})
    petition.updated_at = clock.utcnow()  # moves the version, so a leader's stale page is caught
    flush()
    return draft


def report_progress(user: User, petition: Petition, *, percent: int, text: str,
                    entry_date: date | None = None, expected_version: int | None = None) -> ProgressEntry:
    """Báo cáo tiến độ on a roadmap commitment; the state does not change."""
    entry_date = entry_date or clock.today()
    dates.check(entry_date)
    if entry_date > clock.today():
        raise InvalidData("Ngày báo cáo tiến độ không được ở tương lai.")
    if petition.transferred_on is not None and entry_date < petition.transferred_on:
        raise InvalidData("Ngày báo cáo tiến độ không được trước ngày chuyển kiến nghị (%(day)s).",
                          day=petition.transferred_on.strftime("%d/%m/%Y"))
    move(petition, "report_progress", user, expected_version=expected_version, percent=percent,
         text=clean(text), event_data={"percent": percent})
    entry = ProgressEntry(petition_id=petition.id, entry_date=entry_date, percent=percent, text=clean(text),
                          author_id=user.id, created_at=clock.utcnow())
    db.session.add(entry)
    # The version must move even though no column of the petition did, so a stale page is caught.
    petition.updated_at = clock.utcnow()
    flush()
    return entry


def progress_of(petition: Petition) -> list[ProgressEntry]:
    return list(db.session.scalars(
        select(ProgressEntry).where(ProgressEntry.petition_id == petition.id)
        .order_by(ProgressEntry.entry_date, ProgressEntry.id)
    ))
