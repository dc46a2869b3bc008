"""Issue 12 in chromium: an item returned as not competent is re-routed by the clerk to the agency the returning one
suggested (the returning agency refused unless confirmed), transferred, and the new agency's officer finds it in the
bell without polling anything."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, follow, login, logout, nav, open_action, shot

pytestmark = pytest.mark.e2e


def _returned_world():
    """An item Sở Xây dựng returned (officer proposed, leader approved) naming Sở Y tế, and the accounts."""
    from app.extensions import db
    from app.services.petitions import answers
    from tests.factories import PASSWORD, Builder

    build = Builder()
    p = build.petition("transferred")
    answers.propose_return(build.officer, p, reason="Nội dung về trạm y tế phường, không thuộc Sở Xây dựng.",
                           suggested_agency=build.other_agency)
    answers.return_not_competent(build.agency_leader, p)
    health_officer = build.user("agency_officer", build.other_agency)
    users = {"clerk": build.clerk.username, "committee": build.committee.username,
             "health_officer": health_officer.username}
    ids = {"code": p.code, "returning": build.agency.id, "suggested": build.other_agency.id}
    db.session.commit()
    return users, ids, PASSWORD


@pytest.fixture(scope="module")
def live_data():
    return _returned_world



def test_reroute_after_a_return_reaches_the_new_agencys_bell(page, live_server):
    from playwright.sync_api import expect

    s = live_server
    code = s.ids["code"]
    login(page, s, "clerk")
    page.goto(f"{s.url}/petitions/{code}")
    info = page.locator("#return-info")
    expect(info).to_contain_text("Sở Xây dựng trả lại")
    expect(info).to_contain_text("không thuộc Sở Xây dựng")
    expect(info).to_contain_text("Sở Y tế")
    open_action(page, "reroute")
    lead = page.locator("#reroute-lead_agency")
    # The suggested agency is offered, never the one that returned the item.
    assert lead.input_value() == str(s.ids["suggested"])
    lead.select_option(str(s.ids["returning"]))
    follow(page, page.locator("button[name=go][value=reroute]"))
    expect(page.locator(".alert-danger")).to_contain_text("vừa trả lại")
    shot(page, "12_reroute_refused")
    page.locator("#reroute-lead_agency").select_option(str(s.ids["suggested"]))
    follow(page, page.locator("button[name=go][value=reroute]"))
    expect(page.locator(".alert-success")).to_contain_text("Đã phân loại lại")
    open_action(page, "submit_for_transfer")
    follow(page, page.locator("button[name=go][value=submit_for_transfer]"))
    logout(page)

    login(page, s, "committee")
    nav(page, "Duyệt chuyển")
    page.get_by_label(f"Chọn {code}").check()
    page.get_by_label("Số công văn chuyển").fill("131/HĐND-VP")
    follow(page, page.get_by_role("button", name="Duyệt chuyển các kiến nghị đã chọn"))
    expect(page.locator(".alert-success")).to_have_count(1)
    logout(page)

    login(page, s, "health_officer")
    bell = page.locator("#bell")
    expect(bell).to_contain_text("1")
    follow(page, bell)
    expect(page.locator(".list-group")).to_contain_text(f"Kiến nghị mới được chuyển đến: {code}")
    shot(page, "12_bell_transfer_to_new_agency")
    follow(page, page.get_by_role("link", name=f"Kiến nghị mới được chuyển đến: {code}", exact=False))
    expect(page.locator("#status")).to_contain_text("Đã chuyển cơ quan giải quyết")
    assert ARTIFACTS.exists()
