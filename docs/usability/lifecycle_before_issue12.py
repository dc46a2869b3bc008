"""The baseline of docs/USABILITY.md: issue 12's lifecycle on the code before issue 12 (commit 6066e15), tallied
like tests/e2e/test_entry_and_layout.py::test_lifecycle_takes_fewer_interactions (tests/e2e/conftest.Tally): a
meeting with three items and a duplicate, merge, classify, transfer, one return and re-route, answers, re-answer,
roadmap, progress, close, each as a person does it on those pages. Where an old page pre-set a value that matches
the decision (the result category "resolved", the roadmap date left for the service to take from the answer), the
person is not counted choosing it, so the baseline is the lowest the old pages allow.

Not part of the suite (it drives the old pages): docs/USABILITY.md says how to run it in a worktree of 6066e15."""
from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import ARTIFACTS, login, logout, nav

pytestmark = pytest.mark.e2e


def _world():
    from app.extensions import db
    from app.services.accounts.users import create_user
    from tests.factories import PASSWORD, Builder

    build = Builder()
    names = {"office": ("vanphong.ld", "Đỗ Thị Hạnh", "office_leader", None),
             "committee": ("thuongtruc", "Trần Văn Hùng", "committee", None),
             "officer": ("sxd.cv", "Lê Minh Tuấn", "agency_officer", build.agency),
             "leader": ("sxd.ld", "Phạm Quốc Bảo", "agency_leader", build.agency),
             "officer2": ("syt.cv", "Vũ Thu Trang", "agency_officer", build.other_agency)}
    users = {key: create_user(None, username=u, full_name=n, password=PASSWORD, role=r, agency=a).username
             for key, (u, n, r, a) in names.items()}
    waiting = build.petition("transferred")
    ids = {"field": build.field.id, "agency": build.agency.id, "agency2": build.other_agency.id,
           "session": build.session2.id, "waiting": waiting.code}
    db.session.commit()
    return users, ids, PASSWORD


@pytest.fixture(scope="module")
def live_data():
    return _world


def do(page, action, fill=None):
    """An action of the item page: open it unless it is open already, fill, press its button."""
    details = page.locator(f"details:has(form[action$='/{action}'])")
    if details.get_attribute("open") is None:
        details.locator("> summary").click()
    for selector, value in (fill or {}).items():
        field = page.locator(f"#{action}-{selector}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.locator(f"button[name=go][value={action}]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() >= 1, page.locator(".alert").all_inner_texts()


def test_lifecycle_on_the_old_pages(page, live_server, tally):
    s = live_server
    item = f"{s.url}/petitions/"
    login(page, s, "office")
    nav(page, "Hội nghị TXCT")
    page.get_by_role("link", name="Thêm hội nghị").click()
    page.get_by_label("Ngày tiếp xúc").fill("2026-11-20")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa tổ dân phố 5")
    page.get_by_label("Xã, phường").fill("phường Hà Đông")
    page.get_by_label("Kỳ họp").select_option(str(s.ids["session"]))  # no default session before issue 12
    page.get_by_label("Số cử tri tham dự").fill("120")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Thêm kiến nghị").click()  # the meeting's page first, then its rows
    page.wait_for_load_state()
    texts = ["Đề nghị sửa chữa đường Tô Hiệu bị xuống cấp, ngập úng khi mưa lớn.",
             "Đề nghị lắp đèn chiếu sáng ngõ 12 Quang Trung.",
             "Đề nghị nạo vét mương thoát nước khu tập thể.",
             "Cử tri đề nghị sửa đường Tô Hiệu, mưa là ngập."]
    for i, text in enumerate(texts):  # five fixed rows: four fit
        page.locator(f"#rows-{i}-content").fill(text)
    page.get_by_role("button", name="Ghi nhận các kiến nghị").click()
    page.wait_for_load_state()
    codes = re.findall(r"KN-\d{4}-\d{6}", page.locator(".alert-success").inner_text())
    assert len(codes) == 4
    a, b, c, dup = codes
    page.goto(item + dup)
    do(page, "merge", {"into": a})  # the exact code typed, no confirmation
    assert "Trùng, đã gộp" in page.locator("#status").inner_text()
    for code, agency in ((a, "agency"), (b, "agency"), (c, "agency2")):
        page.goto(item + code)
        do(page, "classify", {"field": str(s.ids["field"]), "competence_level": "province",
                              "lead_agency": str(s.ids[agency])})
    nav(page, "Trình duyệt chuyển")
    page.locator("#select-all").check()
    page.get_by_role("button", name="Trình các kiến nghị đã chọn").click()
    page.wait_for_load_state()
    assert "3 kiến nghị" in page.locator(".alert-success").inner_text()
    logout(page)
    login(page, s, "committee")
    nav(page, "Duyệt chuyển")
    page.locator("#select-all").check()
    page.get_by_label("Số công văn chuyển").fill("125/HĐND-VP")  # the board's letter date is today already
    page.get_by_role("button", name="Duyệt chuyển các kiến nghị đã chọn").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1
    logout(page)
    login(page, s, "officer2")
    nav(page, "Hộp việc")
    page.get_by_role("link", name=c).click()
    page.wait_for_load_state()
    do(page, "return_not_competent", {"reason": "Thuộc thẩm quyền Sở Xây dựng."})
    logout(page)
    login(page, s, "office")
    page.goto(item + c)
    do(page, "reroute")
    do(page, "submit_for_transfer")
    logout(page)
    login(page, s, "committee")
    page.goto(item + c)
    do(page, "transfer", {"lead_agency": str(s.ids["agency"]), "letter_number": "130/HĐND-VP",
                          "letter_date": "2026-11-22"})  # no default letter date on the item page
    logout(page)
    login(page, s, "officer")
    nav(page, "Hộp việc")
    for code, category in ((a, "resolved"), (b, "in_progress"), (c, "explained")):
        page.get_by_role("link", name=code).click()
        page.wait_for_load_state()
        fill = {"text": f"Trả lời cho {code}: Sở Xây dựng đã kiểm tra và xử lý."}
        if category != "resolved":  # "resolved" was pre-set on the old form: not counted as a choice
            fill["result_category"] = category
        if category == "in_progress":
            fill["expected_date"] = "2027-06-30"
        do(page, "draft_answer", fill)
        if code != c:  # back to the inbox for the next one
            nav(page, "Hộp việc")
    logout(page)
    login(page, s, "leader")
    for code in (a, b, c):
        page.goto(item + code)
        do(page, "submit_answer")
    logout(page)
    login(page, s, "committee")
    page.goto(item + a)
    do(page, "request_reanswer", {"reason": "Chưa nêu thời gian sửa chữa."})
    page.goto(item + b)
    do(page, "accept_on_roadmap")  # the date left empty: the service takes the agency's
    page.goto(item + c)
    do(page, "accept")
    logout(page)
    login(page, s, "officer")
    page.goto(item + a)
    do(page, "draft_answer", {"text": "Sở sẽ sửa xong trước 30/12/2026."})  # "resolved" pre-set
    page.goto(item + b)
    do(page, "report_progress", {"percent": "40", "text": "Đã lắp 8/20 cột đèn."})
    logout(page)
    login(page, s, "leader")
    page.goto(item + a)
    do(page, "submit_answer")
    logout(page)
    login(page, s, "committee")
    page.goto(item + a)
    do(page, "accept")
    page.goto(item + b)
    do(page, "mark_done")  # the result "resolved" pre-set
    assert "Đã kết thúc" in page.locator("#status").inner_text()
    logout(page)
    figures = {"interactions": tally.interactions, "page_loads": tally.page_loads,
               "signing_interactions": tally.signing, "signing_page_loads": tally.signing_loads}
    (ARTIFACTS / "lifecycle_baseline_tally.json").write_text(json.dumps(figures, indent=2))
    print("BASELINE LIFECYCLE", tally)
