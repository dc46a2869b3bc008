"""A real browser (Debian chromium via Playwright) searches from the navbar without diacritics and sees the
accented matches highlighted, then compiles a session on its duplicates page: merging the reworded copy of a
recommendation into the item kept, which then shows both source meetings."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import follow, login, nav, shot

pytestmark = pytest.mark.e2e

LAKE = "Đề nghị nạo vét, xử lý ô nhiễm hồ Văn Chương; rác thải và bèo tây tích tụ, nước hồ ô nhiễm."
LAKE_REWORDED = ("Cử tri đề nghị thành phố sớm nạo vét hồ Văn Chương vì bèo tây và rác thải tích tụ làm nước hồ "
                 "bị ô nhiễm nặng.")
FLOOD = "Đề nghị xử lý dứt điểm tình trạng ngập úng tại đường Trần Duy Hưng mỗi khi mưa lớn."
ROAD = "Đề nghị sớm sửa chữa tuyến đường Láng bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông."


def _search_world():
    """An office clerk and leader, two meetings of session 2 and four recorded items, two of them the same
    recommendation worded differently; made through the services."""
    from datetime import date

    from app.extensions import db
    from app.models import VoterMeeting
    from app.services.accounts.users import create_user
    from app.services.petitions import intake
    from tests.factories import PASSWORD, Builder

    build = Builder()
    clerk = create_user(None, username="vanphong", full_name="Nguyễn Thị Lan", password=PASSWORD, role="clerk")
    create_user(None, username="ld.vanphong", full_name="Đỗ Minh Châu", password=PASSWORD, role="office_leader")
    meetings = []
    for day, place, locality in ((2, "Nhà văn hóa tổ 5", "phường Văn Miếu"), (3, "Hội trường UBND xã", "xã Gia Lâm")):
        m = VoterMeeting(held_on=date(2026, 11, day), place=place, locality=locality, session=build.session2)
        db.session.add(m)
        meetings.append(m)
    db.session.flush()
    codes = {}
    for key, content, m in (("keep", LAKE, meetings[0]), ("flood", FLOOD, meetings[0]),
                            ("twin", LAKE_REWORDED, meetings[1]), ("road", ROAD, meetings[1])):
        codes[key] = intake.record_petition(clerk, content=content, locality="", meeting=m,
                                            session=build.session2).code
    db.session.commit()
    return {"clerk": "vanphong", "leader": "ld.vanphong"}, {"session": build.session2.id, **codes}, PASSWORD


@pytest.fixture(scope="module")
def live_data():
    return _search_world


def test_navbar_search_without_diacritics_highlights_the_matches(page, live_server):
    from playwright.sync_api import expect

    login(page, live_server, "clerk")
    box = page.locator("#nav-q")
    box.fill("ngap ung tran duy hung")
    follow(page, box, key="Enter")
    assert "/petitions" in page.url
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(live_server.ids["flood"])
    marks = rows.first.locator("mark")
    texts = [t.strip() for t in marks.all_inner_texts()]
    # The unaccented words mark the accented text as written.
    for word in ("ngập", "úng", "Trần", "Duy", "Hưng"):
        assert word in texts, texts
    expect(page.locator("#f-q")).to_have_value("ngap ung tran duy hung")  # the list's own box keeps the search
    shot(page, "search-navbar")

    box = page.locator("#nav-q")
    box.fill("NAO VET HO VAN CHUONG")  # upper case, no diacritics: both wordings of the lake
    follow(page, box, key="Enter")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    for row in rows.all():
        expect(row.locator("mark").first).to_have_text("nạo")


def test_duplicates_page_merges_a_cluster(page, live_server):
    from playwright.sync_api import expect

    keep, twin = live_server.ids["keep"], live_server.ids["twin"]
    login(page, live_server, "leader")
    nav(page, "Kiến nghị trùng")
    page.locator("#d-session").select_option(str(live_server.ids["session"]))
    follow(page, page.get_by_role("button", name="Xem"))
    clusters = page.locator("section.duplicate-cluster")
    expect(clusters).to_have_count(1)
    cluster = clusters.first
    expect(cluster.locator("tbody tr")).to_have_count(2)
    expect(cluster).to_contain_text(keep)
    expect(cluster).to_contain_text(twin)
    expect(cluster).not_to_contain_text(live_server.ids["road"])
    expect(cluster).not_to_contain_text(live_server.ids["flood"])
    shot(page, "duplicates-cluster")
    follow(page, cluster.get_by_role("button", name=f"Gộp vào {keep}"))
    # The merge ends the copy: both texts side by side, then a confirmation (issue 12), back to the clusters.
    follow(page, page.get_by_role("button", name=f"Xác nhận gộp {twin} vào {keep}"))
    expect(page.locator(".alert-success, .alert-info").first).to_be_visible()
    # Compiled: the cluster is gone from the page.
    page.goto(f"{live_server.url}/duplicates?session={live_server.ids['session']}")
    expect(page.locator("section.duplicate-cluster")).to_have_count(0)
    # The item kept shows the merged copy and both source meetings and localities.
    page.goto(f"{live_server.url}/petitions/{keep}")
    merged = page.locator("#merged-items")
    expect(merged).to_contain_text(twin)
    expect(merged).to_contain_text("xã Gia Lâm")
    expect(page.locator("body")).to_contain_text("phường Văn Miếu")
    shot(page, "duplicates-merged")
