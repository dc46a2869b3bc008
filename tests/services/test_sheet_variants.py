"""Sheets from other offices (issue 14): the same information laid out differently imports correctly, and every
bad file is refused with its message, the database unchanged."""
from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import Agency, Event, Field, FieldSynonym, HeaderMapping, Petition, SheetImport, VoterMeeting
from app.services.errors import Rejected
from app.services.imports import columns, mappings
from app.services.imports import importer as sheet_import
from app.services.petitions.intake import next_codes

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_kien_nghi.xlsx"
TABLES = (Petition, VoterMeeting, SheetImport, Agency, Event, HeaderMapping)


def save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in TABLES)


def other_office(*, diacritics: bool = True, total: int = 3, notes_sheet: bool = True) -> bytes:
    """The sheet the issue describes: another title block, a two-row merged header with other names, "Chủ trì" /
    "Phối hợp" sub-columns, dates typed as text, section names unlike the catalogue's, a "Tổng số" footer with
    signature lines, and a second sheet of notes."""
    def t(text: str) -> str:
        if diacritics:
            return text
        import unicodedata
        return "".join(c for c in unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
                       if not unicodedata.combining(c))

    wb = Workbook()
    ws = wb.active
    ws.title = "Tong hop"
    ws.append(["ỦY BAN MẶT TRẬN", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append(["TỔ ĐẠI BIỂU SỐ 3", None, None, "Độc lập - Tự do - Hạnh phúc"])
    ws.append(["BÁO CÁO Ý KIẾN CỬ TRI sau Kỳ họp thứ 2"])
    ws.append([])
    ws.append([t("TT"), t("Nội dung ý kiến, kiến nghị của cử tri"), t("Địa bàn"), t("Thời gian TXCT"),
               t("Cơ quan giải quyết"), None])  # row 5
    ws.append([None, None, None, None, t("Chủ trì"), t("Phối hợp")])  # row 6
    for cells in ("A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:F5"):
        ws.merge_cells(cells)
    ws.append(["A", "TÀI NGUYÊN - MÔI TRƯỜNG"])  # row 7: a section, number and name in two cells
    ws.append([1, "Xử lý ô nhiễm kênh Đồng Bông chảy qua xã.", "xã Ba Vì", "6/6/2026", "UBND xã Ba Vì", "Sở Y tế"])
    ws.append([2, "Nạo vét mương tiêu thôn Đông.", "xã Gia Lâm", "06/06/2026", "Ủy ban nhân dân xã Gia Lâm", ""])
    ws.append(["B", "Y TẾ"])
    ws.append([1, "Bổ sung bác sĩ cho trạm y tế xã.", "xã Ba Vì", "", "Sở Y tế", "UBND xã Ba Vì; Sở Xây dựng"])
    ws.append([])
    ws.append([f"Tổng số: {total} ý kiến, kiến nghị"])
    ws.append([None, None, None, "TM. TỔ ĐẠI BIỂU"])
    ws.append([None, None, None, "Nguyễn Văn A"])
    if notes_sheet:
        wb.create_sheet("Ghi chu").append(["Các ý kiến đã được giải trình tại hội nghị không đưa vào bảng."])
    return save(wb)


@pytest.fixture
def catalogue(build):
    nature = Field(code="NNMT", name="Nông nghiệp và Môi trường", committee=build.committee_body)
    health = Field(code="YT", name="Y tế và bảo hiểm y tế", committee=build.committee_body)
    db.session.add_all([nature, health])
    db.session.flush()
    mappings.add_synonym(build.admin, "Tài nguyên - Môi trường", nature)
    return {"nature": nature, "health": health}


def test_another_office_sheet_imports_with_everything_kept(build, catalogue):
    data = other_office()
    checked = sheet_import.plan(build.clerk, "to3.xlsx", data)
    assert [r.source.row for r in checked.rows] == [8, 9, 11]
    assert checked.timing == "after" and checked.session == build.session2
    assert [r.field for r in checked.rows] == [catalogue["nature"], catalogue["nature"], catalogue["health"]]
    assert {u.name: u.choice for u in checked.unknown_agencies.values()} == {"UBND xã Ba Vì": None}  # to create
    assert checked.rows[1].agency == build.commune  # "Ủy ban nhân dân xã Gia Lâm" is "UBND xã Gia Lâm"
    skipped = [str(s) for s in checked.book.skipped]
    assert "Trang “Ghi chu”: không có bảng kiến nghị, không nhập." in skipped
    assert any("từ dòng 13: dòng tổng cộng và phần ký tên" in s for s in skipped)

    done = sheet_import.run(build.clerk, "to3.xlsx", data)
    db.session.commit()
    assert (done.item_count, done.classified_count, done.created_agencies) == (3, 3, ["UBND xã Ba Vì"])
    ba_vi = db.session.scalar(select(Agency).where(Agency.name == "UBND xã Ba Vì"))
    assert ba_vi.competence_level == "commune"
    first, second, third = sheet_import.imported_items(done)
    assert first.status == "classified" and first.lead_agency == ba_vi
    assert first.coordinating_agencies == [build.other_agency]  # "Phối hợp" kept
    assert {a.name for a in third.coordinating_agencies} == {"UBND xã Ba Vì", "Sở Xây dựng"}
    assert first.meeting.held_on == date(2026, 6, 6) and first.meeting.place == sheet_import.NO_PLACE
    assert first.meeting.locality == "xã Ba Vì" and first.meeting.timing == "after"
    assert second.meeting != first.meeting  # same day, another locality: another meeting
    assert third.meeting is None


def test_headers_without_diacritics_and_a_meeting_matched_by_date_and_locality(build, catalogue):
    from app.services.petitions import meetings
    known = meetings.save_meeting(build.clerk, held_on=date(2026, 6, 6), place="Nhà văn hóa thôn 2",
                                  locality="Xã Ba Vì", meeting_type="after_session", session=build.session2)
    checked = sheet_import.plan(build.clerk, "a.xlsx", other_office(diacritics=False))
    assert len(checked.rows) == 3 and checked.existing_meetings[checked.rows[0].meeting_key] == known
    assert checked.rows[0].coordinating == [build.other_agency]


def test_the_shared_sample_classifies_every_section(build, catalogue):
    for code, name in (("XDGT", "Xây dựng, giao thông và đô thị"), ("GD", "Giáo dục và đào tạo"),
                       ("LDNV", "Lao động, nội vụ và chính sách xã hội"),
                       ("ANTT", "An ninh, trật tự và phòng cháy, chữa cháy"), ("DNDV", "Điện, nước và dịch vụ công")):
        db.session.add(Field(code=code, name=name))
    mappings.add_synonym(build.admin, "Đất đai, tài nguyên và môi trường", catalogue["nature"])
    done = sheet_import.run(build.clerk, "mau.xlsx", SAMPLE.read_bytes())
    assert done.item_count == 27 and done.classified_count == 27
    items = sheet_import.imported_items(done)
    assert all(p.field is not None and p.lead_agency is not None for p in items)
    assert items[0].field == catalogue["nature"]
    # every agency the test catalogue lacks is created, none dropped; the three it has are reused
    assert len(done.created_agencies) == 11 and not {"Sở Y tế", "Sở Xây dựng", "UBND xã Gia Lâm"} & set(
        done.created_agencies)


def test_an_unknown_agency_may_be_mapped_to_an_existing_one(build, catalogue):
    choices = {"ubnd xa ba vi": str(build.commune.id)}
    done = sheet_import.run(build.clerk, "a.xlsx", other_office(), agency_choices=choices)
    assert done.created_agencies == []
    assert sheet_import.imported_items(done)[0].lead_agency == build.commune


def test_one_sheet_chosen_and_an_unknown_sheet(build, catalogue):
    checked = sheet_import.plan(build.clerk, "a.xlsx", other_office(), sheet="Tong hop")
    assert len(checked.rows) == 3
    with pytest.raises(Rejected) as info:
        sheet_import.plan(build.clerk, "a.xlsx", other_office(), sheet="Ghi chu")
    assert "Trang “Ghi chu”: không nhận ra cột “Nội dung kiến nghị”" in info.value.problem_texts()[0]
    with pytest.raises(Rejected) as info:
        sheet_import.plan(build.clerk, "a.xlsx", other_office(), sheet="Khác")
    assert info.value.problem_texts() == ["Tệp không có trang “Khác”."]


def test_every_sheet_with_a_header_is_imported(build, catalogue):
    wb = load_workbook(io.BytesIO(other_office(notes_sheet=False)))
    second = wb.copy_worksheet(wb["Tong hop"])
    second.title = "Dot 2"
    second["B8"] = "Sửa cầu treo thôn 5."
    second["B9"] = "Lắp camera an ninh ngõ 8."
    second["B11"] = "Mở lớp học bơi cho trẻ em."
    checked = sheet_import.plan(build.clerk, "a.xlsx", save(wb))
    assert [(r.source.sheet, r.source.row) for r in checked.rows][2:4] == [("Tong hop", 11), ("Dot 2", 8)]
    assert len(checked.rows) == 6


def test_a_resaved_copy_is_recognised_by_its_rows(build, catalogue):
    data = other_office()
    sheet_import.run(build.clerk, "a.xlsx", data)
    wb = load_workbook(io.BytesIO(data))
    wb["Tong hop"]["H1"] = None  # opened and saved again: other bytes, same rows
    wb["Tong hop"].column_dimensions["B"].width = 80
    resaved = save(wb)
    assert resaved != data
    before = counts()
    with pytest.raises(Rejected, match="Các dòng của tệp này đã được nhập ngày"):
        sheet_import.plan(build.clerk, "b.xlsx", resaved)
    assert counts() == before


def test_an_unrecognised_header_is_mapped_once_and_remembered(build, catalogue, db_app, tmp_path):
    wb = Workbook()
    wb.active.append(["Số", "Vấn đề cử tri nêu", "Khu vực"])
    wb.active.append([1, "Sửa đường liên thôn.", "xã Ba Vì"])
    data = save(wb)
    with pytest.raises(Rejected) as info:
        sheet_import.plan(build.clerk, "a.xlsx", data, session_id=build.session2.id)
    assert "Các tiêu đề tìm thấy (dòng 1): “Số”; “Vấn đề cử tri nêu”; “Khu vực”" in info.value.problem_texts()[0]
    labels = info.value.book.unmapped.first_rows[0]
    mapping = mappings.mapping_from_columns(labels, {0: "", 1: "content", 2: "locality"})
    mappings.remember(build.clerk, labels, mapping)
    checked = sheet_import.plan(build.clerk, "a.xlsx", data, session_id=build.session2.id)  # found by signature
    assert checked.rows[0].source.content == "Sửa đường liên thôn." and checked.rows[0].source.locality == "xã Ba Vì"
    with pytest.raises(Exception, match="chọn cột chứa nội dung"):
        mappings.mapping_from_columns(labels, {2: "locality"})

    db.session.query(HeaderMapping).delete()
    db.session.commit()
    path = str(tmp_path / "khac.xlsx")  # not instance/: a fresh clone has none
    Path(path).write_bytes(data)
    runner = db_app.test_cli_runner()
    out = runner.invoke(args=["import-sheet", path, "--user", build.clerk.username, "--session", "2",
                              "--map", "Vấn đề cử tri nêu=content,Khu vực=locality"])
    assert out.exit_code == 0, out.output
    assert "Đã nhập 1 kiến nghị" in out.output
    bad = runner.invoke(args=["import-sheet", path, "--user", build.clerk.username, "--map", "Khu vực=noi_dung"])
    assert bad.exit_code != 0 and "không phải khóa cột" in bad.output


def test_parse_map_keeps_commas_inside_labels():
    assert columns.parse_map("Nội dung ý kiến, kiến nghị=content, Địa bàn=locality") == {
        "noi dung y kien kien nghi": "content", "dia ban": "locality"}


def test_text_dates_and_an_impossible_one(build, catalogue):
    wb = Workbook()
    ws = wb.active
    ws.append(["Kỳ họp thứ 2"])
    ws.append(["STT", "Nội dung kiến nghị", "Ngày tiếp xúc", "Địa điểm tiếp xúc"])
    ws.append([1, "Sửa đường.", "ngày 5/6/2026", "Nhà văn hóa"])
    ws.append([2, "Lắp đèn.", "31/02/2026", "Nhà văn hóa"])
    before = counts()
    with pytest.raises(Rejected) as info:
        sheet_import.run(build.clerk, "a.xlsx", save(wb))
    assert info.value.problem_texts() == [
        "Dòng 4, cột C (Ngày tiếp xúc): “31/02/2026” không phải một ngày có thật (dd/mm/yyyy)."]
    assert counts() == before
    ws.delete_rows(4)
    assert sheet_import.plan(build.clerk, "a.xlsx", save(wb)).rows[0].source.held_on == date(2026, 6, 5)


def bomb() -> bytes:
    """A valid-looking .xlsx whose sheet part unpacks to 150 MiB of one padded cell."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(save(Workbook())) ) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                z.writestr(item.filename, b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                           + b"A" * (150 * 1024 * 1024) + b"</t></is></c></row></sheetData></worksheet>")
            else:
                z.writestr(item, source.read(item.filename))
    return out.getvalue()


def many_cells() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "Nội dung kiến nghị"
    wb.active["ZZ5000"] = "x"  # declares A1:ZZ5000, 3,510,000 cells
    return save(wb)


def formulas() -> bytes:
    wb = Workbook()
    wb.active.append(["Kỳ họp thứ 2"])
    wb.active.append(["STT", "Nội dung kiến nghị", "Địa phương"])
    wb.active.append(["=ROW()-2", "Sửa đường.", "xã Ba Vì"])
    return save(wb)


def encrypted() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000  # the OLE container Excel wraps a password-locked file in


def missing_content() -> bytes:
    wb = Workbook()
    wb.active.append(["Kỳ họp thứ 2"])
    wb.active.append(["STT", "Nội dung kiến nghị", "Địa phương"])
    wb.active.append([1, "Sửa đường.", "xã Ba Vì"])
    wb.active.append([2, None, "xã Ba Vì"])
    return save(wb)


@pytest.mark.parametrize(("make", "message"), [
    (lambda: b"%PDF-1.4 not a sheet", "Tệp không phải bảng tính Excel (.xlsx)."),
    (encrypted, "Tệp được đặt mật khẩu (mã hóa) hoặc là bảng tính Excel cũ (.xls)"),
    (lambda: SAMPLE.read_bytes()[:4000], "Tệp .xlsx bị hỏng, không đọc được"),
    (lambda: SAMPLE.read_bytes()[:-300], "Tệp .xlsx bị hỏng, không đọc được"),
    (bomb, "Tệp giải nén ra 150 MB, quá giới hạn 100 MB"),
    (many_cells, "Tệp khai báo 3.510.000 ô, quá giới hạn 1.000.000 ô"),
    (formulas, "Dòng 3, cột A: có công thức “=ROW()-2”; hãy dán giá trị"),
    (missing_content, "Dòng 4, cột B (Nội dung kiến nghị): thiếu nội dung kiến nghị."),
    (lambda: other_office(total=4), "ghi 4 kiến nghị nhưng bảng có 3 dòng kiến nghị"),
], ids=["not-a-sheet", "encrypted", "truncated", "corrupt", "zip-bomb", "cells", "formula", "no-content", "footer"])
def test_bad_files_are_refused_and_nothing_changes(build, catalogue, make, message):
    data = make()
    before = counts()
    with pytest.raises(Rejected) as info:
        sheet_import.run(build.clerk, "a.xlsx", data)
    assert any(message in p for p in info.value.problem_texts()), info.value.problem_texts()
    assert "chưa có gì được ghi" in info.value.message
    assert counts() == before


def test_a_zip_bomb_is_refused_fast_and_small(build):
    data = bomb()
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(Rejected):
        sheet_import.plan(build.clerk, "a.xlsx", data)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 100 * 1024 * 1024


def test_codes_are_allocated_in_one_step_from_a_new_year(db_app):
    assert next_codes(2031, 3) == ["KN-2031-000001", "KN-2031-000002", "KN-2031-000003"]
    assert next_codes(2031, 1) == ["KN-2031-000004"]


def test_synonyms_need_an_administrator_and_are_unique(build, catalogue):
    from app.services.errors import Conflict, PermissionDenied
    with pytest.raises(PermissionDenied):
        mappings.add_synonym(build.clerk, "Môi trường", catalogue["nature"])
    with pytest.raises(Conflict):
        mappings.add_synonym(build.admin, "TÀI NGUYÊN MÔI TRƯỜNG", catalogue["health"])
    assert [s.name for s in db.session.scalars(select(FieldSynonym))] == ["Tài nguyên - Môi trường"]
