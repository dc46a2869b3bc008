"""Search and duplicates through HTTP: the list and the navbar box, highlighting, the Excel export of a search,
the item page's side-by-side duplicates and the session's clusters with their merge action."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from app.extensions import db
from app.services.petitions import intake

LAKE = "Đề nghị nạo vét, xử lý ô nhiễm hồ Văn Chương; rác thải và bèo tây tích tụ, nước hồ ô nhiễm."
LAKE_REWORDED = ("Cử tri đề nghị thành phố sớm nạo vét hồ Văn Chương vì bèo tây và rác thải tích tụ làm nước hồ "
                 "bị ô nhiễm nặng.")
ROAD = "Đề nghị sớm sửa chữa tuyến đường Trần Duy Hưng bị xuống cấp, nhiều ổ gà <b>gây</b> mất an toàn giao thông."


def record(build, content: str, locality: str = "phường Văn Miếu"):
    p = intake.record_petition(build.clerk, content=content, summary=content[:60], locality=locality,
                               session=build.session2)
    db.session.commit()
    return p


def test_list_search_without_diacritics_highlights_and_exports(build, client, auth):
    road = record(build, ROAD, "phường Cầu Giấy")
    record(build, LAKE)
    auth.login(build.clerk)
    page = client.get("/petitions?q=tran+duy+hung")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and road.code in html and "hồ Văn Chương" not in html
    assert "<mark>Trần</mark> <mark>Duy</mark> <mark>Hưng</mark>" in html
    assert "&lt;b&gt;" in html or "<b>gây</b>" not in html  # the voter's text is never markup
    export = client.get("/reports/export/petitions.xlsx?q=tran+duy+hung")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.data)).active
    codes = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("KN-")}
    assert codes == {road.code}
    assert client.get("/petitions?q=cau+giay&locality=CAU%20GIAY").get_data(as_text=True).count(road.code) >= 1


def test_navbar_search_box_on_every_page(build, client, auth):
    auth.login(build.clerk)
    html = client.get("/").get_data(as_text=True)
    assert 'id="nav-search"' in html and 'name="q"' in html


def test_odd_search_input_never_fails(build, client, auth):
    record(build, LAKE)
    auth.login(build.clerk)
    for q in ['"', "*", "NEAR(a b)", "a:* & | !", "\\", "%_%", "ồ" * 300, "OR AND NOT"]:
        assert client.get("/petitions", query_string={"q": q}).status_code == 200, q


def test_item_page_shows_likely_duplicates_side_by_side_and_merges(build, client, auth):
    first = record(build, LAKE)
    twin = record(build, LAKE_REWORDED)
    auth.login(build.leader_of_office)
    html = client.get(f"/petitions/{twin.code}").get_data(as_text=True)
    assert 'id="duplicates"' in html and first.code in html and "bèo tây và rác thải" in html
    asked = client.post(f"/petitions/{twin.code}/merge", data={"merge-into": first.code, "merge-version": twin.version})
    assert asked.status_code == 200 and twin.status != "merged"  # both texts side by side, to confirm
    response = client.post(f"/petitions/{twin.code}/merge", data={
        "merge-into": first.code, "merge-version": twin.version, "merge-confirmed": "yes"})
    assert response.status_code == 302
    db.session.expire_all()
    assert twin.status == "merged" and twin.merged_into_id == first.id
    assert twin.code in client.get(f"/petitions/{first.code}").get_data(as_text=True)


def test_agencies_do_not_get_the_duplicates_panel(build, client, auth):
    p = build.petition("transferred", content=LAKE)
    build.petition("transferred", content=LAKE_REWORDED)
    db.session.commit()
    auth.login(build.officer)
    assert 'id="duplicates"' not in client.get(f"/petitions/{p.code}").get_data(as_text=True)


def test_session_clusters_page_and_its_merge(build, client, auth):
    keep, twin = record(build, LAKE), record(build, LAKE_REWORDED)
    record(build, ROAD)
    auth.login(build.leader_of_office)
    url = f"/duplicates?session={build.session2.id}"
    html = client.get(url).get_data(as_text=True)
    assert html.count("duplicate-cluster") == 1 and keep.code in html and twin.code in html
    assert '<table class="stack-cards' in html  # stacked cards below 900 px, like the other lists
    asked = client.post(f"/petitions/{twin.code}/merge", data={
        "merge-into": keep.code, "merge-version": twin.version, "next": url})
    assert asked.status_code == 200 and f'value="{url}"' in asked.get_data(as_text=True)  # confirm, then come back
    response = client.post(f"/petitions/{twin.code}/merge", data={
        "merge-into": keep.code, "merge-version": twin.version, "next": url, "merge-confirmed": "yes"})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    db.session.expire_all()
    assert twin.status == "merged"
    assert "duplicate-cluster" not in client.get(url).get_data(as_text=True)
    # An off-site next is ignored.
    other = record(build, LAKE_REWORDED + " Khẩn.")
    response = client.post(f"/petitions/{other.code}/merge", data={
        "merge-into": keep.code, "merge-version": other.version, "next": "https://evil.example/", "merge-confirmed": "yes"})
    assert "evil" not in response.headers["Location"]


def test_clusters_page_is_for_the_office(build, client, auth):
    auth.login(build.officer)
    assert client.get("/duplicates").status_code == 403
    auth.login(build.committee)
    assert client.get("/duplicates").status_code == 403


def test_the_clusters_page_runs_as_many_statements_for_40_items_as_for_5(build, client, auth):
    """The page asks for every listed item's likely duplicates in one batched query, not one query per item."""
    from datetime import date

    from app.models import VoterMeeting
    from tests.web.test_flat_pages import Statements

    themes = [LAKE, ROAD, "Đề nghị kiểm tra việc xả thải làm ô nhiễm sông Nhuệ, ảnh hưởng sức khỏe người dân.",
              "Đề nghị bổ sung thuốc và bác sĩ cho trạm y tế xã Kim Anh, người dân phải đi khám xa.",
              "Đề nghị lắp đèn chiếu sáng và camera an ninh tại ngõ 12 phố Tô Hiệu, đêm tối thường xảy ra trộm cắp."]
    venue = VoterMeeting(held_on=date(2026, 11, 2), place="Nhà văn hóa tổ 5", locality="phường Văn Miếu",
                         session=build.session2)
    db.session.add(venue)

    def add(n: int, kinds: int) -> None:
        for k in range(n):  # the first `kinds` themes again and again, reworded a little: every item has twins
            intake.record_petition(build.clerk, content=f"{themes[k % kinds]} Lần {k}.",
                                   locality="phường Văn Miếu", meeting=venue, session=build.session2)
        db.session.commit()

    auth.login(build.leader_of_office)
    url = f"/duplicates?session={build.session2.id}"
    counts = []
    for n, kinds in ((5, 2), (35, 5)):  # 5 items in 2 clusters, then 40 in 5
        add(n, kinds)
        client.get(url)  # warm-up: the signed-in user, the catalogue
        db.session.expire_all()
        with Statements() as seen:
            html = client.get(url).get_data(as_text=True)
        assert html.count("duplicate-cluster") == kinds
        counts.append(seen.n)
    assert counts[0] == counts[1], counts
