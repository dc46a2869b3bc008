"""Compound operations the pages need in one call: several recommendations from a meeting, several submitted
at once, an answer together with its files. Each is all-or-nothing (one flush scope)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from app.models import Agency, Answer, Field, Petition, User, VoterMeeting
from app.services.errors import Conflict, DomainError, InvalidData
from app.services.petitions import answers, attachments, intake, meetings
from workflows.messages import N_

Files = Sequence[tuple[str, bytes]]
# Recommendations typed from one meeting in one go: more than any meeting raises; a larger post is refused.
MAX_ROWS = 200
T = TypeVar("T")


def record_from_meeting(user: User, meeting: VoterMeeting, rows: Sequence[dict]) -> list[Petition]:
    """Several recommendations raised at one meeting; blank rows are ignored, at least one is needed. A row that
    carries a field and a proposed lead agency is classified at once (competence level: the agency's), so the
    clerk who already knows where an item goes does not open it again; a row with only one of the two is refused."""
    filled = [r for r in rows if (r.get("content") or "").strip()]
    if len(filled) > MAX_ROWS:
        raise InvalidData("Mỗi lần ghi nhận tối đa %(n)s kiến nghị.", n=MAX_ROWS)
    if not filled:
        raise InvalidData("Cần nhập nội dung cho ít nhất một kiến nghị.")
    recorded = []
    for number, row in enumerate(filled, start=1):
        row = dict(row)
        field, agency = row.pop("field", None), row.pop("lead_agency", None)
        if (field is None) != (agency is None):
            raise InvalidData("Kiến nghị %(n)s: chọn cả lĩnh vực và cơ quan chủ trì đề xuất để phân loại ngay, "
                              "hoặc để trống cả hai.", n=number)
        petition = intake.record_petition(user, meeting=meeting, channel="meeting", **row)
        if field is not None:
            intake.classify(user, petition, field=field, competence_level=agency.competence_level, lead_agency=agency)
        recorded.append(petition)
    return recorded


def meeting_with_petitions(user: User, rows: Sequence[dict], **meeting) -> tuple[VoterMeeting, list[Petition]]:
    """A new meeting and the recommendations typed below it, in one call (both or neither); with every row blank,
    only the meeting."""
    saved = meetings.save_meeting(user, **meeting)
    if not any((r.get("content") or "").strip() for r in rows):
        return saved, []
    return saved, record_from_meeting(user, saved, rows)


def _each(items: Sequence[tuple[Petition, int | None]], none_chosen: str, step: Callable[[Petition, int | None], T]
          ) -> list[T]:
    """`step` for every ticked item (with the version its page showed), all or nothing: the first item refused
    stops the batch, and the message says which item it was."""
    if not items:
        raise InvalidData(none_chosen)
    done = []
    for p, version in items:
        try:
            done.append(step(p, version))
        except DomainError as exc:
            raise type(exc)("%(code)s: %(problem)s", code=p.code, problem=exc.message) from exc
    return done


def submit_many(user: User, items: Sequence[tuple[Petition, int | None]]) -> list[Petition]:
    """Trình Thường trực several classified items at once; a stale or illegal one stops the whole batch."""
    return _each(items, N_("Chọn ít nhất một kiến nghị để trình Thường trực."),
                 lambda p, version: intake.submit_for_transfer(user, p, expected_version=version))


def classify_many(user: User, items: Sequence[tuple[Petition, int | None]], *, field: Field, competence_level: str,
                  lead_agency: Agency | None, coordinating: Sequence[Agency] = ()) -> list[Petition]:
    """Phân loại hàng loạt: one field, competence level and proposed agencies for every ticked item; new items are
    classified, classified ones corrected. One item that cannot be stops the whole batch, saying which."""
    chosen = dict(field=field, competence_level=competence_level, lead_agency=lead_agency, coordinating=coordinating)

    def classify_or_correct(p: Petition, version: int | None) -> Petition:
        if p.status == "recorded":
            intake.classify(user, p, expected_version=version, **chosen)
        elif p.status in ("classified", "awaiting_transfer"):
            intake.correct(user, p, expected_version=version, **chosen)
        else:
            raise Conflict("Kiến nghị không còn ở bước phân loại.")
        return p

    return _each(items, N_("Chọn ít nhất một kiến nghị để phân loại."), classify_or_correct)


def submit_answers(user: User, items: Sequence[tuple[Petition, int | None]]) -> list[Answer]:
    """Duyệt và gửi several drafts at once from the leader's desk (the drafts read there): each submitted as its own
    letter through the lifecycle door; a stale or illegal one stops the whole batch, saying which."""
    return _each(items, N_("Chọn ít nhất một dự thảo để duyệt và gửi."),
                 lambda p, version: answers.submit_answer(user, p, expected_version=version))


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


def send_answer(user: User, petition: Petition, files: Files = (), *, letter_number: str = "",
                letter_date=None, expected_version: int | None = None, **fields) -> Answer:
    """An agency leader who writes the answer signs it too: the draft and its submission in one call, each move
    through the lifecycle door, so either both happen or neither does."""
    draft_answer_with_files(user, petition, files, letter_number=letter_number, letter_date=letter_date,
                            expected_version=expected_version, **fields)
    return answers.submit_answer(user, petition, letter_number=letter_number, letter_date=letter_date)


def reroute_and_submit(user: User, petition: Petition, *, expected_version: int | None = None,
                       **rerouting) -> Petition:
    """Phân loại lại và trình: a returned item back to the office, with its new proposed agency (intake.reroute's
    arguments), and on to the committee in one call; both moves through the lifecycle door, both or neither."""
    intake.reroute(user, petition, expected_version=expected_version, **rerouting)
    return intake.submit_for_transfer(user, petition)


def submit_answer_with_files(user: User, petition: Petition, files: Files = (), **fields) -> Answer:
    """The leader submits, attaching the signed letter (usually a PDF)."""
    for filename, data in files:
        attachments.check(filename, data)
    answer = answers.submit_answer(user, petition, **fields)
    _attach_all(user, petition, answer, files)
    return answer
