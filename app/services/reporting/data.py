"""What each report shows, gathered as plain data for reports/ (permissions applied here). Every number comes from
the metrics module (reporting/metrics/), as of the report's cut-off date, so the PDF, the spreadsheet, the JSON and
the dashboard print the same figure for the same thing. Item lists are row sources (reporting/rows.py), each section
its own query in the order it is printed, read while the report is laid out."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from flask import current_app
from sqlalchemy import Select, func, select

from app import clock, permissions
from app.extensions import db
from app.models import Agency, Petition, Session, User, VoterMeeting
from app.services.errors import NotFound
from app.services.petitions.listing import PetitionFilters, petition_query
from app.services.reporting import rows as report_rows
from app.services.reporting.metrics import view
from app.services.reporting.metrics.snapshot import Scope
from reports.model import (
    NO_FIELD,
    NO_FIELD_COMPILED,
    AgencyCardData,
    CompilationData,
    DocInfo,
    Figures,
    ItemRow,
    ListData,
    OverdueData,
    ResultsData,
)
from workflows import petition as workflow
from workflows.vocabulary import MEETING_TYPES

NBSP = "\u00a0"  # the blank for the number, which a Paragraph would otherwise collapse


def doc_info(subject: str, as_of: date, code: str | None = "BC-HĐND", title: str = "BÁO CÁO",
             filters: list[str] | None = None) -> DocInfo:
    """The document's particulars; `code` None for a document that carries no number (a sheet, a card)."""
    cfg = current_app.config
    recipients = [r.strip() for r in cfg.get("REPORT_RECIPIENTS", "").split(";") if r.strip()]
    info = DocInfo(title=title, subject=subject, issued_on=clock.today(), as_of=as_of,
                   issuer=cfg.get("COUNCIL_NAME", "HĐND"), place=cfg.get("COUNCIL_PLACE", "Hà Nội"),
                   number=f"Số: {NBSP * 6}/{code}" if code else "", signer_name=cfg.get("REPORT_SIGNER", ""),
                   signer_title=cfg.get("REPORT_SIGNER_TITLE", "CHỦ TỊCH"), filters=list(filters or []))
    if recipients:
        info.recipients = recipients
    return info


def _filters(session: Session | None, agency_id: int | None) -> list[str]:
    """The restrictions a reader must see next to the figures (written at the top of each sheet)."""
    out = [f"Kỳ họp: {session.name}"] if session else ["Kỳ họp: tất cả"]
    out.append(f"Cơ quan: {_agency_name(agency_id)}" if agency_id else "Cơ quan: tất cả")
    return out


def default_session() -> Session | None:
    """The session a report is about when none is chosen: the latest one that has already opened (else the first).
    The one rule for the report form's pre-selected session and the quick links alike."""
    today = clock.today()
    return (db.session.scalar(select(Session).where(Session.opening <= today).order_by(Session.opening.desc())
                              .limit(1)) or db.session.scalar(select(Session).order_by(Session.opening).limit(1)))


def get_session(session_id: int | None) -> Session:
    """The given session, or the default one (default_session)."""
    if session_id:
        session = db.session.get(Session, session_id)
        if session is None:
            raise NotFound("Không tìm thấy kỳ họp.")
        return session
    session = default_session()
    if session is None:
        raise NotFound("Chưa có kỳ họp nào.")
    return session


def session_title(session: Session) -> str:
    """"Kỳ họp thứ nhất, HĐND Thành phố Hà Nội khóa XVII", as reports name a session."""
    council = current_app.config["COUNCIL_NAME"]
    if council.isupper():  # "HĐND THÀNH PHỐ HÀ NỘI" -> "HĐND Thành phố Hà Nội"
        council = "HĐND " + council.removeprefix("HĐND ").title().replace("Thành Phố", "Thành phố")
    term = f" khóa {session.term.number}" if session.term and session.term.number else ""
    return f"{session.name}, {council}{term}"


def scope(user: User, as_of: date, session_id: int | None = None, agency_id: int | None = None,
          *where) -> Scope:
    conditions = [permissions.visible_filter(user), *where]
    if session_id:
        conditions.append(Petition.session_id == session_id)
    return Scope(as_of, tuple(conditions), agency_id)


def report_scope(user: User, kind: str, session_id: int | None, agency_id: int | None,
                 as_of: date | None) -> tuple[Scope, Session | None]:
    """The items a report of `kind` counts, as of its day: the one place the PDF, the spreadsheet and the JSON of a
    report take their scope from (results and compilation: a session, the latest opened by default)."""
    as_of = as_of or clock.today()
    if kind == "compilation":
        permissions.require(user, "read_compilation")
    session = get_session(session_id) if kind in ("results", "compilation") or session_id else None
    agency_id = None if kind == "compilation" else permissions.report_agency(user, agency_id)
    return scope(user, as_of, session.id if session else None, agency_id), session


def figures(user: User, kind: str, session_id: int | None = None, agency_id: int | None = None,
            as_of: date | None = None) -> tuple[Scope, Session | None, view.Breakdown]:
    """Only the figures of a report (for its JSON): the same scope and the same breakdown as the report itself."""
    sc, session = report_scope(user, kind, session_id, agency_id, as_of)
    return sc, session, view.breakdown(sc)


def _previous(session: Session) -> Session | None:
    return db.session.scalar(select(Session).where(Session.opening < session.opening)
                             .order_by(Session.opening.desc()).limit(1))


def previous_figures(user: User, session: Session, as_of: date,
                     agency_id: int | None) -> tuple[Session | None, date | None, Figures | None]:
    """The previous session, the day its figures are taken and its totals (the results report's comparison and its
    JSON): its items as they stood when their own results were reported, at this session's opening (or at the
    cut-off, if that comes first)."""
    previous = _previous(session)
    if previous is None:
        return None, None, None
    day = min(as_of, session.opening)
    return previous, day, view.total(scope(user, day, previous.id, agency_id))


def _earlier_sessions(session: Session) -> list[int]:
    """The sessions before `session`: their items still outstanding are its backlog ("tồn đọng qua nhiều kỳ họp"),
    outstanding across two sessions at least, their own and this one (docs/METRICS.md)."""
    return list(db.session.scalars(select(Session.id).where(Session.opening < session.opening)))


def results(user: User, session_id: int | None = None, as_of: date | None = None, agency_id: int | None = None,
            assessment: str = "", responsible: str = "") -> ResultsData:
    sc, session = report_scope(user, "results", session_id, agency_id, as_of)
    as_of, agency_id = sc.as_of, sc.agency_id
    figures_now = view.breakdown(sc)
    earlier_sessions = _earlier_sessions(session)
    # A report is often cut before its session opens (it is presented there): the sessions an item has been
    # outstanding across are counted up to the report's session, or to the cut-off if that comes later.
    backlog = report_rows.items(scope(user, as_of, None, agency_id, Petition.session_id.in_(earlier_sessions)),
                                "outstanding", order=report_rows.by_earliest_session,
                                horizon=max(as_of, session.opening)) if earlier_sessions else []
    previous, _day, earlier = previous_figures(user, session, as_of, agency_id)
    subject = f"Kết quả giải quyết kiến nghị cử tri gửi đến {session_title(session)}"
    return ResultsData(
        doc=doc_info(subject, as_of, filters=_filters(session, agency_id)), session_name=session.name, as_of=as_of,
        items=report_rows.items(sc, "transferred", order=report_rows.by_field(NO_FIELD)),
        totals=figures_now.total, by_agency=figures_now.agencies, by_field=figures_now.fields,
        by_level=figures_now.levels,
        previous=earlier, previous_name=previous.name if previous else "",
        roadmap=report_rows.items(sc, "transferred", "on_roadmap"), backlog=backlog,
        not_accepted=report_rows.items(sc, "transferred", "not_accepted"), assessment=assessment.strip(),
        responsible=responsible.strip())


def compilation(user: User, session_id: int | None = None, as_of: date | None = None) -> CompilationData:
    sc, session = report_scope(user, "compilation", session_id, None, as_of)
    as_of = sc.as_of
    by_type = dict(((t, (n, v)) for t, n, v in db.session.execute(
        select(VoterMeeting.meeting_type, func.count(), func.coalesce(func.sum(VoterMeeting.voters_count), 0))
        .where(VoterMeeting.session_id == session.id, VoterMeeting.held_on <= as_of)
        .group_by(VoterMeeting.meeting_type))))
    meetings = [(label, *by_type.get(code, (0, 0))) for code, (label, _) in MEETING_TYPES.items()]
    subject = f"Tổng hợp ý kiến, kiến nghị của cử tri trước và sau {session_title(session)}"
    counted = view.breakdown(sc)
    return CompilationData(doc=doc_info(subject, as_of, filters=_filters(session, None)), session_name=session.name,
                           meetings_by_type=meetings, totals=counted.total,
                           items=report_rows.items(sc, "recommendations"),
                           by_level=counted.levels, by_field=counted.fields, by_agency=counted.agencies,
                           as_of=as_of, items_by_field=report_rows.items(
                               sc, "recommendations", order=report_rows.by_field(NO_FIELD_COMPILED)))


def overdue(user: User, as_of: date | None = None, agency_id: int | None = None,
            session_id: int | None = None) -> OverdueData:
    sc, session = report_scope(user, "overdue", session_id, agency_id, as_of)
    as_of, agency_id = sc.as_of, sc.agency_id
    items = report_rows.items(sc, "overdue", order=report_rows.by_agency_and_due)
    counted = view.breakdown(sc)
    name = _agency_name(agency_id)
    subject = "Danh sách kiến nghị cử tri quá hạn trả lời" + (f" của {name}" if name else "")
    return OverdueData(doc=doc_info(subject, as_of, filters=_filters(session, agency_id)), as_of=as_of, items=items,
                       totals=counted.total, by_agency=counted.agencies)


def _agency_name(agency_id: int | None) -> str:
    agency = db.session.get(Agency, agency_id) if agency_id else None
    return agency.name if agency else ""


def agency_cards(user: User, as_of: date | None = None, agency_id: int | None = None,
                 session_id: int | None = None) -> AgencyCardData:
    sc, session = report_scope(user, "agency", session_id, agency_id, as_of)
    as_of, agency_id = sc.as_of, sc.agency_id
    counted = view.breakdown(sc)
    name = _agency_name(agency_id)
    subject = "Kết quả trả lời kiến nghị cử tri của " + (name or "các cơ quan")
    return AgencyCardData(doc=doc_info(subject, as_of, code=None, title="PHIẾU ĐÁNH GIÁ",
                                       filters=_filters(session, agency_id)), as_of=as_of,
                          cards=counted.agencies, items=report_rows.items(sc, "transferred"), totals=counted.total)


def petition_list(user: User, filters: PetitionFilters, as_of: date) -> ListData:
    """Every row of a filtered list (not paged), for its Excel export, with the filters written above it."""
    doc = doc_info("Danh sách kiến nghị", as_of, code=None, title="DANH SÁCH")
    doc.filters = [f"{name} = {value}" for name, value in filters.to_args(page=1).items()]
    query = petition_query(user, filters, as_of)
    count = db.session.scalar(select(func.count()).select_from(
        query.with_only_columns(Petition.id).order_by(None).subquery()))
    masked = query.with_only_columns(Petition.code).order_by(None).where(permissions.seen_as_transferred(user))
    return ListData(doc, _SeenAsTransferred(report_rows.rows_of(query, as_of), masked), count or 0)


@dataclass
class _SeenAsTransferred:
    """A list's rows with the state each reader may see: a coordinating agency's export must not show what the
    lead agency does inside (permissions.status_seen_by), as its pages do not. Iterated lazily, like ItemRows."""

    rows: Iterable[ItemRow]
    masked: Select  # the codes whose rows read as transferred

    def __iter__(self) -> Iterator[ItemRow]:
        masked = set(db.session.scalars(self.masked))
        for row in self.rows:
            yield replace(row, status="transferred", status_label=workflow.status_label("transferred")) \
                if row.code in masked else row
