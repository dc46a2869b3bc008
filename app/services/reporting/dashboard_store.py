"""The dashboards' figures materialised by the job process (dashboard_figures): every dashboard counted at once.

A fixed number of grouped queries whatever the number of agencies: the staff's tiles and items by status (one GROUP
BY status), every agency's (one GROUP BY agency, status over the pairs of permissions.readers), the on-time rates
as every reader sees them (the metrics module's grouped form: the event-log snapshot built once), then one write of
each kind. The tiles are dashboard.tiles and the rates the metrics module's, exactly as `dashboard.compute` counts
one dashboard live; tests/services/test_dashboard_store.py compares the two for every dashboard.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date

from sqlalchemy import case, delete, func, insert, select, update

from app import clock, permissions
from app.extensions import db
from app.models import DashboardFigures, Petition, User
from app.services.reporting import dashboard
from app.services.reporting.metrics import view
from app.services.reporting.metrics.snapshot import Scope
from workflows.vocabulary import AGENCY_ROLES

# Every staff role sees every item: one set of figures per staff group (agencies: one per agency).
STAFF_GROUPS = ("office", "committee", "admin")


def _tally(conditions: dict[str, object]) -> list:
    """A column per tile: how many of the group's rows meet its condition (a count, as the live tile's WHERE)."""
    return [func.coalesce(func.sum(case((condition, 1), else_=0)), 0).label(key)
            for key, condition in conditions.items()]


def _staff(today: date) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Every staff group's tiles, and the items by status, from one GROUP BY status over every item."""
    tiles = {group: dashboard.tiles(group, today) for group in STAFF_GROUPS}
    conditions = {f"{group}:{key}": condition for group in STAFF_GROUPS for key, condition in tiles[group].items()}
    counts = {group: dict.fromkeys(tiles[group], 0) for group in STAFF_GROUPS}
    statuses: dict[str, int] = {}
    query = select(Petition.status, func.count().label("items"), *_tally(conditions)).group_by(Petition.status)
    for row in db.session.execute(query).mappings():
        statuses[row["status"]] = row["items"]
        for label in conditions:
            group, key = label.split(":", 1)
            counts[group][key] += int(row[label])
    return counts, statuses


def _agencies(today: date) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, int]]]:
    """Every agency's tiles and items by status, from one GROUP BY (agency, status) over the items each may see."""
    pairs = permissions.readers(staff=False).subquery("readers")
    agency = pairs.c.reader
    conditions = dashboard.tiles("agency", today, agency)
    query = (select(agency, Petition.status, func.count().label("items"), *_tally(conditions))
             .select_from(pairs).join(Petition, Petition.id == pairs.c.petition_id)
             .group_by(agency, Petition.status))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(conditions, 0))
    statuses: dict[int, dict[str, int]] = defaultdict(dict)
    for row in db.session.execute(query).mappings():
        tally = counts[row["reader"]]
        for key in conditions:
            tally[key] += int(row[key])
        statuses[row["reader"]][row["status"]] = row["items"]
    return counts, statuses


def _data(group: str, counts: dict[str, int], statuses: dict[str, int], agencies: list) -> dict:
    return {"group": group, "counts": counts, "by_status": dashboard.in_lifecycle_order(statuses),
            "on_time": [asdict(r) for r in dashboard.rates(agencies)]}


def figures(today: date) -> dict[str, dict]:
    """scope -> the stored data of its dashboard: the staff groups, and each agency with an active account."""
    accounts = db.session.scalars(select(User.agency_id).where(
        User.active.is_(True), User.role.in_(sorted(AGENCY_ROLES)), User.agency_id.is_not(None)).distinct())
    agency_ids = sorted(accounts)
    staff_counts, staff_statuses = _staff(today)
    staff_counts["admin"] = {**dashboard.account_counts(), **staff_counts["admin"]}
    agency_counts, agency_statuses = _agencies(today)
    on_time = view.by_agency_per_reader(Scope(today), permissions.readers())
    out = {group: _data(group, staff_counts[group], staff_statuses, on_time.get(None, [])) for group in STAFF_GROUPS}
    for agency_id in agency_ids:  # an agency with nothing to see yet gets its zeros from the defaultdicts
        out[f"agency:{agency_id}"] = _data("agency", agency_counts[agency_id], agency_statuses[agency_id],
                                           on_time.get(agency_id, []))
    return out


def refresh(today: date | None = None) -> int:
    """Materialise every dashboard's figures (the job process; its caller commits). Returns the number written."""
    today = today or clock.today()
    data = figures(today)
    now = clock.utcnow()
    stored = dict(db.session.execute(select(DashboardFigures.scope, DashboardFigures.id)).all())
    rows = [{"scope": scope, "as_of": today, "computed_at": now, "data": value} for scope, value in data.items()]
    # Three statements at most (each an executemany), whatever the number of dashboards.
    if updates := [{"id": stored[r["scope"]], **r} for r in rows if r["scope"] in stored]:
        db.session.execute(update(DashboardFigures), updates)
    if inserts := [r for r in rows if r["scope"] not in stored]:
        db.session.execute(insert(DashboardFigures), inserts)
    if stale := [row_id for scope, row_id in stored.items() if scope not in data]:  # agencies without accounts now
        db.session.execute(delete(DashboardFigures).where(DashboardFigures.id.in_(stale)))
    return len(rows)
