"""The dashboards' materialised figures (reporting/dashboard_store): every dashboard counted at once equals each one
counted live (dashboard.compute), and the job's statements do not grow with the number of agencies."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, select

from app import clock, permissions
from app.demo.loaddata import generate
from app.extensions import db
from app.models import Agency, DashboardFigures, Petition, User, petition_coordinator
from app.services.reporting import dashboard, dashboard_store
from app.services.reporting.metrics import figures
from app.services.reporting.metrics.snapshot import Scope
from tests.statements import Statements


def _accounts(agency_ids) -> list[User]:
    """One active officer per agency (no password: these accounts only decide which dashboards exist)."""
    users = [User(username=f"officer.{a}", full_name=f"Officer {a}", role="agency_officer", agency_id=a, active=True,
                  password_hash="") for a in agency_ids]
    db.session.add_all(users)
    db.session.flush()
    return users


def _busiest_agencies(n: int) -> list[int]:
    """The agencies leading most transferred items, then those coordinating most (so both kinds are covered)."""
    lead = db.session.scalars(select(Petition.lead_agency_id).where(Petition.transferred_on.is_not(None),
                                                                     Petition.lead_agency_id.is_not(None))
                              .group_by(Petition.lead_agency_id).order_by(func.count().desc(),
                                                                          Petition.lead_agency_id).limit(n))
    coordinating = db.session.scalars(select(petition_coordinator.c.agency_id)
                                      .group_by(petition_coordinator.c.agency_id)
                                      .order_by(func.count().desc(), petition_coordinator.c.agency_id).limit(n))
    return sorted({*lead, *coordinating})


def _varied(build) -> list[User]:
    """Items walked through the services in several states, load data over many agencies with coordinators, an
    agency that coordinates an item it also leads, an agency with an account and nothing to see; returns the users
    whose dashboards to compare (staff of each group, and an officer of each agency with an account)."""
    build.petition("recorded")
    build.petition("returned")
    build.petition("answered")
    build.petition("closed")
    build.petition("on_roadmap")
    build.petition("transferred", transfer_on=date(2026, 8, 3))  # long past both due dates
    build.petition("reanswer_requested", agency=build.other_agency)
    db.session.commit()
    generate(400, seed=21)
    both = db.session.execute(select(Petition.id, Petition.lead_agency_id).where(
        Petition.transferred_on.is_not(None), Petition.status == "transferred",
        Petition.lead_agency_id.is_not(None)).order_by(Petition.id).limit(1)).one()
    db.session.execute(insert(petition_coordinator).values(petition_id=both.id, agency_id=both.lead_agency_id))
    idle = Agency(code="IDLE", name="Cơ quan chưa có kiến nghị", competence_level="commune")
    db.session.add(idle)
    db.session.flush()
    users = [build.clerk, build.leader_of_office, build.committee, build.admin, build.officer,
             build.user("agency_officer", build.other_agency)]
    users += _accounts([a for a in _busiest_agencies(12) if a not in (build.agency.id, build.other_agency.id)])
    users += _accounts([idle.id])
    db.session.commit()
    return users


def _plain(board: dashboard.Dashboard) -> tuple:
    return board.group, board.counts, [tuple(x) for x in board.by_status], board.on_time


def test_every_materialised_dashboard_equals_its_live_count(build):
    users = _varied(build)
    written = dashboard_store.refresh()
    db.session.commit()
    assert written == db.session.scalar(select(func.count()).select_from(DashboardFigures))
    scopes = set(db.session.scalars(select(DashboardFigures.scope)))
    agencies = {u.agency_id for u in users if u.agency_id}
    assert scopes == {"office", "committee", "admin", *(f"agency:{a}" for a in agencies)} and len(agencies) > 10
    for user in users:
        stored, live = dashboard.for_user(user), dashboard.compute(user)
        assert stored.computed_at is not None, user.username
        assert _plain(stored) == _plain(live), user.username
    # The data is varied enough to mean something: agencies with items as lead and as coordinating agency, rates.
    boards = [dashboard.for_user(u) for u in users if u.agency_id]
    assert sum(b.counts["coordinating"] > 0 for b in boards) >= 3
    assert sum(b.counts["overdue"] > 0 for b in boards) >= 3
    assert sum(len(b.on_time) > 1 for b in boards) >= 3  # other lead agencies' rates over coordinated items
    assert all(not b.by_status and not any(b.counts.values()) for b in boards[-1:])  # the idle agency


def test_the_grouped_figures_are_the_figures_of_each_readers_scope(build):
    """The metrics module's grouped form gives every reader the same figures per lead agency (every key, returns
    included) as one scope restricted to what that reader may see."""
    users = _varied(build)
    today = clock.today()
    grouped = figures.by_reader(Scope(today), permissions.readers())
    for user in [build.committee, *(u for u in users if u.agency_id)]:
        reader = user.agency_id
        alone = figures.grouped(Scope(today, (permissions.visible_filter(user),)), "agency")
        by_key = {g.key: g.values for g in grouped.get(reader, [])}
        assert by_key == {g.key: g.values for g in alone}, user.username
    assert any(g["returned"] for g in grouped[None])


def _refresh_statements() -> int:
    dashboard_store.refresh()  # rows written once; the second run (as every five minutes after) is counted
    db.session.commit()
    with Statements() as counted:
        dashboard_store.refresh()
        db.session.commit()
    return counted.n


def test_the_refresh_runs_as_many_statements_for_twelve_agencies_as_for_three(build):
    db.session.commit()
    generate(200, seed=8)
    agencies = _busiest_agencies(12)[:12]
    assert len(agencies) == 12
    _accounts(agencies[:3])
    db.session.commit()
    three = _refresh_statements()
    assert db.session.scalar(select(func.count()).select_from(DashboardFigures)) == 3 + 3
    _accounts(agencies[3:])
    db.session.commit()
    twelve = _refresh_statements()
    assert db.session.scalar(select(func.count()).select_from(DashboardFigures)) == 3 + 12
    assert twelve == three < 20, (three, twelve)
