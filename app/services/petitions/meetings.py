"""Voter meetings (hội nghị tiếp xúc cử tri): recording and correcting them, and finding them again."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import make_transient_to_detached

from app import clock, permissions
from app.extensions import db
from app.models import Constituency, Delegate, Petition, Session, User, VoterMeeting
from app.models.meeting import meeting_delegate
from app.services import bulk, dates
from app.services.errors import InvalidData
from workflows.vocabulary import MEETING_TYPES

# More than any hall holds: a larger figure is a typing slip (and 2^31 no longer fits the column).
MAX_VOTERS = 100_000


def save_meeting(
    user: User,
    *,
    meeting: VoterMeeting | None = None,
    **details,
) -> VoterMeeting:
    """Record a voter meeting, or correct `meeting`; flushes. `details`: held_on, place, locality, meeting_type,
    and optionally timing, session, constituency, delegates, voters_count, notes."""
    permissions.require(user, "record_meeting")
    meeting = _filled(user, meeting, **details)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def save_meetings(user: User, many: Sequence[dict]) -> list[VoterMeeting]:
    """Record several new meetings (an import's), each checked as save_meeting checks it, in one flush; on
    PostgreSQL, ids drawn at once and the rows written by COPY (1,700 meetings of a 10,000-row sheet), then
    attached to the session as the stored rows they now are."""
    permissions.require(user, "record_meeting")
    created = [_filled(user, None, **details) for details in many]
    ids = bulk.new_ids(VoterMeeting.__table__, len(created)) if len(created) >= bulk.COPY_FROM else None
    if ids is None:
        db.session.add_all(created)
        db.session.flush()
        return created
    columns = [c.key for c in VoterMeeting.__table__.c]
    for meeting, meeting_id in zip(created, ids, strict=True):
        meeting.id = meeting_id
        meeting.session_id = meeting.session.id if meeting.session else None
        meeting.constituency_id = meeting.constituency.id if meeting.constituency else None
        meeting.created_at = meeting.created_at or clock.utcnow()
    bulk.insert_rows(VoterMeeting.__table__, [{c: getattr(m, c) for c in columns} for m in created])
    bulk.insert_rows(meeting_delegate, [{"meeting_id": m.id, "delegate_id": d.id} for m in created
                                         for d in m.delegates])
    for meeting in created:
        make_transient_to_detached(meeting)
        db.session.add(meeting)
    return created


def _filled(
    user: User,
    meeting: VoterMeeting | None,
    *,
    held_on: date,
    place: str,
    locality: str,
    meeting_type: str,
    timing: str | None = None,
    session: Session | None = None,
    constituency: Constituency | None = None,
    delegates: Sequence[Delegate] = (),
    voters_count: int = 0,
    notes: str = "",
) -> VoterMeeting:
    if not place.strip() or not locality.strip():
        raise InvalidData("Cần ghi địa điểm và địa phương của hội nghị.")
    if meeting_type not in MEETING_TYPES:
        raise InvalidData("Hình thức tiếp xúc không hợp lệ.")
    dates.check(held_on)
    timing = timing or timing_of(meeting_type, held_on, session)
    session = session or session_for(held_on, timing)
    if timing not in ("before", "after"):
        raise InvalidData("Thời điểm (trước/sau kỳ họp) không hợp lệ.")
    if voters_count < 0:
        raise InvalidData("Số cử tri tham dự không được âm.")
    if voters_count > MAX_VOTERS:
        raise InvalidData("Số cử tri tham dự không quá %(n)s.", n=MAX_VOTERS)
    dates.check(held_on)
    meeting = meeting or VoterMeeting(created_by_id=user.id)
    meeting.held_on, meeting.place, meeting.locality = held_on, place.strip(), locality.strip()
    meeting.meeting_type, meeting.timing, meeting.session = meeting_type, timing, session
    meeting.constituency, meeting.delegates = constituency, list(delegates)
    meeting.voters_count, meeting.notes = voters_count, notes.strip()
    return meeting


def session_for(held_on: date, timing: str = "before") -> Session | None:
    """The session a meeting held on `held_on` belongs to when the clerk does not say: before a session, the
    next one to open (on or after the day); after a session, the last one opened by then. Falls back to the
    nearest the other way, so a meeting is never left without one while sessions exist."""
    upcoming = select(Session).where(Session.opening >= held_on).order_by(Session.opening).limit(1)
    past = select(Session).where(Session.opening <= held_on).order_by(Session.opening.desc()).limit(1)
    first, second = (upcoming, past) if timing == "before" else (past, upcoming)
    return db.session.scalar(first) or db.session.scalar(second)


def timing_of(meeting_type: str, held_on: date, session: Session | None) -> str:
    """Before or after a session, asked once: "Hình thức" says it for meetings before/after a session; for the
    other forms it follows from the date and the session (on or before its opening: before)."""
    if meeting_type == "after_session":
        return "after"
    if meeting_type == "before_session" or session is None:
        return "before"
    return "before" if held_on <= session.opening else "after"


# --- Reading: the meetings list and one meeting's items --------------------------------------------

MEETINGS_PER_PAGE = 30
MAX_PAGE = 100_000


@dataclass
class MeetingFilters:
    """The meetings list's filters, which live in its URL like every list's."""

    session: int | None = None
    locality: str = ""
    meeting_type: str = ""
    direction: str = "desc"  # by date held
    page: int = 1


def find_meetings(filters: MeetingFilters):
    """(page of meetings, number of recommendations recorded from each meeting on the page)."""
    query = select(VoterMeeting)
    if filters.session:
        query = query.where(VoterMeeting.session_id == filters.session)
    if filters.locality:
        query = query.where(VoterMeeting.locality.ilike(f"%{filters.locality}%"))
    if filters.meeting_type:
        query = query.where(VoterMeeting.meeting_type == filters.meeting_type)
    order = VoterMeeting.held_on.asc() if filters.direction == "asc" else VoterMeeting.held_on.desc()
    page = db.paginate(query.order_by(order, VoterMeeting.id.desc()), page=filters.page,
                       per_page=MEETINGS_PER_PAGE, error_out=False)
    counts = dict(db.session.execute(select(Petition.meeting_id, func.count()).where(
        Petition.meeting_id.in_([m.id for m in page.items])).group_by(Petition.meeting_id)).all())
    return page, counts


def items_of(meeting: VoterMeeting) -> list[Petition]:
    return list(db.session.scalars(select(Petition).where(Petition.meeting_id == meeting.id).order_by(Petition.id)))
