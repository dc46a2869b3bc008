"""Intake and routing services for the council office and the standing committee (tiếp nhận, phân loại, chuyển)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select, update

from app import clock, permissions
from app.extensions import db
from app.models import Agency, CodeCounter, Field, Petition, Session, User, VoterMeeting
from app.services import deadlines
from app.services.audit import record_event
from app.services.errors import Conflict, InvalidData, PermissionDenied
from app.services.lifecycle import check_version, flush, move
from workflows.petition import is_open
from workflows.vocabulary import CHANNELS, COMPETENCE_LEVELS

EDITABLE_FIELDS = ("content", "summary", "channel", "locality", "voter_name", "urgent", "timing")


def next_code(year: int) -> str:
    """KN-<year>-<6 digits>; the counter row is updated in place so concurrent writers queue on it."""
    bumped = db.session.execute(
        update(CodeCounter).where(CodeCounter.year == year).values(last=CodeCounter.last + 1)
        .returning(CodeCounter.last)
    ).scalar()
    if bumped is None:
        db.session.add(CodeCounter(year=year, last=1))
        db.session.flush()
        bumped = 1
    return f"KN-{year}-{bumped:06d}"


def _clean(text: str | None) -> str:
    return (text or "").strip()


def record_petition(
    user: User,
    *,
    content: str,
    summary: str = "",
    channel: str = "meeting",
    locality: str = "",
    voter_name: str | None = None,
    meeting: VoterMeeting | None = None,
    session: Session | None = None,
    timing: str | None = None,
    urgent: bool = False,
) -> Petition:
    """Tập hợp: a clerk enters one recommendation as the voter put it ("Mới cập nhật")."""
    if not permissions.can_record(user):
        raise PermissionDenied("Chỉ Văn phòng được ghi nhận kiến nghị.")
    if not _clean(content):
        raise InvalidData("Nội dung kiến nghị không được để trống.")
    if channel not in CHANNELS:
        raise InvalidData("Kênh tiếp nhận không hợp lệ.")
    if meeting is not None:
        session = session or meeting.session
        timing = timing or meeting.timing
        locality = locality or meeting.locality
    petition = Petition(
        code=next_code(clock.today().year),
        content=_clean(content),
        summary=_clean(summary) or _clean(content)[:200],
        channel=channel,
        locality=_clean(locality),
        voter_name=_clean(voter_name) or None,
        meeting=meeting,
        session=session,
        timing=timing or "before",
        urgent=urgent,
        status="recorded",
        created_by_id=user.id,
        created_at=clock.utcnow(),
    )
    db.session.add(petition)
    db.session.flush()
    record_event(petition, user, "record", None, "recorded", data={"code": petition.code})
    flush()
    return petition


def update_petition(user: User, petition: Petition, *, expected_version: int | None = None, **changes) -> Petition:
    """Correct what was recorded while the item is still with the office; logs the changed fields."""
    if not permissions.can_edit(user, petition):
        raise PermissionDenied("Chỉ sửa được kiến nghị khi còn ở Văn phòng.")
    check_version(petition, expected_version)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidData("Không được sửa các trường: %(fields)s", fields=", ".join(sorted(unknown)))
    if "content" in changes and not _clean(changes["content"]):
        raise InvalidData("Nội dung kiến nghị không được để trống.")
    if "channel" in changes and changes["channel"] not in CHANNELS:
        raise InvalidData("Kênh tiếp nhận không hợp lệ.")
    changed = {}
    for name, value in changes.items():
        value = _clean(value) if isinstance(value, str) else value
        if getattr(petition, name) != value:
            changed[name] = {"old": getattr(petition, name), "new": value}
            setattr(petition, name, value)
    if changed:
        record_event(petition, user, "edit", petition.status, petition.status,
                     data={"fields": sorted(changed)})
        flush()
    return petition


def classify(user: User, petition: Petition, *, field: Field, competence_level: str,
             lead_agency: Agency | None, coordinating: Sequence[Agency] = (),
             expected_version: int | None = None) -> Petition:
    """Phân loại: field, competence level and the proposed lead and coordinating agencies."""
    if competence_level not in COMPETENCE_LEVELS:
        raise InvalidData("Thẩm quyền không hợp lệ.")
    _check_coordinating(lead_agency, coordinating)
    move(petition, "classify", user, expected_version=expected_version, field_id=field.id,
         competence_level=competence_level,
         event_data={"field": field.name, "competence_level": competence_level,
                     "lead_agency": lead_agency.name if lead_agency else None,
                     "coordinating": [a.name for a in coordinating]})
    petition.field = field
    petition.competence_level = competence_level
    petition.lead_agency = lead_agency
    petition.coordinating_agencies = list(coordinating)
    flush()
    return petition


def _check_coordinating(lead: Agency | None, coordinating: Sequence[Agency]) -> None:
    if lead is not None and any(a.id == lead.id for a in coordinating):
        raise InvalidData("Cơ quan chủ trì không đồng thời là cơ quan phối hợp.")


def set_aside(user: User, petition: Petition, *, kind: str, reason: str,
              expected_version: int | None = None) -> Petition:
    """Tách riêng: an opinion, a complaint or a denunciation follows other laws."""
    move(petition, "set_aside", user, expected_version=expected_version, reason=_clean(reason), kind=kind,
         event_data={"kind": kind})
    petition.set_aside_kind = kind
    petition.closed_at = clock.utcnow()
    flush()
    return petition


def mark_answered_at_meeting(user: User, petition: Petition, *, explanation: str,
                             expected_version: int | None = None) -> Petition:
    """Giải trình tại hội nghị: local leaders answered on the spot; the explanation is the reason."""
    move(petition, "mark_answered_at_meeting", user, expected_version=expected_version,
         reason=_clean(explanation))
    petition.result_category = "explained"
    petition.closed_at = clock.utcnow()
    flush()
    return petition


def merge(user: User, petition: Petition, *, into: Petition, expected_version: int | None = None) -> Petition:
    """Gộp: the duplicate points to the surviving item, which keeps every source through the link."""
    if into.id == petition.id:
        raise InvalidData("Không thể gộp một kiến nghị vào chính nó.")
    if not is_open(into.status) or into.status == "merged":
        raise Conflict("Kiến nghị %(code)s đã kết thúc, không thể gộp vào.", code=into.code)
    move(petition, "merge", user, expected_version=expected_version, merged_into_id=into.id,
         reason=f"Trùng với {into.code}", event_data={"into": into.code})
    petition.merged_into = into
    petition.closed_at = clock.utcnow()
    # Items already merged into this one follow it, so every source stays one hop from the survivor.
    for earlier in db.session.scalars(select(Petition).where(Petition.merged_into_id == petition.id)):
        earlier.merged_into = into
    record_event(into, user, "merge_received", into.status, into.status,
                 reason=f"Gộp {petition.code} vào", data={"from": petition.code})
    flush()
    return petition


def submit_for_transfer(user: User, petition: Petition, *, expected_version: int | None = None) -> Petition:
    """Trình Thường trực: the classified item waits for the standing committee's approval."""
    move(petition, "submit_for_transfer", user, expected_version=expected_version,
         field_id=petition.field_id, lead_agency_id=petition.lead_agency_id)
    flush()
    return petition


def forward(user: User, petition: Petition, *, receiving_body: str, letter_number: str,
            expected_version: int | None = None) -> Petition:
    """Chuyển cấp trên: central-level items go to the National Assembly delegation."""
    move(petition, "forward", user, expected_version=expected_version,
         receiving_body=_clean(receiving_body), letter_number=_clean(letter_number),
         event_data={"receiving_body": _clean(receiving_body), "letter_number": _clean(letter_number)})
    petition.forwarded_to = _clean(receiving_body)
    petition.forward_letter_number = _clean(letter_number)
    petition.closed_at = clock.utcnow()
    flush()
    return petition


def transfer(user: User, petition: Petition, *, letter_number: str, letter_date: date,
             lead_agency: Agency | None = None, coordinating: Sequence[Agency] | None = None,
             expected_version: int | None = None) -> Petition:
    """Chuyển: the standing committee signs the transfer letter; the agency's clock starts here."""
    lead = lead_agency or petition.lead_agency
    if coordinating is not None:
        _check_coordinating(lead, coordinating)
    move(petition, "transfer", user, expected_version=expected_version,
         lead_agency_id=lead.id if lead else None, letter_number=_clean(letter_number),
         letter_date=letter_date,
         event_data={"letter_number": _clean(letter_number), "letter_date": letter_date,
                     "lead_agency": lead.name if lead else None})
    # Loading the coordinating list and the rule lookup both query; the CHECK "with the agency => has a
    # due date" must not see the row flushed half-set, so nothing flushes until the due date is assigned.
    with db.session.no_autoflush:
        petition.lead_agency = lead
        if coordinating is not None:
            petition.coordinating_agencies = list(coordinating)
        petition.transfer_letter_number = _clean(letter_number)
        petition.transfer_letter_date = letter_date
        petition.transferred_on = letter_date
        deadline = deadlines.assign(petition, letter_date, "answer")
    record_event(petition, user, "deadline_set", petition.status, petition.status,
                 reason=deadline.explain(), data={"due": deadline.due, "very_overdue": deadline.very_overdue})
    flush()
    return petition


def send_back(user: User, petition: Petition, *, reason: str, expected_version: int | None = None) -> Petition:
    """Thường trực trả lại Văn phòng, with the reason."""
    move(petition, "send_back", user, expected_version=expected_version, reason=_clean(reason))
    flush()
    return petition


def reroute(user: User, petition: Petition, *, reason: str = "", expected_version: int | None = None) -> Petition:
    """After an agency returned the item as not competent, the office classifies it again."""
    move(petition, "reroute", user, expected_version=expected_version, reason=_clean(reason))
    petition.due_date = petition.very_overdue_date = None
    petition.deadline_info = None
    flush()
    return petition


def withdraw(user: User, petition: Petition, *, reason: str, expected_version: int | None = None) -> Petition:
    """Rút / hủy: an office leader or administrator ends an open item, with the reason."""
    move(petition, "withdraw", user, expected_version=expected_version, reason=_clean(reason))
    petition.closed_at = clock.utcnow()
    flush()
    return petition
