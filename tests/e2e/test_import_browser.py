"""In chromium: a clerk imports the office's summary spreadsheet, checking it first, then confirming."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import login, nav, shot

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_kien_nghi.xlsx"


def test_clerk_checks_then_imports_the_summary_sheet(page, live_server):
    s = live_server
    login(page, s, "clerk")
    nav(page, "Nhập Excel")
    page.get_by_label("Bảng tổng hợp (.xlsx)").set_input_files(str(SAMPLE))
    assert page.get_by_label("Chỉ kiểm tra, chưa ghi").is_checked()
    page.get_by_role("button", name="Kiểm tra / nhập").click()
    assert "Kết quả kiểm tra: chưa có gì được ghi" in page.content()
    assert page.locator("#preview-title ~ div table tbody tr").count() == 27
    shot(page, "12_import_checked")
    page.get_by_role("button", name="Nhập 27 kiến nghị").click()
    flash = page.locator(".alert-success").inner_text()
    assert "Đã nhập 27 kiến nghị" in flash, flash
    shot(page, "13_import_done")
    page.get_by_role("link", name="KN-", exact=False).first.click()
    assert "Nhập từ bảng tổng hợp" in page.content()
