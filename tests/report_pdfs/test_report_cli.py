"""`flask report <kind> --out FILE`: every kind, both formats, agency and date options, clear errors."""
from __future__ import annotations

from openpyxl import load_workbook

from app.extensions import db
from tests.report_pdfs import pdfcheck


def test_report_command_builds_each_kind(db_app, build, tmp_path):
    late = build.petition("transferred", transfer_on=build.session1.opening)
    build.petition("closed")
    db.session.commit()
    runner = db_app.test_cli_runner()
    for kind in ("results", "compilation", "overdue", "agency"):
        out = tmp_path / f"{kind}.pdf"
        result = runner.invoke(args=["report", kind, "--out", str(out), "--session", "2", "--as-of", "08/12/2026"])
        assert result.exit_code == 0, result.output
        assert "giây" in result.output  # says how long it took
        assert out.read_bytes().startswith(b"%PDF")
    text = pdfcheck.text((tmp_path / "overdue.pdf").read_bytes())
    assert late.code in text and "Sở Xây dựng" in text
    # Issued today, figures as of the cut-off: two different dates, both printed.
    assert "Hà Nội, ngày 22 tháng 11 năm 2026" in text and "Số liệu tính đến ngày 08/12/2026" in text
    item = tmp_path / "item.pdf"
    assert runner.invoke(args=["report", "item", "--code", late.code, "--out", str(item)]).exit_code == 0
    assert late.code in pdfcheck.text(item.read_bytes())
    sheet = tmp_path / "agency.xlsx"
    result = runner.invoke(args=["report", "agency", "--agency", "SXD", "--out", str(sheet)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(sheet)
    card = wb["Phiếu đánh giá"]
    assert card["A4"].value == "Sở Xây dựng" and card["B4"].value == 2  # transferred: both items


def test_report_command_errors_are_clear(db_app, build, tmp_path):
    db.session.commit()
    runner = db_app.test_cli_runner()
    bad_agency = runner.invoke(args=["report", "overdue", "--agency", "KHONGCO", "--out", str(tmp_path / "x.pdf")])
    assert bad_agency.exit_code != 0 and "Không có cơ quan mã KHONGCO" in bad_agency.output
    no_code = runner.invoke(args=["report", "item", "--out", str(tmp_path / "x.pdf")])
    assert no_code.exit_code != 0 and "mã kiến nghị" in no_code.output
    bad_date = runner.invoke(args=["report", "overdue", "--as-of", "31/02/2026", "--out", str(tmp_path / "x.pdf")])
    assert bad_date.exit_code != 0
