"""Voter meetings (hội nghị tiếp xúc cử tri): recording and correcting them."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app import permissions
from app.extensions import db
from app.models import Constituency, Delegate, Session, User, VoterMeeting
from app.services.errors import InvalidData, PermissionDenied
from workflows.vocabulary import MEETING_TYPES


def save_meeting(
    user: User,
    *,
    held_on: date,
    place: str,
    locality: str,
    meeting_type: str,
    timing: str = "before",
    session: Session | None = None,
    constituency: Constituency | None = None,
    delegates: Sequence[Delegate] = (),
    voters_count: int = 0,
    notes: str = "",
    meeting: VoterMeeting | None = None,
) -> VoterMeeting:
    if not permissions.can_record(user):
        raise PermissionDenied("Chỉ Văn phòng được ghi nhận hội nghị tiếp xúc cử tri.")
    if not place.strip() or not locality.strip():
        raise InvalidData("Cần ghi địa điểm và địa phương của hội nghị.")
    if meeting_type not in MEETING_TYPES:
        raise InvalidData("Hình thức tiếp xúc không hợp lệ.")
    if timing not in ("before", "after"):
        raise InvalidData("Thời điểm (trước/sau kỳ họp) không hợp lệ.")
    if voters_count < 0:
        raise InvalidData("Số cử tri tham dự không được âm.")
    meeting = meeting or VoterMeeting(created_by_id=user.id)
    meeting.held_on, meeting.place, meeting.locality = held_on, place.strip(), locality.strip()
    meeting.meeting_type, meeting.timing, meeting.session = meeting_type, timing, session
    meeting.constituency, meeting.delegates = constituency, list(delegates)
    meeting.voters_count, meeting.notes = voters_count, notes.strip()
    db.session.add(meeting)
    db.session.flush()
    return meeting
