"""Compound operations the pages need in one call: several recommendations from a meeting, several submitted
at once, an answer together with its files. Each is all-or-nothing (one flush scope)."""
from __future__ import annotations

from collections.abc import Sequence

from app.models import Agency, Answer, Field, Petition, User, VoterMeeting
from app.services.errors import Conflict, DomainError, InvalidData
from app.services.petitions import answers, attachments, intake

Files = Sequence[tuple[str, bytes]]


def record_from_meeting(user: User, meeting: VoterMeeting, rows: Sequence[dict]) -> list[Petition]:
    """Several recommendations raised at one meeting; blank rows are ignored, at least one is needed."""
    filled = [r for r in rows if (r.get("content") or "").strip()]
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


def classify_many(user: User, items: Sequence[tuple[Petition, int | None]], *, field: Field, competence_level: str,
                  lead_agency: Agency | None, coordinating: Sequence[Agency] = ()) -> list[Petition]:
    """Phân loại hàng loạt: one field, competence level and proposed agencies for every ticked item; new items are
    classified, classified ones corrected. One item that cannot be stops the whole batch, saying which."""
    if not items:
        raise InvalidData("Chọn ít nhất một kiến nghị để phân loại.")
    done = []
    for p, version in items:
        try:
            if p.status == "recorded":
                intake.classify(user, p, field=field, competence_level=competence_level, lead_agency=lead_agency,
                                coordinating=coordinating, expected_version=version)
            elif p.status in ("classified", "awaiting_transfer"):
                intake.correct(user, p, field=field, competence_level=competence_level, lead_agency=lead_agency,
                               coordinating=coordinating, expected_version=version)
            else:
                raise Conflict("Kiến nghị không còn ở bước phân loại.")
        except DomainError as exc:
            raise type(exc)("%(code)s: %(problem)s", code=p.code, problem=exc.message) from exc
        done.append(p)
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
