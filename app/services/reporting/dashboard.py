"""Dashboard figures per role (bảng điều khiển): counts that matter to the user, items by status, on-time rates."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from app import clock, permissions
from app.extensions import db
from app.models import Agency, Petition, User
from app.services.deadlines import flags
from app.services.reporting.metrics import view
from app.services.reporting.metrics.snapshot import Scope
from workflows.collation import sort_key
from workflows.petition import OPEN_STATES, STATES
from workflows.vocabulary import AGENCY_ROLES, OFFICE_ROLES


@dataclass(frozen=True)
class AgencyRate:
    """Đúng hạn: the metrics module's on-time rate of one lead agency (answered on time / (answered + overdue
    unanswered)), with its two parts for the table."""

    agency_id: int | None
    name: str
    on_time: int
    total: int
    rate: float

    @property
    def late(self) -> int:
        return self.total - self.on_time

    @property
    def percent(self) -> int:
        return round(self.rate)


@dataclass
class Dashboard:
    group: str  # office, committee, agency, admin: which set of tiles to show
    counts: dict[str, int] = field(default_factory=dict)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    on_time: list[AgencyRate] = field(default_factory=list)
    work: list[Petition] = field(default_factory=list)  # what waits for this user's hand, acted on from the desk


def _group(user: User) -> str:
    if user.role in OFFICE_ROLES:
        return "office"
    if user.role in AGENCY_ROLES:
        return "agency"
    return "committee" if user.role == "committee" else "admin"


def _count(user: User, *conditions) -> int:
    query = select(func.count()).select_from(Petition).where(permissions.visible_filter(user), *conditions)
    return db.session.scalar(query) or 0


# What waits for each role's hand on its desk (the dashboard lists these items, soonest due first).
WORK = {"committee": ("answered", "on_roadmap"), "agency_officer": ("transferred", "reanswer_requested", "on_roadmap"),
        "agency_leader": ("transferred", "reanswer_requested", "answer_drafted", "on_roadmap")}
WORK_LIMIT = 20


def work_list(user: User, limit: int = WORK_LIMIT) -> list[Petition]:
    """The items waiting for this user's hand (committee: answers to judge and roadmaps; agencies: their own items
    as lead agency), so the desk is where the day's work starts, without opening a board first."""
    states = WORK.get(user.role)
    if not states:
        return []
    query = select(Petition).where(permissions.visible_filter(user), Petition.status.in_(states))
    if user.role in AGENCY_ROLES:
        query = query.where(Petition.lead_agency_id == user.agency_id)
    order = (Petition.due_date.is_(None), Petition.due_date, Petition.id)
    return list(db.session.scalars(query.order_by(*order).limit(limit)))


def by_status(user: User) -> list[tuple[str, int]]:
    """(status, count) for every state with items this user may see, in lifecycle order."""
    rows = dict(db.session.execute(
        select(Petition.status, func.count()).where(permissions.visible_filter(user)).group_by(Petition.status)
    ).all())
    return [(state, rows[state]) for state in STATES if rows.get(state)]


def on_time_by_agency(user: User, today: date | None = None, limit: int = 12) -> list[AgencyRate]:
    """On-time rate per lead agency over the items this user may see, as of today (the same figure as the results
    report and the agency card: reporting/metrics); agencies with nothing due yet are left out, lowest rate first."""
    today = today or clock.today()
    agencies = view.by_agency(Scope(today, (permissions.visible_filter(user),)))
    rates = [AgencyRate(f.id, f.name, f["answered_on_time"], f["on_time_base"], f.on_time_rate)
             for f in agencies if f.on_time_rate is not None]
    return sorted(rates, key=lambda r: (r.rate, -r.total, sort_key(r.name)))[:limit]


def for_user(user: User, today: date | None = None) -> Dashboard:
    today = today or clock.today()
    board = Dashboard(group=_group(user), by_status=by_status(user), on_time=on_time_by_agency(user, today),
                      work=work_list(user))
    status = Petition.status
    overdue, very = flags.overdue_clause(today), flags.very_overdue_clause(today)
    c = board.counts
    if board.group == "office":
        for state in ("recorded", "classified", "returned", "awaiting_transfer"):
            c[state] = _count(user, status == state)
    elif board.group == "committee":
        for state in ("awaiting_transfer", "answered", "on_roadmap"):
            c[state] = _count(user, status == state)
        c["overdue"], c["very_overdue"] = _count(user, overdue), _count(user, very)
    elif board.group == "agency":
        lead = Petition.lead_agency_id == user.agency_id
        for state in ("transferred", "reanswer_requested", "answer_drafted", "on_roadmap"):
            c[state] = _count(user, lead, status == state)
        c["due_soon"] = _count(user, lead, flags.due_soon_clause(today))
        c["overdue"] = _count(user, lead, overdue)
        c["coordinating"] = _count(user, Petition.lead_agency_id != user.agency_id, status.in_(OPEN_STATES))
    else:
        c["users"] = db.session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))) or 0
        c["agencies"] = db.session.scalar(
            select(func.count()).select_from(Agency).where(Agency.active.is_(True))) or 0
        c["open"] = _count(user, status.in_(OPEN_STATES))
        c["overdue"], c["very_overdue"] = _count(user, overdue), _count(user, very)
    return board
