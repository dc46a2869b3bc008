"""Reference data an administrator edits: agencies (cơ quan), committees (Ban), fields (lĩnh vực), terms and sessions."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from sqlalchemy import func, select

from app import permissions
from app.extensions import db
from app.models import Agency, Committee, Field, Session, Term, User
from app.services import dates
from app.services.deadlines import rules as deadlines
from app.services.errors import InvalidData
from app.services.text import order_vi
from workflows.vocabulary import COMPETENCE_LEVELS

_CODE = re.compile(r"^[A-Z0-9_-]+$")


def _code(code: str, model) -> str:
    """The code as stored: NFKC, upper case, ASCII letters, digits, "-" and "_" only, within its column. Checked
    after normalising, since upper-casing can lengthen a text ("ß" becomes "SS", "ﬃ" becomes "FFI")."""
    code = unicodedata.normalize("NFKC", (code or "").strip()).upper()
    if not code:
        raise InvalidData("Cần nhập mã.")
    if not _CODE.match(code):
        raise InvalidData("Mã chỉ gồm chữ cái không dấu, chữ số, dấu “-” và “_”.")
    limit = model.__table__.c.code.type.length
    if len(code) > limit:
        raise InvalidData("Mã dài tối đa %(n)s ký tự.", n=limit)
    return code


def _unique(model, code: str, current) -> None:
    query = select(func.count()).select_from(model).where(model.code == code)
    if current is not None and current.id is not None:
        query = query.where(model.id != current.id)
    if db.session.scalar(query):
        raise InvalidData("Mã “%(code)s” đã được dùng.", code=code)


def _name(name: str) -> str:
    if not (name or "").strip():
        raise InvalidData("Cần nhập tên.")
    return name.strip()


def save_agency(actor: User, agency: Agency | None = None, *, code: str, name: str, competence_level: str,
                parent: Agency | None = None, email: str | None = None, active: bool = True) -> Agency:
    """Create or change an agency; the hierarchy may not loop."""
    permissions.require(actor, "manage_catalogue")
    agency = agency or Agency()
    code = _code(code, Agency)
    _unique(Agency, code, agency)
    if competence_level not in COMPETENCE_LEVELS:
        raise InvalidData("Thẩm quyền không hợp lệ.")
    ancestor = parent
    while ancestor is not None:
        if agency.id is not None and ancestor.id == agency.id:
            raise InvalidData("Cơ quan cấp trên không thể là chính cơ quan này hoặc một cơ quan cấp dưới của nó.")
        ancestor = ancestor.parent
    agency.code, agency.name, agency.competence_level = code, _name(name), competence_level
    agency.parent = parent
    agency.email = (email or "").strip() or None
    agency.active = active
    db.session.add(agency)
    db.session.flush()
    return agency


def save_committee(actor: User, committee: Committee | None = None, *, code: str, name: str) -> Committee:
    permissions.require(actor, "manage_catalogue")
    committee = committee or Committee()
    code = _code(code, Committee)
    _unique(Committee, code, committee)
    committee.code, committee.name = code, _name(name)
    db.session.add(committee)
    db.session.flush()
    return committee


def save_field(actor: User, field: Field | None = None, *, code: str, name: str,
               committee: Committee | None) -> Field:
    permissions.require(actor, "manage_catalogue")
    field = field or Field()
    code = _code(code, Field)
    _unique(Field, code, field)
    field.code, field.name, field.committee = code, _name(name), committee
    db.session.add(field)
    db.session.flush()
    return field


def save_term(actor: User, term: Term | None = None, *, name: str, number: str,
              start_year: int, end_year: int) -> Term:
    permissions.require(actor, "manage_catalogue")
    if end_year < start_year:
        raise InvalidData("Năm kết thúc nhiệm kỳ phải sau năm bắt đầu.")
    term = term or Term()
    term.name, term.number = _name(name), (number or "").strip()
    term.start_year, term.end_year = start_year, end_year
    db.session.add(term)
    db.session.flush()
    return term


def save_session(actor: User, session: Session | None = None, *, term: Term, number: int, name: str,
                 opening: date, closing: date | None = None) -> tuple[Session, int]:
    """Create or change a session; returns it and how many open due dates moved.

    "K days before the session" rules depend on opening dates, so a changed opening recomputes them.
    """
    permissions.require(actor, "manage_catalogue")
    if term is None:
        raise InvalidData("Cần chọn nhiệm kỳ.")
    if number < 1:
        raise InvalidData("Số thứ tự kỳ họp phải từ 1 trở lên.")
    dates.check(opening)
    dates.check(closing)
    if closing is not None and closing < opening:
        raise InvalidData("Ngày bế mạc phải sau ngày khai mạc.")
    session = session or Session()
    duplicate = select(func.count()).select_from(Session).where(Session.term_id == term.id,
                                                              Session.number == number)
    if session.id is not None:
        duplicate = duplicate.where(Session.id != session.id)
    if db.session.scalar(duplicate):
        raise InvalidData("Nhiệm kỳ này đã có kỳ họp thứ %(number)s.", number=number)
    opening_changed = session.opening != opening
    session.term, session.number, session.name = term, number, _name(name)
    session.opening, session.closing = opening, closing
    db.session.add(session)
    db.session.flush()
    moved = deadlines.recompute_open(actor, reason=f"Thay đổi ngày khai mạc: {session.name}") if opening_changed else 0
    return session, moved


# --- Reading the catalogue for the administration pages ---------------------------------------------

def agencies_by_level() -> list[Agency]:
    return list(db.session.scalars(select(Agency).order_by(Agency.competence_level, order_vi(Agency.name))))


def committees_and_fields() -> tuple[list[Committee], list[Field]]:
    return (list(db.session.scalars(select(Committee).order_by(order_vi(Committee.name)))),
            list(db.session.scalars(select(Field).order_by(order_vi(Field.name)))))


def terms() -> list[Term]:
    return list(db.session.scalars(select(Term).order_by(Term.start_year.desc())))


def term(term_id: int | None) -> Term | None:
    return db.session.get(Term, term_id) if term_id else None
