"""The council office's work on a recommendation (tiếp nhận, phân loại): record, edit, classify, correct the
classification, merge, set apart, submit for transfer, forward, re-route after a return, withdraw."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app import clock, permissions
from app.extensions import db
from app.models import Agency, CodeCounter, Event, Field, Petition, Session, User, VoterMeeting
from app.services.audit import record_event
from app.services.errors import Conflict, InvalidData, PermissionDenied
from app.services.notices import handovers
from app.services.text import clean
from app.services.transitions import check_version, flush, move
from workflows.collation import sorted_vi
from workflows.petition import WITH_AGENCY_STATES, is_open
from workflows.vocabulary import CHANNELS, COMPETENCE_LEVELS

EDITABLE_FIELDS = ("content", "summary", "channel", "locality", "voter_name", "urgent", "timing")


# Where an item is in an agency's hands (its deadline running, or its answer with the committee, or on a roadmap):
# withdrawing it then tells the agencies.
AGENCY_HELD_STATES = (*WITH_AGENCY_STATES, "answered", "on_roadmap")

def next_code(year: int) -> str:
    """KN-<year>-<6 digits>; the counter row is updated in place so concurrent writers queue on it."""
    return next_codes(year, 1)[0]


def next_codes(year: int, count: int) -> list[str]:
    """`count` consecutive codes in one step (an import of 10,000 rows takes one UPDATE, not 10,000).

    The year's counter row is created with INSERT ... ON CONFLICT DO NOTHING first: two writers recording the
    first item of a year both insert, the second waits on the key and then does nothing, and both go on to the
    UPDATE, which hands each its own numbers (a plain INSERT made the loser fail with a duplicate key)."""
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(CodeCounter).values(year=year, last=0).on_conflict_do_nothing(index_elements=["year"]))
    last = db.session.execute(
        update(CodeCounter).where(CodeCounter.year == year).values(last=CodeCounter.last + count)
        .returning(CodeCounter.last)
    ).scalar_one()
    return [f"KN-{year}-{number:06d}" for number in range(last - count + 1, last + 1)]


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
    permissions.require(user, "record")
    if not clean(content):
        raise InvalidData("Nội dung kiến nghị không được để trống.")
    if channel not in CHANNELS:
        raise InvalidData("Kênh tiếp nhận không hợp lệ.")
    if meeting is not None:
        session = session or meeting.session
        timing = timing or meeting.timing
        locality = locality or meeting.locality
    petition = Petition(
        code=next_code(clock.today().year),
        content=clean(content),
        summary=clean(summary) or clean(content)[:200],
        channel=channel,
        locality=clean(locality),
        voter_name=clean(voter_name) or None,
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
    if "content" in changes and not clean(changes["content"]):
        raise InvalidData("Nội dung kiến nghị không được để trống.")
    if "channel" in changes and changes["channel"] not in CHANNELS:
        raise InvalidData("Kênh tiếp nhận không hợp lệ.")
    changed = {}
    for name, value in changes.items():
        value = clean(value) if isinstance(value, str) else value
        if getattr(petition, name) != value:
            changed[name] = {"old": getattr(petition, name), "new": value}
            setattr(petition, name, value)
    if changed:
        # Before and after of each field, for the history; the voter's name is personal data: named, not copied.
        shown = {k: v for k, v in changed.items() if k != "voter_name"}
        record_event(petition, user, "edit", petition.status, petition.status,
                     data={"fields": sorted(changed), "changes": shown})
        flush()
    return petition


def _names(agencies: Sequence[Agency]) -> list[str]:
    return sorted_vi(a.name for a in agencies)


def classification_changes(petition: Petition, *, field: Field | None, competence_level: str | None,
                           lead_agency: Agency | None, coordinating: Sequence[Agency] | None,
                           summary: str | None = None) -> dict[str, dict]:
    """What a correction would change, as {name: {"old": shown, "new": shown}} (None arguments: unchanged)."""
    out: dict[str, dict] = {}

    def note(name, old, new):
        if old != new:
            out[name] = {"old": old, "new": new}

    if field is not None:
        note("field", petition.field.name if petition.field else None, field.name)
    if competence_level is not None:
        note("competence_level", petition.competence_level, competence_level)
    note("lead_agency", petition.lead_agency.name if petition.lead_agency else None,
         lead_agency.name if lead_agency else None)
    if coordinating is not None:
        note("coordinating", _names(petition.coordinating_agencies), _names(coordinating))
    if summary is not None:
        note("summary", petition.summary, summary)
    return out


def correct(user: User, petition: Petition, *, field: Field, competence_level: str, lead_agency: Agency | None,
            coordinating: Sequence[Agency] = (), summary: str | None = None,
            expected_version: int | None = None) -> dict[str, dict]:
    """Sửa phân loại: the office corrects field, competence level, proposed agencies and summary of an item it
    still holds (not yet transferred); one event with each change's before and after. Returns the changes."""
    permissions.require_correction(user, petition)
    check_version(petition, expected_version)
    if competence_level not in COMPETENCE_LEVELS:
        raise InvalidData("Thẩm quyền không hợp lệ.")
    check_coordinating(lead_agency, coordinating)
    if summary is not None:
        summary = clean(summary)
        if not summary:
            raise InvalidData("Tóm tắt không được để trống.")
    changes = classification_changes(petition, field=field, competence_level=competence_level,
                                     lead_agency=lead_agency, coordinating=coordinating, summary=summary)
    if not changes:
        return changes
    petition.field = field
    petition.competence_level = competence_level
    petition.lead_agency = lead_agency
    petition.coordinating_agencies = list(coordinating)
    if summary is not None:
        petition.summary = summary
    record_event(petition, user, "correct", petition.status, petition.status, data={"changes": changes})
    flush()
    return changes


def classify(user: User, petition: Petition, *, field: Field, competence_level: str,
             lead_agency: Agency | None, coordinating: Sequence[Agency] = (),
             expected_version: int | None = None) -> Petition:
    """Phân loại: field, competence level and the proposed lead and coordinating agencies."""
    if competence_level not in COMPETENCE_LEVELS:
        raise InvalidData("Thẩm quyền không hợp lệ.")
    check_coordinating(lead_agency, coordinating)
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


def check_coordinating(lead: Agency | None, coordinating: Sequence[Agency]) -> None:
    if lead is not None and any(a.id == lead.id for a in coordinating):
        raise InvalidData("Cơ quan chủ trì không đồng thời là cơ quan phối hợp.")


def set_aside(user: User, petition: Petition, *, kind: str, reason: str,
              expected_version: int | None = None) -> Petition:
    """Tách riêng: an opinion, a complaint or a denunciation follows other laws."""
    move(petition, "set_aside", user, expected_version=expected_version, reason=clean(reason), kind=kind,
         event_data={"kind": kind})
    petition.set_aside_kind = kind
    petition.closed_at = clock.utcnow()
    flush()
    return petition


def mark_answered_at_meeting(user: User, petition: Petition, *, explanation: str,
                             expected_version: int | None = None) -> Petition:
    """Giải trình tại hội nghị: local leaders answered on the spot; the explanation is the reason."""
    move(petition, "mark_answered_at_meeting", user, expected_version=expected_version,
         reason=clean(explanation))
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
    event = move(petition, "submit_for_transfer", user, expected_version=expected_version,
                 field_id=petition.field_id, lead_agency_id=petition.lead_agency_id)
    flush()
    handovers.announce(petition, event, handovers.SUBMITTED, handovers.role_users(("committee",)), user)
    return petition


def forward(user: User, petition: Petition, *, receiving_body: str, letter_number: str,
            expected_version: int | None = None) -> Petition:
    """Chuyển cấp trên: central-level items go to the National Assembly delegation."""
    move(petition, "forward", user, expected_version=expected_version,
         receiving_body=clean(receiving_body), letter_number=clean(letter_number),
         event_data={"receiving_body": clean(receiving_body), "letter_number": clean(letter_number)})
    petition.forwarded_to = clean(receiving_body)
    petition.forward_letter_number = clean(letter_number)
    petition.closed_at = clock.utcnow()
    flush()
    return petition


def last_return(petition: Petition) -> Event | None:
    """The agency's latest return as not competent: its reason, the agency and the agency it suggested."""
    return db.session.scalar(
        select(Event).where(Event.petition_id == petition.id, Event.action == "return_not_competent")
        .order_by(Event.at.desc(), Event.id.desc()).limit(1))


def reroute(user: User, petition: Petition, *, lead_agency: Agency | None, coordinating: Sequence[Agency] = (),
            field: Field | None = None, competence_level: str | None = None, reason: str = "",
            send_to_returning_agency: bool = False, expected_version: int | None = None) -> Petition:
    """Phân loại lại: after an agency returned the item as not competent, the office names the new proposed lead
    agency (and may correct the classification); the agency that returned it is never chosen silently."""
    if lead_agency is None:
        raise InvalidData("Chọn cơ quan chủ trì mới (đề xuất) để phân loại lại.")
    if competence_level is not None and competence_level not in COMPETENCE_LEVELS:
        raise InvalidData("Thẩm quyền không hợp lệ.")
    check_coordinating(lead_agency, coordinating)
    returned = last_return(petition)
    returning_id = (returned.data or {}).get("agency_id") if returned else None
    returning_id = returning_id or petition.lead_agency_id
    if lead_agency.id == returning_id and not send_to_returning_agency:
        raise InvalidData("%(agency)s vừa trả lại kiến nghị này vì không đúng thẩm quyền. Chọn cơ quan khác, "
                          "hoặc đánh dấu xác nhận vẫn đề xuất cơ quan này.", agency=lead_agency.name)
    changes = classification_changes(petition, field=field, competence_level=competence_level,
                                     lead_agency=lead_agency, coordinating=coordinating)
    move(petition, "reroute", user, expected_version=expected_version, reason=clean(reason),
         event_data={"changes": changes, "lead_agency_id": lead_agency.id,
                     "same_agency_confirmed": bool(lead_agency.id == returning_id)})
    with db.session.no_autoflush:
        if field is not None:
            petition.field = field
        if competence_level is not None:
            petition.competence_level = competence_level
        petition.lead_agency = lead_agency
        petition.coordinating_agencies = list(coordinating)
        petition.due_date = petition.very_overdue_date = None
        petition.deadline_info = None
    flush()
    return petition


def withdraw(user: User, petition: Petition, *, reason: str, expected_version: int | None = None) -> Petition:
    """Rút / hủy: an office leader or administrator ends an open item, with the reason."""
    held = petition.status in AGENCY_HELD_STATES
    event = move(petition, "withdraw", user, expected_version=expected_version, reason=clean(reason))
    petition.closed_at = clock.utcnow()
    flush()
    if held:  # the agencies working on it are told it ended (their unread notices were just cancelled)
        handovers.announce(petition, event, handovers.WITHDRAWN, handovers.lead_and_coordinating(petition), user)
    return petition
