"""Reference lists that forms and filters offer (agencies, fields, sessions, constituencies, delegates): reads only."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Agency, Committee, Constituency, Delegate, Field, Petition, Session
from app.services.text import order_vi


def active_agencies() -> list[tuple[int, str]]:
    return [(r.id, r.name) for r in db.session.execute(
        select(Agency.id, Agency.name).where(Agency.active.is_(True)).order_by(order_vi(Agency.name)))]


def fields() -> list[tuple[int, str]]:
    return [(r.id, r.name) for r in db.session.execute(select(Field.id, Field.name).order_by(order_vi(Field.name)))]


def sessions() -> list[tuple[int, str]]:
    """Sessions in the order they were held."""
    return [(s.id, s.name) for s in db.session.scalars(select(Session).order_by(Session.opening))]


def constituencies() -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in db.session.scalars(select(Constituency).order_by(order_vi(Constituency.name)))]


def delegates() -> list[tuple[int, str]]:
    return [(d.id, d.full_name) for d in db.session.scalars(select(Delegate).order_by(order_vi(Delegate.full_name)))]


def committees() -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in db.session.scalars(select(Committee).order_by(order_vi(Committee.name)))]


def agency(agency_id: int | None) -> Agency | None:
    return db.session.get(Agency, agency_id) if agency_id else None


def agencies(agency_ids) -> list[Agency]:
    """The agencies with these ids, in the order given; unknown ids are left out."""
    return [a for a in (agency(i) for i in agency_ids or []) if a is not None]


def field(field_id: int | None) -> Field | None:
    return db.session.get(Field, field_id) if field_id else None


def petition_by_code(code: str) -> Petition | None:
    return db.session.scalar(select(Petition).where(Petition.code == (code or "").strip().upper()))


def session(session_id: int | None) -> Session | None:
    return db.session.get(Session, session_id) if session_id else None


def constituency(constituency_id: int | None) -> Constituency | None:
    return db.session.get(Constituency, constituency_id) if constituency_id else None


def delegates_by_id(delegate_ids) -> list[Delegate]:
    return [d for d in (db.session.get(Delegate, i) for i in delegate_ids or []) if d is not None]


def session_rows() -> list[Session]:
    return list(db.session.scalars(select(Session).order_by(Session.opening)))


def active_agency_rows() -> list[Agency]:
    return list(db.session.scalars(select(Agency).where(Agency.active.is_(True)).order_by(order_vi(Agency.name))))


def agency_rows() -> list[Agency]:
    """Every agency, active or not (the administrator's lists)."""
    return list(db.session.scalars(select(Agency).order_by(order_vi(Agency.name))))


def committee(committee_id: int | None) -> Committee | None:
    return db.session.get(Committee, committee_id) if committee_id else None


def usual_agency_by_field() -> dict[int, int]:
    """For each field, the active lead agency most often proposed for it so far (ties: the lower id): the intake
    rows start from it once a field is chosen, and the clerk changes it when this item goes elsewhere."""
    counts = db.session.execute(
        select(Petition.field_id, Petition.lead_agency_id, func.count())
        .join(Agency, Agency.id == Petition.lead_agency_id)
        .where(Petition.field_id.is_not(None), Agency.active.is_(True))
        .group_by(Petition.field_id, Petition.lead_agency_id)
        .order_by(Petition.field_id, func.count().desc(), Petition.lead_agency_id)).all()
    usual: dict[int, int] = {}
    for field_id, agency_id, _n in counts:
        usual.setdefault(field_id, agency_id)
    return usual
