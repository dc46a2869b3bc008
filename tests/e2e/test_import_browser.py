"""In chromium: a clerk imports the office's summary spreadsheet, checking it first, then confirming."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import follow, login, nav, shot

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_kien_nghi.xlsx"


def test_clerk_checks_then_imports_the_summary_sheet(page, live_server):
    s = live_server
    login(page, s, "clerk")
    nav(page, "Nhập Excel")
    page.get_by_label("Bảng tổng hợp (.xlsx)").set_input_files(str(SAMPLE))
    assert page.get_by_label("Chỉ kiểm tra, chưa ghi").is_checked()
    follow(page, page.get_by_role("button", name="Kiểm tra / nhập"))
    assert "Kết quả kiểm tra: chưa có gì được ghi" in page.content()
    assert page.locator("#preview-title ~ div table tbody tr").count() == 27
    shot(page, "12_import_checked")
    follow(page, page.get_by_role("button", name="Nhập 27 kiến nghị"))
    flash = page.locator(".alert-success").inner_text()
    assert "Đã nhập 27 kiến nghị" in flash, flash
    shot(page, "13_import_done")
    follow(page, page.get_by_role("link", name="KN-", exact=False).first)
    assert "Nhập từ bảng tổng hợp" in page.content()


def _other_shape(path: Path, rows: list[tuple[str, str]]) -> Path:
    """A sheet whose columns the import does not recognise by name ("Vấn đề cử tri nêu" for the content)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Số", "Vấn đề cử tri nêu", "Khu vực"])
    for n, (content, locality) in enumerate(rows, start=1):
        wb.active.append([n, content, locality])
    wb.save(path)
    return path


def test_clerk_maps_the_columns_of_another_shape_then_the_next_sheet_is_recognised(page, live_server, tmp_path):
    s = live_server
    login(page, s, "clerk")
    nav(page, "Nhập Excel")
    first = _other_shape(tmp_path / "mau-khac.xlsx", [("Sửa cầu treo thôn Đồng Sơn.", "xã Ba Vì"),
                                                      ("Nạo vét kênh tiêu thôn 2.", "xã Gia Lâm")])
    page.get_by_label("Bảng tổng hợp (.xlsx)").set_input_files(str(first))
    page.get_by_label("Kỳ họp").select_option(index=1)
    follow(page, page.get_by_role("button", name="Kiểm tra / nhập"))
    content = page.content()
    assert "không nhận ra cột “Nội dung kiến nghị”" in content and "“Vấn đề cử tri nêu”" in content
    mapping = page.locator("#mapping-table")
    assert "Sửa cầu treo thôn Đồng Sơn." in mapping.inner_text()  # the sheet's first rows, to map by eye
    page.locator("#column__1").select_option("content")
    page.locator("#column__2").select_option("locality")
    shot(page, "14_import_mapping")
    follow(page, page.get_by_role("button", name="Ghi nhớ cách ghép và kiểm tra lại"))
    assert "Kết quả kiểm tra: chưa có gì được ghi" in page.content()
    assert page.locator("#mapping-table").count() == 0
    follow(page, page.get_by_role("button", name="Nhập 2 kiến nghị"))
    flash = page.locator(".alert-success").inner_text()
    assert "Đã nhập 2 kiến nghị" in flash, flash

    # The next sheet of that shape: recognised at once, no mapping page.
    nav(page, "Nhập Excel")
    second = _other_shape(tmp_path / "mau-khac-2.xlsx", [("Lắp đèn chiếu sáng ngõ 5.", "phường Hà Đông")])
    page.get_by_label("Bảng tổng hợp (.xlsx)").set_input_files(str(second))
    page.get_by_label("Kỳ họp").select_option(index=1)
    follow(page, page.get_by_role("button", name="Kiểm tra / nhập"))
    assert "Kết quả kiểm tra: chưa có gì được ghi" in page.content()
    assert page.locator("#mapping-table").count() == 0
    follow(page, page.get_by_role("button", name="Nhập 1 kiến nghị"))
    assert "Đã nhập 1 kiến nghị" in page.locator(".alert-success").inner_text()
