"""The committee's assessment of a report (đánh giá chung, and the agencies it holds responsible): written in the
report form, kept in a table of its own (ReportAssessment) for as long as its session, read back by every later run
of the same report (its kind, session, cut-off date and agency) and shown again in the form when that report is
chosen. A report run is only a download kept for a day (runs.KEEP): the assessment is not kept with it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import clock, permissions
from app.extensions import db
from app.models import Agency, ReportAssessment, Session, User
from app.services.errors import Conflict, InvalidData
from app.services.reporting import data as report_data
from app.services.text import clean

KINDS = ("results",)  # the reports that print an assessment
MAX_TEXT, MAX_RESPONSIBLE = 20000, 2000
RECENT = 10  # assessments listed on the report page


@dataclass(frozen=True)
class Key:
    """Which report an assessment belongs to: its session, cut-off date, kind and scope ("all" or "agency:<id>")."""

    session_id: int
    as_of: date
    kind: str
    scope: str


def key(user: User, kind: str, session_id: int | None, as_of: date | None, agency_id: int | None) -> Key:
    """The report's key as the report itself resolves it (the default session, today, the reader's agency)."""
    sc, session = report_data.report_scope(user, kind, session_id, agency_id, as_of)
    return Key(session.id, sc.as_of, kind, f"agency:{sc.agency_id}" if sc.agency_id else "all")


def find(k: Key) -> ReportAssessment | None:
    return db.session.scalar(select(ReportAssessment).where(
        ReportAssessment.session_id == k.session_id, ReportAssessment.as_of == k.as_of,
        ReportAssessment.kind == k.kind, ReportAssessment.scope == k.scope))


def write(user: User, kind: str, session_id: int | None, as_of: date | None, agency_id: int | None, text: str,
          responsible: str) -> ReportAssessment | None:
    """Keep what the committee typed in the form for the report of `kind` about that session, day and agency;
    emptied, it is removed. Returns the row kept (None when removed). The caller commits."""
    permissions.require(user, "write_assessment")
    if kind not in KINDS:
        raise InvalidData("Chỉ báo cáo kết quả có phần đánh giá chung.")
    text, responsible = clean(text), clean(responsible)
    if len(text) > MAX_TEXT or len(responsible) > MAX_RESPONSIBLE:
        raise InvalidData("Phần đánh giá quá dài.")
    k = key(user, kind, session_id, as_of, agency_id)
    row = find(k)
    if not (text or responsible):
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        return None
    if row is None:
        row = ReportAssessment(session_id=k.session_id, as_of=k.as_of, kind=k.kind, scope=k.scope)
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:  # written by someone else meanwhile: this one replaces it, as a later save would
            row = find(k)
            if row is None:  # and removed again since: nothing stable to replace
                raise Conflict("Đánh giá chung vừa được người khác thay đổi; hãy tải lại trang rồi lưu lại.") from None
    row.text, row.responsible, row.written_by_id, row.written_at = text, responsible, user.id, clock.utcnow()
    db.session.flush()
    return row


def texts(user: User, kind: str, session_id: int | None, as_of: date | None, agency_id: int | None,
          typed: str = "", typed_responsible: str = "") -> tuple[str, str]:
    """The assessment and the agencies held responsible a report prints: what was typed with its request (a queued
    run carries what was typed when it was asked for), else what is kept for the report."""
    if kind not in KINDS:
        return "", ""
    if typed or typed_responsible:
        return typed, typed_responsible
    row = find(key(user, kind, session_id, as_of, agency_id))
    return (row.text, row.responsible) if row else ("", "")


@dataclass(frozen=True)
class Saved:
    """An assessment kept, as the report page lists it (with the values that choose its report again)."""

    session_id: int
    session_name: str
    as_of: date
    agency_id: int | None
    agency_name: str
    written_at: date


def form(user: User, session_id: int | None, as_of: date | None, agency_id: int | None) -> dict:
    """What the report form shows a writer: the assessment kept for the results report it has chosen (the default
    session as of today unless the page was asked for another), and the latest assessments kept, to choose again."""
    if not permissions.allows(user, "write_assessment"):
        return {"assessment": "", "responsible": "", "saved": []}
    row = find(key(user, "results", session_id, as_of, agency_id))
    recent = db.session.execute(
        select(ReportAssessment, Session.name).join(Session, Session.id == ReportAssessment.session_id)
        .order_by(ReportAssessment.written_at.desc(), ReportAssessment.id.desc()).limit(RECENT)).all()
    agencies = _agency_names({_agency_of(r.scope) for r, _ in recent} - {None})
    saved = [Saved(r.session_id, name, r.as_of, _agency_of(r.scope), agencies.get(_agency_of(r.scope), ""),
                   clock.to_local(r.written_at).date()) for r, name in recent]
    return {"assessment": row.text if row else "", "responsible": row.responsible if row else "", "saved": saved}


def _agency_of(scope: str) -> int | None:
    return int(scope.removeprefix("agency:")) if scope.startswith("agency:") else None


def _agency_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(ids))).all())
