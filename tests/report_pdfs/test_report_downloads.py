"""Report downloads over HTTP: the page, inline files, list exports, the item sheet, queued runs, permissions."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from app import jobs
from app.extensions import db
from tests.report_pdfs import pdfcheck


def test_reports_page_and_nav_link(client, auth, build):
    auth.login(build.committee)
    page = client.get("/reports/").get_data(as_text=True)
    assert "Báo cáo kết quả giải quyết kiến nghị cử tri" in page and 'href="/reports/"' in page
    assert "Sở Xây dựng" in page  # the office may pick any agency


def test_office_downloads_every_kind_inline(client, auth, build):
    p = build.petition("closed")
    db.session.commit()
    auth.login(build.committee)
    for kind in ("results", "compilation", "overdue", "agency"):
        for fmt in ("pdf", "xlsx"):
            response = client.get(f"/reports/download?kind={kind}&format={fmt}&session={build.session2.id}")
            assert response.status_code == 200, (kind, fmt)
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert float(response.headers["X-Report-Seconds"]) >= 0
    sheet = client.get(f"/reports/item/{p.code}.pdf")
    assert sheet.status_code == 200 and p.code in pdfcheck.text(sheet.data)


def test_agency_gets_only_its_own_items(client, auth, build):
    mine = build.petition("transferred", content="Đề nghị sửa đường Tô Hiệu")
    theirs = build.petition("transferred", agency=build.other_agency, content="Đề nghị nâng cấp Trạm y tế")
    db.session.commit()
    auth.login(build.officer)  # Sở Xây dựng
    export = client.get("/reports/export/petitions.xlsx")
    assert export.status_code == 200
    codes = [row[0].value for row in load_workbook(io.BytesIO(export.data))["Danh sách"].iter_rows(min_row=4)]
    assert mine.code in codes and theirs.code not in codes
    results = client.get(f"/reports/download?kind=results&session={build.session2.id}")
    text = pdfcheck.text(results.data)
    assert mine.code in text and theirs.code not in text
    # Another agency's item answers exactly like a code that does not exist: a guess reveals nothing.
    hidden, unknown = client.get(f"/reports/item/{theirs.code}.pdf"), client.get("/reports/item/KN-9999-9999.pdf")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.get_data(as_text=True).replace(theirs.code, "?") == unknown.get_data(as_text=True).replace(
        "KN-9999-9999", "?")
    assert client.get(f"/reports/download?kind=item&code={theirs.code}&format=xlsx").status_code == 404
    other = build.other_agency.id
    assert client.get(f"/reports/download?kind=agency&agency={other}").status_code == 403
    assert client.get(f"/reports/download?kind=overdue&agency={other}").status_code == 403
    assert client.get("/reports/download?kind=compilation").status_code == 403
    card = load_workbook(io.BytesIO(client.get("/reports/download?kind=agency&format=xlsx").data))["Phiếu đánh giá"]
    assert [r[0].value for r in card.iter_rows(min_row=4)] == ["Sở Xây dựng", "Tổng cộng"]


def test_list_export_keeps_the_list_filters(client, auth, build):
    a = build.petition("transferred")
    b = build.petition("closed")
    db.session.commit()
    auth.login(build.clerk)
    wb = load_workbook(io.BytesIO(client.get("/reports/export/petitions.xlsx?status=closed").data))
    ws = wb["Danh sách"]
    assert "Số liệu tính đến ngày 22/11/2026" in ws["A2"].value and "status = closed" in ws["A2"].value
    assert [c.value for c in ws[3]][:3] == ["Mã", "Nội dung tóm tắt", "Địa bàn"]
    codes = [r[0].value for r in ws.iter_rows(min_row=4)]
    assert codes == [b.code] and a.code not in codes
    row = next(ws.iter_rows(min_row=4))
    assert row[7].value is not None and row[7].is_date  # transferred on: a real date


def test_anonymous_is_sent_to_login(auth, client, build):
    response = client.get("/reports/download?kind=results")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_large_reports_run_in_the_background_with_progress(client, auth, build, db_app, tmp_path, monkeypatch):
    build.petition("closed")
    db.session.commit()
    monkeypatch.setitem(db_app.config, "REPORT_INLINE_MAX_ROWS", 0)
    monkeypatch.setitem(db_app.config, "REPORT_DIR", str(tmp_path / "runs"))
    auth.login(build.committee)
    queued = client.get(f"/reports/download?kind=results&session={build.session2.id}")
    assert queued.status_code == 302 and "/reports/run/" in queued.headers["Location"]
    run_url = queued.headers["Location"]
    # The web request only queued it: nothing is built until the job process claims it.
    assert client.get(run_url + ".json").get_json()["state"] == "queued"
    assert "Báo cáo đang chờ đến lượt tạo" in client.get(run_url).get_data(as_text=True)
    assert client.get(run_url + "/file").status_code == 409
    assert jobs.build_reports() == 1  # what the scheduler's reports job does every few seconds
    info = client.get(run_url + ".json").get_json()
    assert info["state"] == "done", info
    assert info["seconds"] is not None and info["rows"] == 1 and info["pages"] >= 1
    assert info["filename"] == "bao-cao-ket-qua-20261122.pdf" and info["size"] > 0
    assert "Đã tạo xong trong" in client.get(run_url).get_data(as_text=True)
    with client.get(run_url + "/file") as pdf:
        assert pdf.status_code == 200 and "Kết quả giải quyết kiến nghị cử tri" in pdfcheck.text(pdf.data)
        assert "filename=bao-cao-ket-qua-20261122.pdf" in pdf.headers["Content-Disposition"]
    assert jobs.build_reports() == 0  # built once
    # Someone else cannot read the run.
    auth.login(build.clerk)
    assert client.get(run_url + ".json").status_code == 403
    assert client.get(run_url).status_code == 403
    assert client.get(run_url + "/file").status_code == 403


def test_report_page_offers_the_figures_as_json(auth, client, build):
    build.petition("closed")
    late = build.petition("transferred")
    db.session.commit()
    auth.login(build.committee)
    page = client.get("/reports/").get_data(as_text=True)
    assert 'value="json"' in page and "format=json" in page
    response = client.get(f"/reports/download?kind=results&format=json&session={build.session2.id}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    figures = response.get_json()
    assert figures["transferred"] == 2 and figures["answered"] == 1 and figures["by_result"]["resolved"] == 1
    assert figures["session"] == 2 and [a["agency_code"] for a in figures["by_agency"]] == ["SXD"]
    assert late.code  # the unanswered one is not yet due: no overdue, no rate penalty
    assert figures["overdue_unanswered"] == 0 and figures["on_time_rate"] == 100.0
    bad = client.get("/reports/download?kind=item&format=json&code=KN-1")
    assert bad.status_code == 400
