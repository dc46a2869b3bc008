"""Agency-side services: draft and submit answers, return an item as not competent, report roadmap progress."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import Answer, Petition, ProgressEntry, User
from app.services import dates
from app.services.errors import Conflict, InvalidData
from app.services.text import clean
from app.services.transitions import authorize, flush, move


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
    move(petition, "submit_answer", user, expected_version=expected_version,
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
    return draft


def send_back_draft(user: User, petition: Petition, *, reason: str, expected_version: int | None = None) -> Answer:
    """The leader returns the draft to the officer, with what to change."""
    authorize(user, "send_back_draft", petition)
    draft = current_draft(petition)
    if draft is None:
        raise Conflict("Không có dự thảo trả lời nào để trả lại.")
    move(petition, "send_back_draft", user, expected_version=expected_version, reason=clean(reason),
         event_data={"answer_id": draft.id})
    draft.status = "sent_back"
    flush()
    return draft


def return_not_competent(user: User, petition: Petition, *, reason: str,
                         expected_version: int | None = None) -> Petition:
    """Trả lại: the item is not within this agency's competence; the office will re-route it."""
    move(petition, "return_not_competent", user, expected_version=expected_version, reason=clean(reason),
         event_data={"agency": petition.lead_agency.name if petition.lead_agency else None,
                     "agency_id": petition.lead_agency_id})
    flush()
    return petition


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
