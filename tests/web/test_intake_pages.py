"""Clerks' intake pages: meetings, several recommendations from one form, corrections, bad input."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Petition, VoterMeeting
from tests.web.helpers import text

MEETING = {"held_on": "2026-11-20", "place": "Nhà văn hóa tổ 5", "locality": "phường Hà Đông",
           "meeting_type": "before_session", "timing": "before", "session": "0", "constituency": "0",
           "voters_count": "80", "notes": ""}


def test_meeting_create_edit_list_detail(client, auth, build):
    auth.login(build.clerk)
    assert client.get("/meetings/new").status_code == 200
    r = client.post("/meetings/new", data=MEETING | {"session": str(build.session2.id)})
    assert r.status_code == 302
    meeting = db.session.scalar(select(VoterMeeting))
    assert meeting.session_id == build.session2.id and meeting.voters_count == 80
    r = client.post(f"/meetings/{meeting.id}/edit", data=MEETING | {"voters_count": "95"})
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(VoterMeeting, meeting.id).voters_count == 95
    assert "Nhà văn hóa tổ 5" in text(client.get("/meetings"))
    assert "phường Hà Đông" in text(client.get(f"/meetings/{meeting.id}"))


def test_meeting_form_errors_in_vietnamese_keep_input(client, auth, build):
    auth.login(build.clerk)
    r = client.post("/meetings/new", data=MEETING | {"held_on": "", "voters_count": "-3"})
    assert r.status_code == 400
    html = text(r)
    assert "Trường này là bắt buộc." in html and "Không được âm." in html
    assert 'value="Nhà văn hóa tổ 5"' in html
    assert db.session.scalar(select(VoterMeeting)) is None


def test_several_recommendations_from_one_form(client, auth, build):
    auth.login(build.clerk)
    client.post("/meetings/new", data=MEETING)
    meeting = db.session.scalar(select(VoterMeeting))
    data = {"rows-0-content": "Sửa đường Tô Hiệu.", "rows-1-content": "Lắp đèn ngõ 12.",
            "rows-1-locality": "phường Văn Quán", "rows-2-content": "Nạo vét mương.", "rows-2-urgent": "y",
            "rows-3-content": "", "rows-4-content": ""}
    r = client.post(f"/meetings/{meeting.id}/petitions/new", data=data)
    assert r.status_code == 302
    items = db.session.scalars(select(Petition).order_by(Petition.id)).all()
    assert [p.locality for p in items] == ["phường Hà Đông", "phường Văn Quán", "phường Hà Đông"]
    assert [p.urgent for p in items] == [False, False, True]
    assert all(p.meeting_id == meeting.id and p.status == "recorded" for p in items)
    assert "Sửa đường Tô Hiệu." in text(client.get(f"/meetings/{meeting.id}"))


def test_empty_batch_is_refused_with_a_message(client, auth, build):
    auth.login(build.clerk)
    client.post("/meetings/new", data=MEETING)
    meeting = db.session.scalar(select(VoterMeeting))
    r = client.post(f"/meetings/{meeting.id}/petitions/new", data={"rows-0-summary": "chỉ tóm tắt"})
    assert r.status_code == 400 and "ít nhất một kiến nghị" in text(r)
    assert "chỉ tóm tắt" in text(r)


def test_single_petition_and_edit_while_with_the_office(client, auth, build):
    auth.login(build.clerk)
    r = client.post("/petitions/new", data={"content": "Đơn thư về tiếng ồn.", "channel": "letter",
                                            "session": "0", "timing": "after", "voter_name": "Nguyễn Văn A"})
    assert r.status_code == 302
    p = db.session.scalar(select(Petition))
    assert p.channel == "letter" and p.voter_name == "Nguyễn Văn A"
    assert client.get(f"/petitions/{p.code}/edit").status_code == 200
    r = client.post(f"/petitions/{p.code}/edit", data={
        "version": str(p.version), "content": "Đơn thư về tiếng ồn quán karaoke.", "summary": "Tiếng ồn",
        "channel": "letter", "locality": "phường Mộ Lao", "voter_name": "", "timing": "after"})
    assert r.status_code == 302
    db.session.expire_all()
    p = db.session.get(Petition, p.id)
    assert p.locality == "phường Mộ Lao" and p.voter_name is None
    stale = client.post(f"/petitions/{p.code}/edit", data={
        "version": str(p.version - 1), "content": "Cũ", "channel": "letter", "timing": "after"})
    assert stale.status_code == 409 and "vừa được người khác cập nhật" in text(stale)


def test_edit_refused_once_transferred(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.clerk)
    assert client.get(f"/petitions/{p.code}/edit").status_code == 403
    assert "Sửa nội dung" not in text(client.get(f"/petitions/{p.code}"))


def test_new_petition_errors(client, auth, build):
    auth.login(build.clerk)
    r = client.post("/petitions/new", data={"content": "", "channel": "letter", "session": "0",
                                            "timing": "before", "locality": "phường X"})
    assert r.status_code == 400 and "Trường này là bắt buộc." in text(r) and 'value="phường X"' in text(r)


def test_meeting_list_filters_and_order_in_the_url(client, auth, build):
    auth.login(build.clerk)
    client.post("/meetings/new", data=MEETING | {"session": str(build.session2.id)})
    client.post("/meetings/new", data=MEETING | {"held_on": "2026-06-01", "place": "Hội trường UBND",
                                                 "locality": "phường Văn Quán"})
    html = text(client.get(f"/meetings?session={build.session2.id}"))
    assert "Nhà văn hóa tổ 5" in html and "Hội trường UBND" not in html
    html = text(client.get("/meetings?locality=Văn Quán"))
    assert "Hội trường UBND" in html and "Nhà văn hóa tổ 5" not in html
    html = text(client.get("/meetings?dir=asc"))
    assert html.index("Hội trường UBND") < html.index("Nhà văn hóa tổ 5")
    assert "dir=desc" in html


def test_clerk_submits_several_classified_items_at_once(client, auth, build):
    from app.services.petitions import intake as petitions

    a, b, c = (build.petition("classified") for _ in range(3))
    recorded = build.petition("recorded")
    auth.login(build.clerk)
    html = client.get("/submissions").get_data(as_text=True)
    assert all(p.code in html for p in (a, b, c)) and recorded.code not in html

    stale = {"ids": [str(a.id), str(b.id)], f"v-{a.id}": str(a.version), f"v-{b.id}": str(b.version - 1)}
    r = client.post("/submissions", data=stale)
    assert r.status_code == 409 and f"{b.code}:" in r.get_data(as_text=True)
    db.session.expire_all()
    assert {a.status, b.status} == {"classified"}  # all or nothing

    assert client.post("/submissions", data={}).status_code == 400
    r = client.post("/submissions", data={"ids": [str(a.id), str(b.id)], f"v-{a.id}": str(a.version),
                                          f"v-{b.id}": str(b.version)})
    assert r.status_code == 302
    db.session.expire_all()
    assert a.status == b.status == "awaiting_transfer" and c.status == "classified"
    page = client.get("/submissions").get_data(as_text=True)
    assert "Đã trình Thường trực duyệt chuyển 2 kiến nghị" in page and a.code not in page.split("<tbody>")[1]

    no_lead = build.petition("recorded")
    petitions.classify(build.clerk, no_lead, field=build.field, competence_level="province", lead_agency=None,
                       coordinating=[])
    db.session.commit()
    assert "Chưa chọn cơ quan chủ trì" in client.get("/submissions").get_data(as_text=True)
    r = client.post("/submissions", data={"ids": [str(no_lead.id)], f"v-{no_lead.id}": str(no_lead.version)})
    assert r.status_code == 400 and f"{no_lead.code}: Thiếu thông tin bắt buộc: cơ quan chủ trì." in r.get_data(as_text=True)


def test_import_a_summary_sheet_check_first_then_confirm(client, auth, build, db_app, tmp_path):
    import io
    import re
    from pathlib import Path

    from app.models import SheetImport

    db_app.config["UPLOAD_DIR"] = str(tmp_path)
    sample = (Path(__file__).resolve().parents[1] / "data" / "sample_kien_nghi.xlsx").read_bytes()
    import os

    abandoned = tmp_path / "imports" / ("0" * 64 + ".xlsx")  # checked two days ago, never confirmed
    abandoned.parent.mkdir()
    abandoned.write_bytes(b"old")
    os.utime(abandoned, (0, 0))
    auth.login(build.clerk)
    assert "Nhập bảng tổng hợp kiến nghị" in text(client.get("/imports"))
    checked = client.post("/imports", content_type="multipart/form-data", data={
        "file": (io.BytesIO(sample), "tong-hop-ky-2.xlsx"), "session": "0", "timing": "", "check_only": "y"})
    html = text(checked)
    assert checked.status_code == 200 and "Kết quả kiểm tra: chưa có gì được ghi" in html
    assert "Nhập 27 kiến nghị" in html and "Kỳ họp thứ hai" in html
    assert '<table class="stack-cards' in html  # the rows to import: stacked cards below 900 px
    assert db.session.scalar(select(Petition.id).limit(1)) is None
    pending = re.search(r'name="pending" type="hidden" value="([0-9a-f]{64})"', html).group(1)
    assert (tmp_path / "imports" / f"{pending}.xlsx").read_bytes() == sample  # kept, not re-uploaded
    assert not abandoned.exists()

    done = client.post("/imports", data={"pending": pending, "pending_name": "tong-hop-ky-2.xlsx",
                                         "session": "0", "timing": ""})
    assert done.status_code == 302
    batch = db.session.scalar(select(SheetImport))
    assert done.headers["Location"].endswith(f"/imports/{batch.id}") and batch.item_count == 27
    assert not (tmp_path / "imports" / f"{pending}.xlsx").exists()
    detail = text(client.get(f"/imports/{batch.id}"))
    assert "Đã nhập 27 kiến nghị" in detail and batch.codes[0] in detail and batch.codes[-1] in detail
    assert '<table class="stack-cards' in detail and '<table class="stack-cards' in text(client.get("/imports"))
    first = db.session.scalar(select(Petition).where(Petition.code == batch.codes[0]))
    assert "Nhập từ bảng tổng hợp" in text(client.get(f"/petitions/{first.code}"))


def test_import_refuses_a_bad_sheet_listing_rows(client, auth, build):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Nội dung kiến nghị", "Ngày tiếp xúc", "Địa điểm tiếp xúc"])
    ws.append([1, "Sửa đường.", "32/01/2026", "Nhà văn hóa"])
    ws.append([2, "", "01/02/2026", "Nhà văn hóa"])
    out = io.BytesIO()
    wb.save(out)
    auth.login(build.clerk)
    r = client.post("/imports", content_type="multipart/form-data", data={
        "file": (io.BytesIO(out.getvalue()), "loi.xlsx"), "session": str(build.session1.id), "timing": "before"})
    html = text(r)
    assert r.status_code == 400 and "2 lỗi, chưa có gì được ghi" in html
    assert "Dòng 2, cột C (Ngày tiếp xúc): “32/01/2026” không phải một ngày có thật" in html
    assert "Dòng 3, cột B (Nội dung kiến nghị): thiếu nội dung" in html
    assert db.session.scalar(select(Petition.id).limit(1)) is None
    missing = client.post("/imports", data={"session": "0", "timing": ""})
    assert missing.status_code == 400 and "Chọn một tệp để tải lên." in text(missing)
    build.clerk.locale = "en"
    db.session.commit()
    english = client.post("/imports?lang=en", content_type="multipart/form-data", data={
        "file": (io.BytesIO(out.getvalue()), "loi.xlsx"), "session": str(build.session1.id), "timing": "before"})
    assert "Row 2, column C (Ngày tiếp xúc): “32/01/2026” is not a real date (dd/mm/yyyy)." in text(english)
    assert "2 problems, nothing was recorded" in text(english)


def test_a_sheet_of_another_shape_is_mapped_on_the_page_then_imported(client, auth, build, db_app, tmp_path):
    import io
    import re

    from openpyxl import Workbook

    from app.models import Agency, HeaderMapping

    db_app.config["UPLOAD_DIR"] = str(tmp_path)
    wb = Workbook()
    wb.active.append(["Số", "Vấn đề cử tri nêu", "Khu vực", "Nơi giải quyết", "Nhóm"])
    wb.active.append([1, "Sửa đường liên thôn.", "xã Ba Vì", "UBND xã Ba Vì", "Xây dựng"])
    wb.active.append([2, "Lắp đèn đường thôn 3.", "xã Gia Lâm", "UBND xa Gia Lam", "trật tự đô thị"])
    out = io.BytesIO()
    wb.save(out)
    auth.login(build.clerk)
    refused = client.post("/imports", content_type="multipart/form-data", data={
        "file": (io.BytesIO(out.getvalue()), "khac.xlsx"), "session": str(build.session2.id), "timing": "",
        "check_only": "y"})
    html = text(refused)
    assert refused.status_code == 400 and "Các tiêu đề tìm thấy (dòng 1): “Số”; “Vấn đề cử tri nêu”" in html
    assert 'id="mapping-table"' in html and "Sửa đường liên thôn." in html
    pending = re.search(r'name="pending" type="hidden" value="([0-9a-f]{64})"', html).group(1)
    form = {"pending": pending, "pending_name": "khac.xlsx", "session": str(build.session2.id), "timing": "",
            "check_only": "y", "save_mapping": "1"}
    twice = client.post("/imports", data={**form, "column__1": "content", "column__2": "content"})
    assert twice.status_code == 400 and "Mỗi loại cột chỉ chọn cho một cột." in text(twice)
    checked = client.post("/imports", data={**form, "column__1": "content", "column__2": "locality",
                                            "column__3": "agency", "column__4": "field",
                                            "column__9999999999": "note"})
    html = text(checked)
    assert checked.status_code == 200 and "Nhập 2 kiến nghị" in html, html[:3000]
    assert "Cơ quan chưa có trong danh mục" in html and "Dòng 2: “UBND xã Ba Vì”" in html
    assert db.session.scalar(select(HeaderMapping)) is not None
    done = client.post("/imports", data={"pending": pending, "pending_name": "khac.xlsx",
                                         "session": str(build.session2.id), "timing": "",
                                         "agency__ubnd xa ba vi": str(build.commune.id)})
    assert done.status_code == 302
    items = db.session.scalars(select(Petition).order_by(Petition.id)).all()
    assert [p.locality for p in items] == ["xã Ba Vì", "xã Gia Lâm"]
    assert items[0].lead_agency == build.commune == items[1].lead_agency  # picked, and matched without accents
    assert db.session.scalar(select(Agency).where(Agency.name == "UBND xã Ba Vì")) is None
