"""What each report shows, gathered from the database as plain data for reports/ (permissions applied here)."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from app import clock, permissions
from app.extensions import db
from app.models import Agency, Event, Petition, Session, User, VoterMeeting
from app.services.deadlines import flags
from app.services.errors import NotFound
from app.services.petitions.listing import PetitionFilters, petition_query
from app.services.reporting import rows as report_rows
from reports.model import AgencyCard, AgencyCardData, CompilationData, DocInfo, OverdueData, ResultsData
from workflows.vocabulary import MEETING_TYPES

# Items that are not recommendations in their own right are left out of the counts.
NOT_COUNTED = ("merged",)
APART = ("set_aside",)
NBSP = "\u00a0"  # the blank for the number, which a Paragraph would otherwise collapse


def doc_info(subject: str, as_of: date, code: str = "BC-HĐND", title: str = "BÁO CÁO") -> DocInfo:
    cfg = current_app.config
    return DocInfo(title=title, subject=subject, issued_on=as_of, issuer=cfg.get("COUNCIL_NAME", "HĐND"),
                   place=cfg.get("COUNCIL_PLACE", "Hà Nội"), number=f"Số: {NBSP * 6}/{code}",
                   signer_name=cfg.get("REPORT_SIGNER", ""))


def get_session(session_id: int | None) -> Session:
    """The given session, or the latest one that has already opened (else the first)."""
    if session_id:
        session = db.session.get(Session, session_id)
        if session is None:
            raise NotFound("Không tìm thấy kỳ họp.")
        return session
    today = clock.today()
    session = db.session.scalar(select(Session).where(Session.opening <= today).order_by(Session.opening.desc())
                                .limit(1)) or db.session.scalar(select(Session).order_by(Session.opening).limit(1))
    if session is None:
        raise NotFound("Chưa có kỳ họp nào.")
    return session


def _visible(user: User):
    return select(Petition).where(permissions.visible_filter(user))


def results(user: User, session_id: int | None = None, as_of: date | None = None) -> ResultsData:
    session, as_of = get_session(session_id), as_of or clock.today()
    query = _visible(user).where(Petition.session_id == session.id, Petition.status.not_in(NOT_COUNTED + APART),
                                 Petition.transferred_on.is_not(None)).order_by(Petition.code)
    items = report_rows.rows(query, as_of)
    subject = f"Kết quả giải quyết kiến nghị cử tri gửi đến {session.name}"
    return ResultsData(doc=doc_info(subject, as_of), session_name=session.name, as_of=as_of, items=items)


def compilation(user: User, session_id: int | None = None, as_of: date | None = None) -> CompilationData:
    permissions.require(user, "read_compilation")
    session, as_of = get_session(session_id), as_of or clock.today()
    by_type = dict(((t, (n, v)) for t, n, v in db.session.execute(
        select(VoterMeeting.meeting_type, func.count(), func.coalesce(func.sum(VoterMeeting.voters_count), 0))
        .where(VoterMeeting.session_id == session.id).group_by(VoterMeeting.meeting_type))))
    meetings = [(label, *by_type.get(code, (0, 0))) for code, (label, _) in MEETING_TYPES.items()]
    counts = dict(db.session.execute(select(Petition.status, func.count()).where(
        Petition.session_id == session.id).group_by(Petition.status)).all())
    received = sum(counts.values())
    query = _visible(user).where(Petition.session_id == session.id,
                                 Petition.status.not_in(NOT_COUNTED + APART + ("answered_at_meeting", "withdrawn")))
    items = report_rows.rows(query.order_by(Petition.code), as_of)
    subject = f"Tổng hợp ý kiến, kiến nghị của cử tri trước và sau {session.name}"
    return CompilationData(doc=doc_info(subject, as_of), session_name=session.name, meetings_by_type=meetings,
                           received=received, after_merging=received - counts.get("merged", 0),
                           set_apart=counts.get("set_aside", 0),
                           answered_at_meeting=counts.get("answered_at_meeting", 0), items=items)


def overdue(user: User, as_of: date | None = None, agency_id: int | None = None) -> OverdueData:
    as_of = as_of or clock.today()
    agency_id = permissions.report_agency(user, agency_id)
    query = _visible(user).where(flags.overdue_clause(as_of))
    if agency_id:
        query = query.where(Petition.lead_agency_id == agency_id)
    items = report_rows.rows(query.order_by(Petition.due_date, Petition.code), as_of)
    name = _agency_name(agency_id)
    subject = "Danh sách kiến nghị cử tri quá hạn trả lời" + (f" của {name}" if name else "")
    return OverdueData(doc=doc_info(subject, as_of), as_of=as_of, items=items)


def _agency_name(agency_id: int | None) -> str:
    agency = db.session.get(Agency, agency_id) if agency_id else None
    return agency.name if agency else ""


def agency_cards(user: User, as_of: date | None = None, agency_id: int | None = None,
                 session_id: int | None = None) -> AgencyCardData:
    as_of = as_of or clock.today()
    agency_id = permissions.report_agency(user, agency_id)
    query = _visible(user).where(Petition.transferred_on.is_not(None), Petition.status.not_in(NOT_COUNTED))
    if agency_id:
        query = query.where(Petition.lead_agency_id == agency_id)
    if session_id:
        query = query.where(Petition.session_id == session_id)
    items = report_rows.rows(query.order_by(Petition.code), as_of)
    returns = _returns_by_agency(agency_id)
    cards: dict[str, AgencyCard] = {}
    days: dict[str, list[int]] = {}
    for item in items:
        card = cards.setdefault(item.agency, AgencyCard(item.agency, 0, 0, 0, 0, 0, 0, returns.get(item.agency, 0),
                                                        0, None))
        card.received += 1
        card.reanswer_requests += item.reanswer_count
        if item.answered_on:
            card.answered += 1
            late = item.due_date is not None and item.answered_on > item.due_date
            card.late += int(late)
            card.on_time += int(not late)
            days.setdefault(item.agency, []).append((item.answered_on - item.transferred_on).days)
        else:
            card.unanswered += 1
            card.overdue_now += int(item.days_late > 0)
    for name, values in days.items():
        cards[name].mean_days = round(sum(values) / len(values), 1)
    name = _agency_name(agency_id)
    subject = "Kết quả trả lời kiến nghị cử tri của " + (name or "các cơ quan")
    return AgencyCardData(doc=doc_info(subject, as_of, title="PHIẾU ĐÁNH GIÁ"), as_of=as_of,
                          cards=sorted(cards.values(), key=lambda c: c.agency), items=items)


def _returns_by_agency(agency_id: int | None) -> dict[str, int]:
    """Items each agency sent back as not its competence (trả lại), from the event log."""
    query = (select(Agency.name, func.count()).select_from(Event).join(User, Event.actor_id == User.id)
             .join(Agency, User.agency_id == Agency.id).where(Event.action == "return_not_competent")
             .group_by(Agency.name))
    if agency_id:
        query = query.where(Agency.id == agency_id)
    return dict(db.session.execute(query).all())


def petition_list(user: User, filters: PetitionFilters, as_of: date | None = None):
    """Every row of a filtered list (not paged), for its Excel export."""
    return report_rows.rows(petition_query(user, filters, as_of), as_of)
