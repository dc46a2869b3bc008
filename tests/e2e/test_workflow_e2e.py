"""End to end in chromium: meeting and three recommendations, transfer, answers, reviews, re-answer, overdue."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import do, follow, login, logout, nav, shot

pytestmark = pytest.mark.e2e
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"



def open_petition(page, server, code):
    page.goto(f"{server.url}/petitions/{code}")


# The baseline of this very flow, measured on the code before issue 12 (docs/USABILITY.md).
BASELINE_INTERACTIONS, BASELINE_PAGE_LOADS = 98, 44


def test_whole_workflow_in_the_browser(page, live_server, tally):
    s = live_server
    # 1. The clerk records a meeting and three recommendations, classifies and submits them.
    login(page, s, "clerk")
    nav(page, "Hội nghị TXCT")
    follow(page, page.get_by_role("link", name="Thêm hội nghị"))
    page.get_by_label("Ngày tiếp xúc").fill("2026-11-20")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa tổ dân phố 5")
    page.get_by_label("Xã, phường").fill("phường Hà Đông")
    page.get_by_label("Kỳ họp").select_option(str(s.ids["session"]))
    page.get_by_label("Số cử tri tham dự").fill("120")
    follow(page, page.get_by_role("button", name="Lưu"))  # the next page, whole, before reading it
    assert "Đã lưu hội nghị" in page.content()  # and the meeting's recommendations are asked for at once
    contents = ["Đề nghị sửa chữa đường Tô Hiệu bị xuống cấp, ngập úng khi mưa lớn.",
                "Đề nghị lắp đèn chiếu sáng ngõ 12 Quang Trung.",
                "Đề nghị nạo vét mương thoát nước khu tập thể."]
    for i, text in enumerate(contents):
        page.locator(f"#rows-{i}-content").fill(text)
    shot(page, "01_clerk_batch_recommendations")
    follow(page, page.get_by_role("button", name="Ghi nhận các kiến nghị"))  # the next page, whole, before reading it
    flash = page.locator(".alert-success").inner_text()
    codes = re.findall(r"KN-\d{4}-\d{6}", flash)
    assert len(codes) == 3, flash
    shot(page, "02_meeting_detail")
    for code in codes:
        open_petition(page, s, code)
        do(page, "classify", {"field": str(s.ids["field"]), "competence_level": "province",
                              "lead_agency": str(s.ids["agency"])})
    do(page, "submit_for_transfer")  # the last one from its own page, the others together
    shot(page, "03_petition_submitted")
    nav(page, "Trình duyệt chuyển")
    for code in codes[:2]:
        page.get_by_label(f"Chọn {code}").check()
    shot(page, "03b_batch_submission")
    follow(page, page.get_by_role("button", name="Trình các kiến nghị đã chọn"))  # the next page, whole, before reading it
    flash = page.locator(".alert-success").inner_text()
    assert "Đã trình Thường trực duyệt chuyển 2 kiến nghị" in flash and all(c in flash for c in codes[:2]), flash
    logout(page)

    # 2. The committee transfers all three under one letter; the deadline appears with its explanation.
    login(page, s, "committee")
    nav(page, "Duyệt chuyển")
    shot(page, "04_transfer_queue")
    page.locator("#select-all").check()
    page.get_by_label("Số công văn chuyển").fill("125/HĐND-VP")
    follow(page, page.get_by_role("button", name="Duyệt chuyển các kiến nghị đã chọn"))  # the next page, whole, before reading it
    assert page.locator(".alert-success").count() == 1
    assert "ngày làm việc" in page.locator(".alert-info").first.inner_text()
    logout(page)

    # 3. The agency officer drafts three answers (one with the letter as PDF), the leader submits them.
    login(page, s, "officer")
    nav(page, "Hộp việc")
    assert all(code in page.content() for code in codes)
    shot(page, "05_agency_inbox")
    pdf = {"name": "tra-loi.pdf", "mimeType": "application/pdf", "buffer": PDF}
    drafts = [("resolved", None), ("in_progress", "2027-06-30"), ("explained", None)]
    for code, (category, expected) in zip(codes, drafts, strict=True):
        open_petition(page, s, code)
        fill = {"text": f"Trả lời cho {code}: Sở Xây dựng đã kiểm tra và xử lý.", "result_category": category}
        if expected:
            fill["expected_date"] = expected
        if code == codes[0]:
            fill["files"] = pdf
        do(page, "draft_answer", fill)
    logout(page)
    login(page, s, "leader")
    for code in codes:
        open_petition(page, s, code)
        do(page, "submit_answer", {"letter_number": "88/SXD-VP"})
    shot(page, "06_answer_submitted")
    logout(page)

    # 4. The committee: a new answer for the first, a roadmap for the second, closes the third.
    login(page, s, "committee")
    nav(page, "Đánh giá trả lời")
    assert all(code in page.content() for code in codes)
    open_petition(page, s, codes[0])
    do(page, "request_reanswer", {"reason": "Trả lời chung chung, chưa nêu thời gian sửa chữa."})
    open_petition(page, s, codes[1])
    do(page, "accept_on_roadmap", {"comment": "Theo dõi đến khi hoàn thành."})
    open_petition(page, s, codes[2])
    do(page, "accept")
    assert "Đã kết thúc: " in page.locator("#status").inner_text()
    logout(page)

    # 5. The agency answers again (the officer drafts; the leader has not signed yet).
    login(page, s, "officer")
    open_petition(page, s, codes[0])
    do(page, "draft_answer", {"text": "Sở sẽ sửa chữa xong trước 30/12/2026.", "result_category": "resolved"})
    open_petition(page, s, codes[1])
    do(page, "report_progress", {"percent": "40", "text": "Đã lắp 8/20 cột đèn."})
    assert "40%" in page.locator("#progress").inner_text()
    logout(page)

    # 6. Time passes: the item still with the agency appears on the overdue board.
    s.clock.set_now("2027-02-15T09:00")
    login(page, s, "committee")
    nav(page, "Quá hạn")
    board = page.locator("#overdue-board")
    assert codes[0] in board.inner_text() and codes[1] not in board.inner_text()
    shot(page, "07_overdue_board")
    open_petition(page, s, codes[0])
    assert page.locator("#timeline li").count() >= 8
    shot(page, "08_petition_detail_timeline")
    open_petition(page, s, codes[1])
    shot(page, "09_roadmap_item")
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet held upright
    nav(page, "Lộ trình")
    assert codes[1] in page.content() and "40%" in page.content()
    shot(page, "10_roadmaps_tablet")
    print("SAME FLOW", tally)
    # Defaults (session, letter date, roadmap date), the next step open on arrival, the meeting leading to its rows.
    assert tally.interactions < BASELINE_INTERACTIONS, str(tally)


def test_oversized_file_is_refused_before_sending(page, live_server):
    s = live_server
    s.app.config["MAX_UPLOAD_BYTES"] = 1024
    try:
        login(page, s, "clerk")
        nav(page, "Ghi nhận kiến nghị")
        page.get_by_label("Nội dung kiến nghị").fill("Đơn thư đề nghị cấp nước sạch.")
        follow(page, page.get_by_role("button", name="Lưu"))  # the next page, whole, before reading it
        assert page.locator(".alert-success").count() == 1
        upload = page.locator("#upload-file")
        upload.set_input_files({"name": "lon.pdf", "mimeType": "application/pdf", "buffer": PDF + b"x" * 4096})
        assert "Tệp quá lớn" in upload.evaluate("e => e.validationMessage")
        url = page.url
        page.get_by_role("button", name="Tải lên").click()  # the browser refuses it: no page follows
        assert not upload.evaluate("e => e.form.checkValidity()")
        assert page.url == url and "Chưa có tệp." in page.content()
        shot(page, "11_oversized_file_refused")
    finally:
        s.app.config["MAX_UPLOAD_BYTES"] = 20 * 1024 * 1024
