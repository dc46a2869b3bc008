"""Administration pages: admin only, every form saves through its service and re-renders bad input."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Agency,
    CalendarDay,
    Committee,
    DeadlineRule,
    Field,
    FieldSynonym,
    Petition,
    Session,
    Term,
    User,
)
from tests.factories import PASSWORD

ROLES = ["clerk", "office_leader", "committee", "agency_officer", "agency_leader"]
GET_ROUTES = ["/admin/", "/admin/users", "/admin/users/new", "/admin/users/{user}", "/admin/agencies",
              "/admin/agencies/new", "/admin/agencies/{agency}", "/admin/committees", "/admin/committees/new",
              "/admin/committees/{committee}", "/admin/fields/new", "/admin/fields/{field}", "/admin/sessions",
              "/admin/terms/new", "/admin/terms/{term}", "/admin/sessions/new", "/admin/sessions/{session}",
              "/admin/deadline-rules", "/admin/deadline-rules/new", "/admin/deadline-rules/{rule}",
              "/admin/calendar", "/admin/lifecycle", "/admin/lifecycle.svg", "/admin/field-synonyms"]
POST_ROUTES = ["/admin/users/{user}/active", "/admin/users/{user}/reset-password", "/admin/calendar",
               "/admin/calendar/2026-12-31/remove", "/admin/users/new", "/admin/agencies/new",
               "/admin/sessions/new", "/admin/deadline-rules/new", "/admin/field-synonyms",
               "/admin/field-synonyms/{synonym}/delete"]


def _ids(build):
    rule = db.session.scalar(select(DeadlineRule).limit(1))
    synonym = FieldSynonym(name="Đô thị", folded="do thi", field=build.field)
    db.session.add(synonym)
    db.session.flush()
    return {"synonym": synonym.id, "user": build.clerk.id, "agency": build.agency.id, "committee": build.committee_body.id,
            "field": build.field.id, "term": build.session1.term_id, "session": build.session1.id, "rule": rule.id}


def test_permission_matrix_over_every_admin_route(client, auth, build):
    ids = _ids(build)
    db.session.commit()
    for role in ROLES:
        auth.login(build.user(role))
        for route in GET_ROUTES:
            assert client.get(route.format(**ids)).status_code == 403, (role, route)
        for route in POST_ROUTES:
            assert client.post(route.format(**ids), data={"active": "0"}).status_code == 403, (role, route)
    assert db.session.get(User, ids["user"]).active  # nothing happened
    assert db.session.get(FieldSynonym, ids["synonym"]) is not None
    auth.logout()
    for route in GET_ROUTES:
        response = client.get(route.format(**ids))
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], route
    auth.login(build.admin)
    for route in GET_ROUTES:
        assert client.get(route.format(**ids)).status_code == 200, route


def test_forbidden_page_is_styled_and_clear(client, auth, build):
    auth.login(build.clerk)
    page = client.get("/admin/users")
    html = page.get_data(as_text=True)
    assert page.status_code == 403
    assert "không có quyền" in html and "navbar" in html and "Về trang chủ" in html


def test_create_user_shows_generated_password_once(client, auth, build):
    auth.login(build.admin)
    response = client.post("/admin/users/new", data={"username": "Nguyen.Van.A", "full_name": "Nguyễn Văn A",
                                                     "email": "a@example.vn", "role": "agency_officer",
                                                     "agency": build.agency.id, "committee": 0})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = re.search(r'id="new-password"[^>]*value="([^"]+)"', response.get_data(as_text=True)).group(1)
    user = db.session.scalar(select(User).where(User.username == "nguyen.van.a"))
    assert user.agency_id == build.agency.id and user.check_password(password)
    assert password not in client.get("/admin/users").get_data(as_text=True)


def test_user_form_keeps_input_and_shows_errors(client, auth, build):
    auth.login(build.admin)
    response = client.post("/admin/users/new", data={"username": "can.bo", "full_name": "Cán bộ Ngành",
                                                     "email": "khong-phai-email", "role": "agency_officer",
                                                     "agency": 0, "committee": 0})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Địa chỉ thư điện tử không hợp lệ." in html and 'value="Cán bộ Ngành"' in html
    response = client.post("/admin/users/new", data={"username": "can.bo", "full_name": "Cán bộ Ngành",
                                                     "role": "agency_officer", "agency": 0, "committee": 0})
    assert "phải gắn với một cơ quan" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "can.bo")) is None


def test_edit_role_deactivate_reactivate_and_reset(client, auth, build):
    clerk, admin = build.clerk, build.admin
    db.session.commit()
    auth.login(admin)
    response = client.post(f"/admin/users/{clerk.id}", data={"username": clerk.username, "full_name": "Lê Thị B",
                                                              "role": "agency_leader", "agency": build.agency.id,
                                                              "committee": 0})
    assert response.status_code == 302
    db.session.refresh(clerk)
    assert clerk.role == "agency_leader" and clerk.agency_id == build.agency.id and clerk.full_name == "Lê Thị B"
    client.post(f"/admin/users/{clerk.id}/active", data={"active": "0"})
    db.session.refresh(clerk)
    assert not clerk.active
    client.post(f"/admin/users/{clerk.id}/active", data={"active": "1"})
    db.session.refresh(clerk)
    assert clerk.active
    page = client.post(f"/admin/users/{clerk.id}/reset-password").get_data(as_text=True)
    password = re.search(r'id="new-password"[^>]*value="([^"]+)"', page).group(1)
    db.session.refresh(clerk)
    assert clerk.check_password(password) and not clerk.check_password(PASSWORD)


def test_admin_cannot_lock_out_themselves(client, auth, build):
    admin = build.admin
    db.session.commit()
    auth.login(admin)
    client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    db.session.refresh(admin)
    assert admin.active
    assert "không thể tự khóa" in client.get("/admin/users").get_data(as_text=True)


def test_agency_hierarchy_and_loop_refused(client, auth, build):
    auth.login(build.admin)
    response = client.post("/admin/agencies/new", data={"code": "ubnd-hn", "name": "UBND Thành phố",
                                                        "competence_level": "province", "parent": 0,
                                                        "email": "vp@hanoi.gov.vn", "active": "y"})
    assert response.status_code == 302
    city = db.session.scalar(select(Agency).where(Agency.code == "UBND-HN"))
    client.post(f"/admin/agencies/{build.agency.id}", data={"code": "SXD", "name": "Sở Xây dựng",
                                                            "competence_level": "province", "parent": city.id})
    db.session.refresh(build.agency)
    assert build.agency.parent_id == city.id and build.agency.active is False  # unticked box: inactive
    response = client.post(f"/admin/agencies/{city.id}", data={"code": "UBND-HN", "name": "UBND Thành phố",
                                                               "competence_level": "province",
                                                               "parent": build.agency.id, "active": "y"})
    assert response.status_code == 400 and "Cơ quan cấp trên không thể" in response.get_data(as_text=True)


def test_committee_field_term_session(client, auth, build):
    auth.login(build.admin)
    assert client.post("/admin/committees/new", data={"code": "vhxh", "name": "Ban Văn hóa - Xã hội"}).status_code == 302
    committee = db.session.scalar(select(Committee).where(Committee.code == "VHXH"))
    assert client.post("/admin/fields/new", data={"code": "yt", "name": "Y tế",
                                                  "committee": committee.id}).status_code == 302
    assert db.session.scalar(select(Field).where(Field.code == "YT")).committee_id == committee.id
    duplicate = client.post("/admin/committees/new", data={"code": "VHXH", "name": "Trùng"})
    assert duplicate.status_code == 400 and "đã được dùng" in duplicate.get_data(as_text=True)
    assert client.post("/admin/terms/new", data={"name": "Nhiệm kỳ 2031 - 2036", "number": "XVIII",
                                                 "start_year": 2031, "end_year": 2036}).status_code == 302
    term = db.session.scalar(select(Term).where(Term.number == "XVIII"))
    bad = client.post("/admin/sessions/new", data={"term": term.id, "number": 1, "name": "Kỳ họp thứ nhất",
                                                   "opening": "31/02/2031"})
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.get_data(as_text=True)
    assert 'value="Kỳ họp thứ nhất"' in bad.get_data(as_text=True)
    ok = client.post("/admin/sessions/new", data={"term": term.id, "number": 1, "name": "Kỳ họp thứ nhất",
                                                  "opening": "20/07/2031"})
    assert ok.status_code == 302
    assert db.session.scalar(select(Session).where(Session.term_id == term.id)).opening.isoformat() == "2031-07-20"


def test_rule_change_reports_moved_due_dates(client, auth, build):
    petition = build.petition("transferred")
    rule = db.session.scalar(select(DeadlineRule).where(DeadlineRule.purpose == "answer"))
    old_due = petition.due_date
    db.session.commit()
    auth.login(build.admin)
    response = client.post(f"/admin/deadline-rules/{rule.id}", data={
        "name": "45 ngày", "purpose": "answer", "kind": "calendar_days", "days": 45, "very_overdue_days": 15,
        "competence_level": "", "agency": 0, "active": "y"}, follow_redirects=True)
    assert "1 kiến nghị đang mở được tính lại hạn" in response.get_data(as_text=True)
    assert db.session.get(Petition, petition.id).due_date != old_due
    bad = client.post("/admin/deadline-rules/new", data={"name": "", "purpose": "answer", "kind": "working_days",
                                                         "days": -1, "very_overdue_days": 1})
    assert bad.status_code == 400 and "Trường này là bắt buộc." in bad.get_data(as_text=True)


def test_a_rule_can_be_stopped_and_open_items_fall_back(client, auth, build):
    """Unticking "in force" keeps the rule (old explanations still name it) and moves open due dates."""
    from app.services.admin import deadlines as deadline_admin

    petition = build.petition("transferred")
    general_due = petition.due_date
    special, _ = deadline_admin.save_rule(build.admin, name="Riêng cơ quan: 5 ngày", kind="calendar_days", days=5,
                                     very_overdue_days=5, agency=build.agency)
    db.session.commit()
    assert db.session.get(Petition, petition.id).due_date != general_due
    auth.login(build.admin)
    response = client.post(f"/admin/deadline-rules/{special.id}", data={
        "name": special.name, "purpose": "answer", "kind": "calendar_days", "days": 5, "very_overdue_days": 5,
        "competence_level": "", "agency": build.agency.id}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Ngừng áp dụng" in page and "Riêng cơ quan: 5 ngày" in page
    db.session.expire_all()
    assert db.session.get(DeadlineRule, special.id).active is False
    assert db.session.get(Petition, petition.id).due_date == general_due


def test_calendar_days_and_national_holidays(client, auth, build):
    petition = build.petition("transferred")
    old_due = petition.due_date
    db.session.commit()
    auth.login(build.admin)
    page = client.get("/admin/calendar?year=2026").get_data(as_text=True)
    assert "24/11/2026" in page and "Giỗ Tổ Hùng Vương" in page
    response = client.post("/admin/calendar?year=2026", data={"day": "25/11/2026", "kind": "day_off",
                                                             "name": "Nghỉ địa phương"}, follow_redirects=True)
    assert "1 kiến nghị đang mở được tính lại hạn" in response.get_data(as_text=True)
    assert db.session.get(Petition, petition.id).due_date != old_due
    assert client.post("/admin/calendar/2026-11-25/remove").status_code == 302
    assert db.session.scalar(select(CalendarDay)) is None
    assert db.session.get(Petition, petition.id).due_date == old_due


def test_lifecycle_diagram_svg(client, auth, build, monkeypatch):

    auth.login(build.admin)
    page = client.get("/admin/lifecycle").get_data(as_text=True)
    assert "/admin/lifecycle.svg" in page and "Duyệt chuyển cơ quan giải quyết" in page
    svg = client.get("/admin/lifecycle.svg")
    assert svg.mimetype == "image/svg+xml" and svg.get_data(as_text=True).startswith("<svg")
    assert "Mới cập nhật" in svg.get_data(as_text=True)


def test_lifecycle_fallback_without_graphviz(monkeypatch):
    from app.services.admin import diagram

    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    diagram.lifecycle_svg.cache_clear()
    try:
        svg = diagram.lifecycle_svg("en")
    finally:
        diagram.lifecycle_svg.cache_clear()
    assert svg.startswith("<svg") and "Recorded" in svg and "Transfer to the agency" in svg
    assert "<title" in svg and diagram.renderer() == "builtin"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_fallback_svg_is_well_formed(lang):
    import xml.etree.ElementTree as ET

    from app.services.admin.diagram import fallback_svg

    root = ET.fromstring(fallback_svg(lang))
    assert root.tag.endswith("svg")


def test_find_accounts_by_name_without_accents_role_agency_and_status(client, auth, build):
    from app.services.accounts import search as user_search
    from app.services.accounts.users import create_user

    dang = create_user(None, username="dang.ngoc", full_name="Đặng Thị Ngọc", password=PASSWORD,
                       role="agency_officer", agency=build.agency)
    create_user(None, username="ngoc.khac", full_name="Ngọc Khác", password=PASSWORD,
                role="agency_officer", agency=build.other_agency)
    locked = create_user(None, username="le.huong", full_name="Lê Hương", password=PASSWORD, role="clerk")
    locked.active = False
    db.session.commit()
    auth.login(build.admin)

    def names(**args) -> set[str]:
        page = client.get("/admin/users", query_string=args).get_data(as_text=True)
        return set(re.findall(r'/admin/users/\d+">([^<]+)</a>', page))

    assert names(q="dang thi ngoc") == {"dang.ngoc"}  # typed without accents
    assert names(q="NGỌC") == {"dang.ngoc", "ngoc.khac"}
    assert names(q="ngoc", agency=build.agency.id) == {"dang.ngoc"}
    assert names(role="clerk", status="locked") == {"le.huong"}
    assert "le.huong" not in names(status="active")
    assert names(q="không ai tên này") == set()
    assert dang.username in names()
    for i in range(user_search.PER_PAGE):
        create_user(None, username=f"can.bo{i:02d}", full_name=f"Cán bộ {i}", password=PASSWORD, role="clerk")
    db.session.commit()
    first, second = names(role="clerk"), names(role="clerk", page=2)
    assert len(first) == user_search.PER_PAGE and second and not first & second
    assert "Trang 2/2" in client.get("/admin/users", query_string={"role": "clerk", "page": 2}).get_data(as_text=True)


def test_field_synonyms_are_listed_added_and_deleted_by_the_admin(client, auth, build, db_app):
    from app.services.imports import importer
    from tests.services.test_sheet_import import sheet

    other = Field(code="NNMT", name="Nông nghiệp và Môi trường", committee=build.committee_body)
    db.session.add(other)
    db.session.commit()
    auth.login(build.admin)
    page = client.get("/admin/field-synonyms").get_data(as_text=True)
    assert "Chưa có tên gọi khác nào." in page and "Nông nghiệp và Môi trường" in page  # a choice of the form
    added = client.post("/admin/field-synonyms", data={"name": "  Tài nguyên - Môi trường ", "field": str(other.id)})
    assert added.status_code == 302
    listed = client.get("/admin/field-synonyms").get_data(as_text=True)
    assert "Đã thêm “Tài nguyên - Môi trường” là tên gọi khác của lĩnh vực Nông nghiệp và Môi trường." in listed
    assert re.search(r"<td>Tài nguyên - Môi trường</td><td>Nông nghiệp và Môi trường</td>", listed)

    again = client.post("/admin/field-synonyms", data={"name": "TÀI NGUYÊN MÔI TRƯỜNG", "field": str(build.field.id)})
    html = again.get_data(as_text=True)  # the same name folded: refused, and what was typed is kept
    assert again.status_code == 400 and "đã là tên gọi khác của lĩnh vực “Nông nghiệp và Môi trường”" in html
    assert 'value="TÀI NGUYÊN MÔI TRƯỜNG"' in html
    no_field = client.post("/admin/field-synonyms", data={"name": "Môi trường", "field": "0"})
    assert no_field.status_code == 400 and "Cần ghi tên gọi khác và chọn lĩnh vực." in no_field.get_data(as_text=True)
    blank = client.post("/admin/field-synonyms", data={"name": "", "field": str(other.id)})
    assert blank.status_code == 400
    odd = client.post("/admin/field-synonyms", data={"name": "x", "field": "99999999999999"})
    assert odd.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(FieldSynonym)) == 1

    # The import now files the section under the field it names.
    rows = sheet(["II. LĨNH VỰC TÀI NGUYÊN - MÔI TRƯỜNG"], [1, "Xử lý rác thải thôn 3.", "xã Gia Lâm", "", "", "",
                                                          "Sở Xây dựng"])
    assert importer.plan(build.clerk, "a.xlsx", rows).rows[0].field == other
    db.session.rollback()

    english = client.get("/admin/field-synonyms?lang=en").get_data(as_text=True)
    assert "Other names of fields" in english and "Add another name" in english
    client.get("/admin/field-synonyms?lang=vi")
    synonym = db.session.scalar(select(FieldSynonym))
    db_app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(f"/admin/field-synonyms/{synonym.id}/delete")
        assert refused.status_code == 400  # no CSRF token: nothing deleted
    finally:
        db_app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.scalar(select(func.count()).select_from(FieldSynonym)) == 1
    deleted = client.post(f"/admin/field-synonyms/{synonym.id}/delete")
    assert deleted.status_code == 302
    assert "Đã xóa tên gọi khác “Tài nguyên - Môi trường”." in client.get("/admin/field-synonyms").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(FieldSynonym)) == 0
    assert client.post("/admin/field-synonyms/999999/delete").status_code == 404
