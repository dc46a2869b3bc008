"""Every report built from the demo data, as the office would download it: PDF text, fonts, counts, workbooks.
The tests only read: the demo is seeded once for the module (the `demo` fixture in tests/conftest.py)."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import Petition, Session
from app.services.reporting import data as report_data
from app.services.reporting.files import KINDS, ReportRequest, generate
from tests.report_pdfs import pdfcheck


def office_user():
    from app.models import User

    return db.session.scalar(select(User).where(User.username == "thuongtruc"))


def session1() -> Session:
    return db.session.scalar(select(Session).where(Session.number == 1))


def test_every_report_from_demo_data_reads_in_vietnamese(demo):
    user, s1 = office_user(), session1()
    code = db.session.scalar(select(Petition.code).order_by(Petition.id).limit(1))
    for kind in KINDS:
        report = generate(user, ReportRequest(kind=kind, session=s1.id, as_of=date(2026, 12, 8), code=code))
        assert report.data.startswith(b"%PDF")
        pdfcheck.save_first_page(report.data, f"demo-{kind}")
        text = pdfcheck.text(report.data)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "HĐND THÀNH PHỐ HÀ NỘI" in text
        assert "Trang 1/" in text
        pdfcheck.assert_fonts_ok(report.data)
        workbook = generate(user, ReportRequest(kind=kind, format="xlsx", session=s1.id, as_of=date(2026, 12, 8),
                                                code=code))
        assert load_workbook(io.BytesIO(workbook.data)).sheetnames


def test_results_report_counts_match_the_database(demo):
    user, s1 = office_user(), session1()
    transferred = db.session.scalar(select(func.count()).select_from(Petition).where(
        Petition.session_id == s1.id, Petition.transferred_on.is_not(None),
        Petition.status.not_in(("merged", "set_aside"))))
    resolved = db.session.scalar(select(func.count()).select_from(Petition).where(
        Petition.session_id == s1.id, Petition.result_category == "resolved", Petition.status == "closed"))
    assert transferred > 5 and resolved > 0
    data = report_data.results(user, s1.id, date(2026, 12, 8))
    assert len(data.items) == transferred
    report = generate(user, ReportRequest(kind="results", session=s1.id, as_of=date(2026, 12, 8)))
    flat = " ".join(pdfcheck.text(report.data).split())
    assert f"đã chuyển cơ quan có thẩm quyền giải quyết: {transferred};" in flat
    assert "Hà Nội, ngày 08 tháng 12 năm 2026" in flat
    assert "Kết quả giải quyết kiến nghị cử tri gửi đến Kỳ họp thứ nhất" in flat
    assert "Đã giải quyết xong" in flat
    # Session 1 items still open on 08/12/2026 have crossed session 2's opening: outstanding across sessions.
    outstanding = [i for i in data.items if i.sessions_outstanding]
    assert outstanding and all(i.status not in ("closed",) for i in outstanding)
    assert outstanding[0].code in flat.split("TỒN ĐỌNG QUA NHIỀU KỲ HỌP")[1]


def test_compilation_counts_meetings_and_merges(demo):
    user, s1 = office_user(), session1()
    data = report_data.compilation(user, s1.id)
    merged = db.session.scalar(select(func.count()).select_from(Petition).where(
        Petition.session_id == s1.id, Petition.status == "merged"))
    assert data.received - data.after_merging == merged
    report = generate(user, ReportRequest(kind="compilation", session=s1.id))
    flat = " ".join(pdfcheck.text(report.data).split())
    assert f"tổng hợp được {data.received} ý kiến, kiến nghị; sau khi gộp các nội dung trùng lặp còn " \
           f"{data.after_merging} kiến nghị" in flat
    assert "Trước kỳ họp" in flat and "Lĩnh vực:" in flat


def test_workbook_values_and_types(demo):
    user, s1 = office_user(), session1()
    report = generate(user, ReportRequest(kind="results", format="xlsx", session=s1.id, as_of=date(2026, 12, 8)))
    wb = load_workbook(io.BytesIO(report.data))
    appendix = wb["Phụ lục"]
    assert [c.value for c in appendix[2]][:3] == ["Mã", "Nội dung tóm tắt", "Địa bàn"]
    codes = [r[0].value for r in appendix.iter_rows(min_row=3)]
    assert all(c.startswith("KN-") for c in codes)
    due = [r[5].value for r in appendix.iter_rows(min_row=3) if r[5].value is not None]
    assert due and all(hasattr(v, "year") for v in due)  # real dates, not text
    assert appendix.column_dimensions["B"].width > appendix.column_dimensions["A"].width
    result = wb["Theo kết quả"]
    labels = [r[0].value for r in result.iter_rows(min_row=3)]
    assert "Đã giải quyết xong" in labels
    assert isinstance(result["B3"].value, int)
