"""Committee-side services: judge answers (accept, roadmap, re-answer) and close roadmap items (đánh giá)."""
from __future__ import annotations

from datetime import date

from app import clock
from app.extensions import db
from app.models import Petition, Review, User
from app.services import dates
from app.services.audit import record_event
from app.services.deadlines import rules as deadlines
from app.services.errors import Conflict, InvalidData
from app.services.notices import handovers
from app.services.petitions.answers import latest_submitted
from app.services.text import clean
from app.services.transitions import authorize, flush, move
from workflows.vocabulary import CLOSING_CATEGORIES


def _submitted_answer(user: User, action: str, petition: Petition):
    authorize(user, action, petition)
    answer = latest_submitted(petition)
    if answer is None:
        raise Conflict("Kiến nghị chưa có văn bản trả lời nào để đánh giá.")
    return answer


def answer_closes(answer) -> bool:
    """Does accepting this answer end the item? Only with a result that closes (not "being resolved")."""
    return answer is not None and answer.result_category in CLOSING_CATEGORIES


def accept(user: User, petition: Petition, *, comment: str = "", expected_version: int | None = None) -> Review:
    """Chấp nhận: the answer closes the item with its result category."""
    answer = _submitted_answer(user, "accept", petition)
    if not answer_closes(answer):
        # Closing it would record "being resolved" as the item's final result; a roadmap follows it until done.
        raise Conflict("Trả lời có kết quả “Đang giải quyết”, chưa thể kết thúc kiến nghị: chọn “Theo lộ trình” "
                       "để theo dõi đến khi hoàn thành, hoặc yêu cầu trả lời lại.")
    event = move(petition, "accept", user, expected_version=expected_version, reason=clean(comment),
         result_category=answer.result_category, event_data={"result_category": answer.result_category})
    petition.result_category = answer.result_category
    petition.closed_at = clock.utcnow()
    review = Review(petition_id=petition.id, answer_id=answer.id, decision="accept", comment=clean(comment),
                    reviewer_id=user.id, created_at=clock.utcnow())
    db.session.add(review)
    flush()
    handovers.announce(petition, event, "closed", handovers.lead_and_coordinating(petition), user)
    return review


def accept_on_roadmap(user: User, petition: Petition, *, expected_date: date | None = None, comment: str = "",
                      expected_version: int | None = None) -> Review:
    """Theo lộ trình: accepted, followed with progress reports until the commitment is met."""
    answer = _submitted_answer(user, "accept_on_roadmap", petition)
    expected_date = expected_date or answer.expected_date
    dates.check(expected_date)
    if expected_date is not None and expected_date < clock.today():
        raise InvalidData("Thời hạn hoàn thành dự kiến không được ở quá khứ.")
    event = move(petition, "accept_on_roadmap", user, expected_version=expected_version, reason=clean(comment),
         expected_date=expected_date, event_data={"expected_date": expected_date})
    petition.result_category = "in_progress"
    petition.roadmap_expected_date = expected_date
    review = Review(petition_id=petition.id, answer_id=answer.id, decision="accept_on_roadmap",
                    comment=clean(comment), reviewer_id=user.id, created_at=clock.utcnow())
    db.session.add(review)
    flush()
    handovers.announce(petition, event, "roadmap_accepted", handovers.agency_users([petition.lead_agency_id]), user)
    return review


def request_reanswer(user: User, petition: Petition, *, reason: str, expected_version: int | None = None) -> Review:
    """Yêu cầu trả lời lại: a vague or off-topic answer goes back, with a reason and a new deadline."""
    answer = _submitted_answer(user, "request_reanswer", petition)
    event = move(petition, "request_reanswer", user, expected_version=expected_version, reason=clean(reason))
    petition.reanswer_count += 1
    with db.session.no_autoflush:
        deadline = deadlines.assign(petition, clock.today(), "reanswer")
    record_event(petition, user, "deadline_set", petition.status, petition.status,
                 reason=deadline.summary(), data={"due": deadline.due, "very_overdue": deadline.very_overdue,
                                                  "details": deadline.details()})
    review = Review(petition_id=petition.id, answer_id=answer.id, decision="request_reanswer",
                    comment=clean(reason), new_due_date=deadline.due, reviewer_id=user.id,
                    created_at=clock.utcnow())
    db.session.add(review)
    flush()
    handovers.announce(petition, event, "reanswer_requested", handovers.agency_users([petition.lead_agency_id]), user)
    return review


def mark_done(user: User, petition: Petition, *, comment: str = "", result_category: str = "resolved",
              expected_version: int | None = None) -> Review:
    """The roadmap commitment is met: the item closes."""
    event = move(petition, "mark_done", user, expected_version=expected_version, reason=clean(comment),
         result_category=result_category, event_data={"result_category": result_category})
    petition.result_category = result_category
    petition.closed_at = clock.utcnow()
    review = Review(petition_id=petition.id, decision="mark_done", comment=clean(comment),
                    reviewer_id=user.id, created_at=clock.utcnow())
    db.session.add(review)
    flush()
    handovers.announce(petition, event, "closed", handovers.lead_and_coordinating(petition), user)
    return review
