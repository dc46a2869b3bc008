"""Dashboards per role at /: the counts each role acts on, the SVG charts with their numbers as tables."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Petition
from app.services.deadlines import flags
from app.services.reporting import dashboard


def count(html: str, key: str) -> int:
    return int(re.search(rf'id="tile-{key}".*?data-count="(\d+)"', html, re.S).group(1))


def _world(build):
    build.petition("recorded")
    build.petition("returned")
    build.petition("answered")
    late = build.petition("transferred", transfer_on=date(2026, 8, 3))  # long past both due dates
    build.petition("transferred", agency=build.other_agency)
    db.session.commit()
    return late


def test_anonymous_landing_is_plain(client, build):
    _world(build)
    html = client.get("/").get_data(as_text=True)
    assert "Đăng nhập để làm việc" in html and "tile-" not in html and "<svg" not in html


def test_office_dashboard(client, auth, build):
    _world(build)
    auth.login(build.clerk)
    html = client.get("/").get_data(as_text=True)
    assert count(html, "recorded") == 1 and count(html, "returned") == 1
    assert 'href="/petitions?status=recorded"' in html


def test_committee_dashboard_counts_overdue(client, auth, build):
    late = _world(build)
    assert flags.is_very_overdue(late)
    auth.login(build.committee)
    html = client.get("/").get_data(as_text=True)
    assert count(html, "answered") == 1 and count(html, "overdue") == 1 and count(html, "very_overdue") == 1
    assert 'href="/petitions?overdue=1&amp;sort=due&amp;dir=asc"' in html


def test_agency_dashboard_only_its_own_items(client, auth, build):
    _world(build)
    auth.login(build.officer)
    html = client.get("/").get_data(as_text=True)
    # Sở Xây dựng leads: one late transferred item (plus the answered and returned ones, not in the inbox).
    assert count(html, "transferred") == 1 and count(html, "overdue") == 1
    assert f"agency={build.agency.id}" in html
    board = dashboard.for_user(build.officer)
    assert board.counts["coordinating"] == 0  # Sở Y tế's item is not shown to Sở Xây dựng at all
    statuses = dict(board.by_status)
    assert "recorded" not in statuses  # the office's drafts are never counted for an agency


def test_admin_dashboard_and_charts_are_accessible(client, auth, build):
    _world(build)
    auth.login(build.admin)
    html = client.get("/").get_data(as_text=True)
    assert count(html, "open") == 5 and count(html, "users") >= 5
    assert html.count("<svg class=\"chart\"") == 2 and "<title" in html and "<desc" in html
    assert 'id="table-status"' in html and 'id="table-rate"' in html
    assert "https://" not in html.split("<main", 1)[1]  # no CDN, no external script


def test_on_time_rate(build):
    on_time = build.petition("closed")  # answered the day it was transferred
    late = build.petition("transferred", transfer_on=date(2026, 8, 3))
    db.session.commit()
    rates = {r.agency_id: r for r in dashboard.on_time_by_agency(build.admin)}
    rate = rates[build.agency.id]
    assert (rate.on_time, rate.late, rate.percent, rate.rate) == (1, 1, 50, 50.0)
    assert on_time.status == "closed" and late.status == "transferred"


def test_due_soon_clause_agrees_with_deadline_status(build):
    petition = build.petition("transferred")
    db.session.commit()
    today = date(2026, 11, 22)
    for offset in range(-3, 15):
        petition.due_date = today + timedelta(days=offset)
        db.session.flush()
        in_sql = db.session.scalar(select(Petition.id).where(flags.due_soon_clause(today))) is not None
        assert in_sql == (flags.deadline_status(petition, today) == "due_soon"), petition.due_date


def test_materialised_dashboards_show_the_metrics_figures_with_their_time(client, auth, build):
    """The job process's figures are the live ones (the metrics module's on-time rates, the flags' counts) for every
    group and agency; the page reads them and says when they were computed; a day-old row is not shown."""
    from app import clock
    from app.demo.loaddata import generate
    from app.jobs import refresh_dashboards
    from app.models import DashboardFigures
    from app.services.reporting.metrics import view
    from app.services.reporting.metrics.snapshot import Scope

    _world(build)
    generate(300, seed=9)
    users = [build.clerk, build.committee, build.agency_leader, build.officer]
    run = refresh_dashboards()
    from app.models import User

    agencies = set(db.session.scalars(select(User.agency_id).where(User.agency_id.is_not(None), User.active)))
    assert run.status == "ok" and run.found == 3 + len(agencies) > 4  # office, committee, admin; agencies with accounts
    today = clock.today()
    direct = {f.id: f for f in view.by_agency(Scope(today))}
    for user in users:
        stored, live = dashboard.for_user(user), dashboard.compute(user)
        assert stored.computed_at is not None and live.computed_at is None
        assert (stored.counts, stored.by_status, stored.on_time) == (live.counts, live.by_status, live.on_time)
    committee = dashboard.for_user(build.committee)
    assert committee.on_time and all(
        (r.on_time, r.total, r.rate) == (direct[r.agency_id]["answered_on_time"], direct[r.agency_id]["on_time_base"],
                                         direct[r.agency_id].on_time_rate) for r in committee.on_time)
    assert committee.counts["very_overdue"] == db.session.scalar(
        select(db.func.count()).select_from(Petition).where(flags.very_overdue_clause(today)))
    # The tiles reconcile with the reports: today's overdue figures of the metrics module (from the event log) are
    # the committee's tiles, and each agency's row is its leader's tile.
    from app.services.reporting.metrics import figures

    totals = figures.totals(Scope(today))
    assert totals["overdue"] > 0 and (committee.counts["overdue"], committee.counts["very_overdue"]) == (
        totals["overdue"], totals["very_overdue"])
    leader = dashboard.for_user(build.agency_leader)
    assert leader.counts["overdue"] == direct[build.agency_leader.agency_id]["overdue"]
    auth.login(build.committee)
    page = client.get("/").get_data(as_text=True)
    assert 'id="figures-time"' in page and count(page, "overdue") == committee.counts["overdue"]
    # After midnight, before the job runs again: counted live, no time shown.
    db.session.execute(db.update(DashboardFigures).values(as_of=today - timedelta(days=1)))
    db.session.commit()
    assert dashboard.for_user(build.committee).computed_at is None
    assert 'id="figures-time"' not in client.get("/").get_data(as_text=True)
