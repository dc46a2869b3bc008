"""Flat page cost: each main page runs as many SQL statements on 200 items as on 20 (no N+1), counted with a
SQLAlchemy before_cursor_execute listener, on load data (many agencies and fields, answers, coordinators)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update

from app.demo.loaddata import generate
from app.extensions import db
from app.jobs import refresh_dashboards
from app.models import Agency, Petition
from tests.statements import Statements

PAGES = {
    "clerk dashboard": ("clerk", "/"),
    "committee dashboard": ("committee", "/"),
    "agency dashboard": ("agency_leader", "/"),
    "petition list, default": ("committee", "/petitions"),
    "list by field and status": ("committee", "/petitions?field={field}&status=transferred"),
    "list by agency": ("committee", "/petitions?agency={agency}"),
    "agency inbox": ("agency_leader", "/agency/inbox"),
    "agency list": ("agency_leader", "/petitions"),
    "transfer queue": ("committee", "/committee/transfers"),
    "reviews board": ("committee", "/committee/reviews"),
    "roadmaps board": ("committee", "/committee/roadmaps"),
    "overdue board": ("committee", "/committee/overdue"),
    "item page": ("committee", "/petitions/{item}"),
    "export of a filtered list": ("committee", "/reports/export/petitions.xlsx?status=transferred"),
}


def _counts(build, client, auth, items: int) -> dict[str, int]:
    users = {"clerk": build.clerk, "committee": build.committee, "agency_leader": build.agency_leader}
    if not db.session.scalar(select(func.count()).select_from(Petition)):
        # One item in each board's state, so every page shows rows at both sizes (loads per row would show).
        for state in ("awaiting_transfer", "answered", "on_roadmap"):
            build.petition(state)
        build.petition("transferred", transfer_on=date(2026, 8, 3))  # overdue
    db.session.commit()
    generate(items, seed=11)
    # Every third transferred item goes to the signed-in agency, so its pages show rows at both sizes.
    db.session.execute(update(Petition).where(Petition.transferred_on.is_not(None), Petition.id % 3 == 0)
                       .values(lead_agency_id=build.agency.id))
    refresh_dashboards()  # what the job process keeps up to date
    db.session.commit()
    item = db.session.scalar(select(Petition.code).where(Petition.status == "closed").order_by(Petition.id).limit(1))
    values = {"field": build.field.id, "agency": build.agency.id, "item": item}
    out = {}
    for name, (role, url) in PAGES.items():
        auth.login(users[role])
        client.get(url.format(**values))  # warm: sign-in, caches derived from the code
        with Statements() as counted:
            response = client.get(url.format(**values))
        assert response.status_code == 200, (name, response.status_code)
        out[name] = counted.n
        auth.logout()
    out["rows"] = db.session.scalar(select(func.count()).select_from(Petition))
    return out


def test_each_page_runs_as_many_statements_on_200_items_as_on_20(build, client, auth):
    small = _counts(build, client, auth, 20)
    rows_small = small.pop("rows")
    large = _counts(build, client, auth, 180)  # 200 generated in all
    rows_large = large.pop("rows")
    assert rows_large - rows_small == 180
    assert large == small


def test_a_list_says_more_than_n_and_counts_only_when_asked(build, client, auth):
    db.session.commit()
    generate(130, seed=3)
    auth.login(build.committee)
    client.get("/petitions?per_page=50")  # warm
    with Statements() as counted:
        page = client.get("/petitions?per_page=50").get_data(as_text=True)
    assert "Hơn 50 kiến nghị" in page and "Đếm tổng số" in page and "Tổng số" not in page
    with Statements() as with_count:
        counted_page = client.get("/petitions?per_page=50&count=1").get_data(as_text=True)
    total = db.session.scalar(select(func.count()).select_from(Petition))
    assert f"Tổng số: {total} kiến nghị" in counted_page
    assert with_count.n == counted.n + 1  # the count, once, only when asked
    last = client.get(f"/petitions?per_page=50&page={-(-total // 50)}").get_data(as_text=True)
    assert f"Tổng số: {total} kiến nghị" in last  # the last page knows the total without counting


def test_an_export_decides_inline_or_queued_from_its_own_filtered_rows(build, client, auth, db_app, monkeypatch):
    """Above the threshold the job process builds it; a small filtered list of a large table stays inline."""
    db.session.commit()
    generate(60, seed=4)
    monkeypatch.setitem(db_app.config, "REPORT_INLINE_MAX_ROWS", 20)
    auth.login(build.committee)
    whole = client.get("/reports/export/petitions.xlsx")
    assert whole.status_code == 302 and "/reports/run/" in whole.headers["Location"]
    code = db.session.scalar(select(Petition.code).order_by(Petition.id.desc()).limit(1))
    one = client.get(f"/reports/export/petitions.xlsx?q={code}")
    assert one.status_code == 200 and one.mimetype.endswith("spreadsheetml.sheet")


def test_the_agency_inbox_pages_and_counts_its_merged_rows(build, client, auth):
    """The inbox reads its own and its coordinated items merged (listing.page_query): the pager still says "more
    than N", counts when asked, knows the total on the last page, and the pages follow each other by due date."""
    import re

    from app import permissions
    from app.models import petition_coordinator
    from app.services.petitions.listing import open_items

    db.session.commit()
    generate(350, seed=6)
    db.session.execute(update(Petition).where(Petition.transferred_on.is_not(None), Petition.id % 3 == 0)
                       .values(lead_agency_id=build.agency.id))
    coordinated = db.session.scalars(select(Petition.id).where(Petition.transferred_on.is_not(None),
                                                               Petition.id % 3 == 1).limit(25)).all()
    db.session.execute(petition_coordinator.delete().where(petition_coordinator.c.agency_id == build.agency.id))
    db.session.execute(petition_coordinator.insert(), [{"petition_id": i, "agency_id": build.agency.id}
                                                       for i in coordinated])
    db.session.commit()
    user = build.agency_leader
    expected = db.session.scalars(select(Petition.code).where(permissions.visible_filter(user), open_items())
                                  .order_by(Petition.due_date.asc().nulls_last(), Petition.id)).all()
    assert len(expected) > 40
    auth.login(user)
    codes, page = [], 1
    while True:
        html = client.get(f"/agency/inbox?per_page=20&page={page}").get_data(as_text=True)
        codes += re.findall(r'href="/petitions/(KN-[^"]+)"', html)
        if "Tổng số:" in html:  # the last page knows the total without counting
            assert f"Tổng số: {len(expected)} kiến nghị" in html
            break
        assert f"Hơn {20 * page} kiến nghị" in html
        page += 1
    assert list(dict.fromkeys(codes)) == expected
    counted = client.get("/agency/inbox?per_page=20&count=1").get_data(as_text=True)
    assert f"Tổng số: {len(expected)} kiến nghị" in counted


def _committee_dashboard_statements(client, auth, committee) -> int:
    refresh_dashboards()
    db.session.commit()
    auth.login(committee)
    client.get("/")  # warm
    db.session.expire_all()  # the request shares the tests' session: what it reads must come from the database
    with Statements() as counted:
        response = client.get("/")
    auth.logout()
    assert response.status_code == 200
    return counted.n


def test_the_committee_desk_reads_its_items_agencies_with_the_page(build, client, auth):
    """The desk names each answered item's lead agency: one agency or four, the same statements."""
    for _ in range(2):
        build.petition("answered")
    one_agency = _committee_dashboard_statements(client, auth, build.committee)
    for n in range(3):
        agency = Agency(code=f"S{n}", name=f"Sở thứ {n}", competence_level="province")
        db.session.add(agency)
        db.session.flush()
        build.petition("answered", agency=agency)
    desk = db.session.scalars(select(Petition.lead_agency_id).where(Petition.status == "answered")).all()
    assert len(set(desk)) == 4
    assert _committee_dashboard_statements(client, auth, build.committee) == one_agency
