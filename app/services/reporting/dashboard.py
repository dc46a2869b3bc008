"""Dashboard figures per role (bảng điều khiển): counts that matter to the user, items by status, on-time rates.

`compute` counts them live (the on-time rates through the metrics module, the overdue counts through the flags'
SQL twins). At a million items that is seconds per view, so the job process materialises them (`refresh`: one
row of `dashboard_figures` per dashboard group and per agency, every SCHEDULE_DASHBOARDS_SECONDS) and a page reads
its row (`for_user`), showing when the figures were computed. Without a row for today (a fresh database, or just
after midnight before the job has run) the page computes them live.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from app import clock, permissions
from app.extensions import db
from app.models import Agency, DashboardFigures, Petition, User
from app.services.deadlines import flags
from app.services.reporting.metrics import view
from app.services.reporting.metrics.snapshot import Scope
from workflows.collation import sort_key
from workflows.petition import OPEN_STATES, STATES
from workflows.vocabulary import AGENCY_ROLES, OFFICE_ROLES

# The role each staff group's figures are computed for: every staff role sees every item, so a group's dashboard
# is the same for each of its roles (agencies: per agency).
GROUP_ROLES = {"office": "clerk", "committee": "committee", "admin": "admin"}


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
    computed_at: datetime | None = None  # when the job process computed them (naive UTC); None: live


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


def compute(user: User, today: date | None = None, seen: Dashboard | None = None) -> Dashboard:
    """The figures of `user`'s dashboard, counted now over every item the user may see. `seen`: a dashboard of
    someone who sees the same items, whose items by status and on-time rates are reused (the staff groups)."""
    today = today or clock.today()
    board = Dashboard(group=_group(user), by_status=seen.by_status if seen else by_status(user),
                      on_time=seen.on_time if seen else on_time_by_agency(user, today))
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


def _scope(user: User) -> str | None:
    """The materialised row a user's dashboard reads, or None when it is computed live (a role outside the groups)."""
    group = _group(user)
    if group == "agency":
        return f"agency:{user.agency_id}" if user.agency_id else None
    return group if user.role in permissions.STAFF_ROLES else None


def for_user(user: User, today: date | None = None) -> Dashboard:
    """`user`'s dashboard: the job process's figures of today when there are some, else counted live."""
    today = today or clock.today()
    scope = _scope(user) if user.active else None
    row = db.session.scalar(select(DashboardFigures).where(DashboardFigures.scope == scope)) if scope else None
    if row is None or row.as_of != today:
        board = compute(user, today)
    else:
        data = row.data
        board = Dashboard(group=data["group"], counts=data["counts"], by_status=[tuple(x) for x in data["by_status"]],
                          on_time=[AgencyRate(**r) for r in data["on_time"]], computed_at=row.computed_at)
    board.work = work_list(user)  # the user's own desk: live (a page of it, by an index), never materialised
    return board


def _stand_in(scope: str) -> User:
    """A user (never saved) who sees what the scope's users see."""
    if scope.startswith("agency:"):
        return User(username=scope, full_name=scope, role="agency_officer", agency_id=int(scope.split(":")[1]),
                    active=True)
    return User(username=scope, full_name=scope, role=GROUP_ROLES[scope], active=True)


def refresh(today: date | None = None) -> int:
    """Materialise every dashboard's figures (the job process; its caller commits): the staff groups, and each
    agency with an active account. Returns the number of dashboards written."""
    today = today or clock.today()
    agencies = db.session.scalars(select(User.agency_id).where(
        User.active.is_(True), User.role.in_(sorted(AGENCY_ROLES)), User.agency_id.is_not(None)).distinct())
    scopes = [*GROUP_ROLES, *(f"agency:{a}" for a in sorted(agencies))]
    rows = {r.scope: r for r in db.session.scalars(select(DashboardFigures))}
    staff = None  # every staff group sees every item: its chart and statuses are counted once
    for scope in scopes:
        board = compute(_stand_in(scope), today, staff if scope in GROUP_ROLES else None)
        staff = staff or board
        data = {"group": board.group, "counts": board.counts, "by_status": board.by_status,
                "on_time": [asdict(r) for r in board.on_time]}
        row = rows.pop(scope, None) or DashboardFigures(scope=scope)
        row.as_of, row.computed_at, row.data = today, clock.utcnow(), data
        db.session.add(row)
    for stale in rows.values():  # agencies without accounts any more
        db.session.delete(stale)
    db.session.flush()
    return len(scopes)
