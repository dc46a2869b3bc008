"""Compound operations the pages need in one call: several recommendations from a meeting, several submitted
at once, an answer together with its files. Each is all-or-nothing (one flush scope)."""
from __future__ import annotations

from collections.abc import Sequence

from app.models import Answer, Petition, User, VoterMeeting
from app.services.errors import DomainError, InvalidData
from app.services.petitions import answers, attachments, intake

Files = Sequence[tuple[str, bytes]]
# Recommendations typed from one meeting in one go: more than any meeting raises; a larger post is refused.
MAX_ROWS = 200


def record_from_meeting(user: User, meeting: VoterMeeting, rows: Sequence[dict]) -> list[Petition]:
    """Several recommendations raised at one meeting; blank rows are ignored, at least one is needed."""
    filled = [r for r in rows if (r.get("content") or "").strip()]
    if len(filled) > MAX_ROWS:
        raise InvalidData("Mỗi lần ghi nhận tối đa %(n)s kiến nghị.", n=MAX_ROWS)
    if not filled:
        raise InvalidData("Cần nhập nội dung cho ít nhất một kiến nghị.")
    return [intake.record_petition(user, meeting=meeting, channel="meeting", **r) for r in filled]


def submit_many(user: User, items: Sequence[tuple[Petition, int | None]]) -> list[Petition]:
    """Trình Thường trực several classified items at once; a stale or illegal one stops the whole batch."""
    if not items:
        raise InvalidData("Chọn ít nhất một kiến nghị để trình Thường trực.")
    done = []
    for p, version in items:
        try:
            done.append(intake.submit_for_transfer(user, p, expected_version=version))
        except DomainError as exc:  # say which item stopped the batch
            raise type(exc)("%(code)s: %(problem)s", code=p.code, problem=exc.message) from exc
    return done


def _attach_all(user: User, petition: Petition, answer: Answer, files: Files) -> None:
    for filename, data in files:
        attachments.attach(user, filename, data, petition=petition, answer=answer)


def draft_answer_with_files(user: User, petition: Petition, files: Files = (), **fields) -> Answer:
    """Dự thảo trả lời with its attachments (draft letter, appendices)."""
    for filename, data in files:  # refuse a bad file before anything moves
        attachments.check(filename, data)
    answer = answers.draft_answer(user, petition, **fields)
    _attach_all(user, petition, answer, files)
    return answer


def submit_answer_with_files(user: User, petition: Petition, files: Files = (), **fields) -> Answer:
    """The leader submits, attaching the signed letter (usually a PDF)."""
    for filename, data in files:
        attachments.check(filename, data)
    answer = answers.submit_answer(user, petition, **fields)
    _attach_all(user, petition, answer, files)
    return answer
