"""Dashboard figures per role (bảng điều khiển): counts that matter to the user, items by status, on-time rates.

`compute` counts them live (the on-time rates through the metrics module, the tiles' conditions through the flags'
SQL twins). At a million items that is seconds per view, so the job process materialises them
(`dashboard_store.refresh`: one row of `dashboard_figures` per dashboard group and per agency, every
SCHEDULE_DASHBOARDS_SECONDS, with the same tiles and figures counted for every dashboard at once) and a page reads
its row (`for_user`), showing when the figures were computed. Without a row for today (a fresh database, or just
after midnight before the job has run) the page computes them live.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, func, select, union_all
from sqlalchemy.orm import selectinload

from app import clock, permissions
from app.extensions import db
from app.models import Agency, DashboardFigures, Petition, User
from app.services.deadlines import flags
from app.services.petitions import listing
from app.services.reporting.metrics import view
from app.services.reporting.metrics.snapshot import Scope
from workflows.collation import sort_key
from workflows.petition import OPEN_STATES, STATES


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


def _count(user: User, *conditions) -> int:
    query = select(func.count()).select_from(Petition).where(permissions.visible_filter(user), *conditions)
    return db.session.scalar(query) or 0


WORK_LIMIT = 20
SOONEST_DUE = (Petition.due_date.asc().nulls_last(), Petition.id)  # the desk's order


def work_list(user: User, limit: int = WORK_LIMIT) -> list[Petition]:
    """The items waiting for this user's hand (committee: answers to judge and roadmaps; agencies: their own items
    as lead agency), so the desk is where the day's work starts, without opening a board first."""
    query = work_query(user, limit)
    # The committee's desk names each item's lead agency: loaded with the page (one statement), not row by row.
    # The coordinating agencies too: the transfer and re-route forms taken from the desk carry them.
    return list(db.session.scalars(query.options(selectinload(Petition.lead_agency),
                                                 selectinload(Petition.coordinating_agencies)).limit(limit))) \
        if query is not None else []


def work_query(user: User, limit: int = WORK_LIMIT) -> Select | None:
    """work_list's query, soonest due first (None: nothing waits for this role's hand)."""
    states = permissions.waiting_for(user)  # the desk lists what waits for the user's hand (soonest due first)
    if not states:
        return None
    if permissions.allows(user, "use_agency_inbox"):
        # Its own open items: read by due date from the top of their partial index (open_items' list), not sorted.
        return select(Petition).where(
            permissions.visible_filter(user), Petition.status.in_(states), Petition.lead_agency_id == user.agency_id,
            listing.open_items()).order_by(*SOONEST_DUE)
    # Several states over the whole council (at 1,000,000 items, 140,000 answered or on a roadmap): "status IN"
    # cannot be read in due-date order from one index, and sorting them all took 700 ms. Each state's first
    # `limit` are read in order from (status, due_date), and only those are sorted.
    firsts = [select(Petition.id).where(permissions.visible_filter(user), Petition.status == state)
              .order_by(*SOONEST_DUE).limit(limit).subquery() for state in states]
    ids = union_all(*(select(first.c.id) for first in firsts))
    return select(Petition).where(Petition.id.in_(ids)).order_by(*SOONEST_DUE)


def by_status(user: User) -> list[tuple[str, int]]:
    """(status, count) for every state with items this user may see, in lifecycle order."""
    return in_lifecycle_order(dict(db.session.execute(
        select(Petition.status, func.count()).where(permissions.visible_filter(user)).group_by(Petition.status)
    ).all()))


def in_lifecycle_order(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(state, counts[state]) for state in STATES if counts.get(state)]


def on_time_by_agency(user: User, today: date | None = None, limit: int = 12) -> list[AgencyRate]:
    """On-time rate per lead agency over the items this user may see, as of today (the same figure as the results
    report and the agency card: reporting/metrics); agencies with nothing due yet are left out, lowest rate first."""
    today = today or clock.today()
    return rates(view.by_agency(Scope(today, (permissions.visible_filter(user),))), limit)


# The tiles of each group's dashboard that count items, in their order on the page (admin: the accounts and agencies
# are counted apart, `account_counts`).
STATE_TILES = {"office": ("recorded", "classified", "returned", "awaiting_transfer"),
               "committee": ("awaiting_transfer", "answered", "on_roadmap"),
               "agency": ("transferred", "reanswer_requested", "answer_drafted", "on_roadmap"), "admin": ()}


def tiles(group: str, today: date, agency=None) -> dict[str, ColumnElement[bool]]:
    """Each item tile's condition, over the items the dashboard's user may see. `agency`: the agency's id, or the
    column holding it when every agency is counted in one grouped query (dashboard_store)."""
    status = Petition.status
    overdue, very = flags.overdue_clause(today), flags.very_overdue_clause(today)
    if group != "agency":
        out = {state: status == state for state in STATE_TILES[group]}
        if group == "admin":
            out["open"] = status.in_(OPEN_STATES)
        if group in ("committee", "admin"):
            out["overdue"], out["very_overdue"] = overdue, very
        return out
    lead = Petition.lead_agency_id == agency  # the agency's own items; the ones it only coordinates are apart
    out = {state: and_(lead, status == state) for state in STATE_TILES[group]}
    out["due_soon"] = and_(lead, flags.due_soon_clause(today))
    out["overdue"] = and_(lead, overdue)
    out["coordinating"] = and_(Petition.lead_agency_id != agency, status.in_(OPEN_STATES))
    return out


def account_counts() -> dict[str, int]:
    """The admin's tiles that are not items: active accounts and agencies."""
    users = select(func.count()).select_from(User).where(User.active.is_(True))
    agencies = select(func.count()).select_from(Agency).where(Agency.active.is_(True))
    return {"users": db.session.scalar(users) or 0, "agencies": db.session.scalar(agencies) or 0}


def compute(user: User, today: date | None = None) -> Dashboard:
    """The figures of `user`'s dashboard, counted now over every item the user may see (one count per tile, each
    read from an index); the job process counts every dashboard at once instead (dashboard_store.refresh)."""
    today = today or clock.today()
    board = Dashboard(group=permissions.dashboard_group(user), by_status=by_status(user), on_time=on_time_by_agency(user, today))
    if board.group == "admin":
        board.counts.update(account_counts())
    for key, condition in tiles(board.group, today, user.agency_id).items():
        board.counts[key] = _count(user, condition)
    return board


def rates(agencies: list, limit: int = 12) -> list[AgencyRate]:
    """The on-time table from the metrics module's figures per lead agency: agencies with nothing due yet are left
    out, lowest rate first."""
    out = [AgencyRate(f.id, f.name, f["answered_on_time"], f["on_time_base"], f.on_time_rate)
           for f in agencies if f.on_time_rate is not None]
    return sorted(out, key=lambda r: (r.rate, -r.total, sort_key(r.name)))[:limit]


def for_user(user: User, today: date | None = None) -> Dashboard:
    """`user`'s dashboard: the job process's figures of today when there are some, else counted live."""
    today = today or clock.today()
    scope = permissions.dashboard_scope(user)
    row = db.session.scalar(select(DashboardFigures).where(DashboardFigures.scope == scope)) if scope else None
    if row is None or row.as_of != today:
        board = compute(user, today)
    else:
        data = row.data
        board = Dashboard(group=data["group"], counts=data["counts"], by_status=[tuple(x) for x in data["by_status"]],
                          on_time=[AgencyRate(**r) for r in data["on_time"]], computed_at=row.computed_at)
    board.work = work_list(user)  # the user's own desk: live (a page of it, by an index), never materialised
    return board
