"""Importing the office's summary spreadsheet: the shared sample, all-or-nothing refusals with row numbers,
meetings found or created once, the sheet's classification taken over only when it matches exactly."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import Delegate, DelegateGroup, Event, Field, Petition, SheetImport, VoterMeeting
from app.services import bulk
from app.services.errors import PermissionDenied, Rejected
from app.services.imports import importer as sheet_import
from app.services.imports import reader as sheet_reader
from app.services.petitions import meetings
from app.services.search import query as search

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_kien_nghi.xlsx"
HEADER = ["STT", "Nội dung kiến nghị", "Địa phương", "Đơn vị bầu cử", "Ngày tiếp xúc", "Địa điểm tiếp xúc",
          "Cơ quan giải quyết", "Ghi chú"]


def sheet(*rows, title="trước Kỳ họp thứ 2, HĐND Thành phố khóa XVII", total: int | None = None) -> bytes:
    """A workbook in the office's shape: title block, header, then the given rows (lists) as they are."""
    wb = Workbook()
    ws = wb.active
    ws.append(["HĐND THÀNH PHỐ HÀ NỘI"])
    ws.append(["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"])
    ws.append([title])
    ws.append([])
    ws.append(HEADER)  # row 5
    for row in rows:
        ws.append(row)
    if total is not None:
        ws.append([f"Tổng cộng: {total} kiến nghị"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_reader_takes_the_shared_sample_as_it_is():
    read = sheet_reader.read(SAMPLE.read_bytes())
    assert read.problems == []
    assert len(read.rows) == read.declared_total == 27
    first = read.rows[0]
    assert first.row == 9 and first.section == "LĨNH VỰC ĐẤT ĐAI, TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    assert first.held_on == date(2026, 6, 6) and first.place == "Hội trường UBND xã Gia Lâm"
    assert first.agency == "Sở Nông nghiệp và Môi trường" and first.constituency == "Đơn vị bầu cử số 7"
    assert read.timing() == "before" and read.session_number() == 2
    assert {r.section for r in read.rows} >= {"LĨNH VỰC Y TẾ", "LĨNH VỰC AN NINH, TRẬT TỰ"}


def test_reader_finds_columns_by_their_names_and_real_excel_dates():
    wb = Workbook()
    ws = wb.active
    ws.append(["Cơ quan giải quyết", "Ngày tiếp xúc", "NỘI DUNG KIẾN NGHỊ", "Địa điểm tiếp xúc"])
    ws.append(["Sở Y tế", date(2026, 6, 10), "Bổ sung thuốc cho trạm y tế.", "Nhà văn hóa tổ 3"])
    out = io.BytesIO()
    wb.save(out)
    read = sheet_reader.read(out.getvalue())
    assert read.problems == [] and len(read.rows) == 1
    row = read.rows[0]
    assert (row.row, row.agency, row.held_on, row.content) == (2, "Sở Y tế", date(2026, 6, 10),
                                                                 "Bổ sung thuốc cho trạm y tế.")


def test_every_problem_is_listed_with_its_row():
    data = sheet(
        ["I. LĨNH VỰC Y TẾ"],                                                      # row 6: a section
        [1, "Bổ sung thuốc.", "xã Gia Lâm", "", "31/02/2026", "Hội trường xã", "Sở Y tế"],  # 7: no such date
        [2, "", "xã Gia Lâm", "", "06/06/2026", "Hội trường xã", "Sở Y tế"],      # 8: no content
        [3],                                                                      # 9: a number left alone
        [4, "Sửa đường.", "xã Gia Lâm", "", "06/06/2026", "", "Sở Xây dựng"],     # 10: a date, no place
        total=5,
    )
    problems = [str(p) for p in sheet_reader.read(data).problems]
    assert problems == [
        "Dòng 7, cột E (Ngày tiếp xúc): “31/02/2026” không phải một ngày có thật (dd/mm/yyyy).",
        "Dòng 8, cột B (Nội dung kiến nghị): thiếu nội dung kiến nghị.",
        "Dòng 9, cột B (Nội dung kiến nghị): thiếu nội dung kiến nghị.",
        "Dòng tổng cộng (trang “Sheet”, dòng 11) ghi 5 kiến nghị nhưng bảng có 2 dòng kiến nghị; kiểm tra lại tệp.",
    ]  # row 10 (a date, no place) is no problem: its meeting is found by date and locality


def test_not_a_spreadsheet_or_no_header():
    assert [str(p) for p in sheet_reader.read(b"%PDF-1.4").problems] == ["Tệp không phải bảng tính Excel (.xlsx)."]
    wb = Workbook()
    wb.active.append(["Một bảng khác", "không có cột nội dung"])
    out = io.BytesIO()
    wb.save(out)
    book = sheet_reader.read(out.getvalue())
    assert [str(p) for p in book.problems] == [
        "Trang “Sheet”: không nhận ra cột “Nội dung kiến nghị”. Các tiêu đề tìm thấy (dòng 1): “Một bảng khác”; "
        "“không có cột nội dung”. Hãy ghép các cột trên trang ghép cột."]
    assert book.unmapped is not None and book.unmapped.first_rows[0][0] == "Một bảng khác"


def test_the_sample_imports_with_meetings_events_and_exact_classification(build):
    health = Field(code="YT", name="Y tế và bảo hiểm y tế", committee=build.committee_body)
    db.session.add(health)
    db.session.flush()
    checked = sheet_import.plan(build.clerk, "tong-hop.xlsx", SAMPLE.read_bytes())
    assert count(Petition) == 0 and count(VoterMeeting) == 0  # a check writes nothing
    assert checked.session == build.session2 and checked.timing == "before"
    assert len(checked.new_meetings) == 4 and checked.classified_count == 3
    assert "Sở Nông nghiệp và Môi trường" in {u.name for u in checked.unknown_agencies.values()}  # proposed
    notes = [str(n) for n in checked.notes]
    assert any("LĨNH VỰC ĐẤT ĐAI, TÀI NGUYÊN VÀ MÔI TRƯỜNG" in n for n in notes)

    choices = {key: str(build.other_agency.id) for key in checked.unknown_agencies}  # all picked: none created
    done = sheet_import.run(build.clerk, "tong-hop.xlsx", SAMPLE.read_bytes(), agency_choices=choices)
    db.session.commit()
    assert (done.item_count, done.classified_count, done.meeting_count) == (27, 3, 4)
    assert done.created_agencies == []
    assert count(Petition) == 27 and count(VoterMeeting) == 4
    items = {p.code: p for p in db.session.scalars(select(Petition))}
    first = items[done.codes[0]]
    assert first.status == "recorded" and first.meeting.place == "Hội trường UBND xã Gia Lâm"
    assert first.session == build.session2 and first.timing == "before" and first.locality == "xã Gia Lâm"
    assert first.meeting.constituency is None  # no constituencies in the test catalogue
    event = db.session.scalar(select(Event).where(Event.petition_id == first.id, Event.action == "import"))
    assert "dòng 9" in event.reason and "Sở Nông nghiệp và Môi trường" in event.reason
    classified = [p for p in items.values() if p.status == "classified"]
    assert len(classified) == 3
    assert {(p.field, p.lead_agency, p.competence_level) for p in classified} == {
        (health, build.other_agency, "province")}
    with pytest.raises(Rejected, match="đã được nhập ngày"):
        sheet_import.plan(build.clerk, "ten-khac.xlsx", SAMPLE.read_bytes())


def test_a_meeting_already_recorded_is_reused(build):
    meetings.save_meeting(build.clerk, held_on=date(2026, 6, 6), place="Hội trường UBND XÃ GIA LÂM",
                          locality="xã Gia Lâm", meeting_type="before_session", session=build.session2)
    done = sheet_import.run(build.clerk, "tong-hop.xlsx", SAMPLE.read_bytes())
    assert done.meeting_count == 3 and count(VoterMeeting) == 4


def test_a_bad_row_imports_nothing(build):
    data = sheet([1, "Sửa đường Tô Hiệu.", "phường Hà Đông", "", "10/06/2026", "Hội trường phường", "Sở Xây dựng"],
                 [2, "Lắp đèn ngõ 12.", "phường Hà Đông", "", "10/13/2026", "Hội trường phường", "Sở Xây dựng"])
    with pytest.raises(Rejected) as info:
        sheet_import.run(build.clerk, "loi.xlsx", data)
    assert [str(p) for p in info.value.problems] == [
        "Dòng 7, cột E (Ngày tiếp xúc): “10/13/2026” không phải một ngày có thật (dd/mm/yyyy)."]
    assert "1 lỗi, chưa có gì được ghi" in info.value.message
    assert count(Petition) == 0 and count(VoterMeeting) == 0 and count(SheetImport) == 0


def test_only_the_office_imports_and_only_xlsx(build):
    with pytest.raises(PermissionDenied):
        sheet_import.plan(build.committee, "a.xlsx", SAMPLE.read_bytes())
    with pytest.raises(Rejected) as info:
        sheet_import.plan(build.clerk, "a.xls", SAMPLE.read_bytes())
    assert [str(p) for p in info.value.problems] == ["Chỉ nhận bảng tính Excel (.xlsx)."]


def test_session_must_be_known(build):
    data = sheet([1, "Sửa đường.", "xã Gia Lâm", "", "", "", ""], title="Tổng hợp ý kiến cử tri")
    with pytest.raises(Rejected) as info:
        sheet_import.plan(build.clerk, "a.xlsx", data)
    assert [str(p) for p in info.value.problems] == ["Tệp không ghi kỳ họp nào có trong hệ thống: hãy chọn kỳ họp."]
    chosen = sheet_import.plan(build.clerk, "a.xlsx", data, session_id=build.session1.id, timing="after")
    assert chosen.session == build.session1 and chosen.timing == "after" and chosen.rows[0].meeting_key is None


def test_a_reworded_copy_of_an_item_of_the_session_is_suspected(build):
    existing = build.petition("recorded")
    existing.session = build.session2
    db.session.flush()
    reworded = existing.content.upper().replace(".", "") + " nữa"
    data = sheet([1, reworded, "xã Gia Lâm", "", "", "", ""], [2, "Lắp đèn chiếu sáng ngõ 12 phố Tô Hiệu.", "", "", "", "", ""])
    planned = sheet_import.plan(build.clerk, "a.xlsx", data).rows
    assert planned[0].duplicates == [existing.code] and planned[1].duplicates == []


def test_suspects_come_from_the_search_index_and_the_sheet(build):
    """A reworded copy of an item already recorded (of another session: the index is asked, not the session's list)
    is flagged with its code; an unrelated item of the same field is not; twins within the sheet name their line."""
    from app.services.petitions import intake

    lake = intake.record_petition(build.clerk, content="Đề nghị nạo vét, xử lý ô nhiễm hồ Văn Chương; rác thải và "
                                  "bèo tây tích tụ, nước hồ ô nhiễm.", locality="phường Văn Miếu", session=build.session1)
    road = build.petition("classified", content="Đề nghị sửa chữa tuyến đường Trần Duy Hưng bị xuống cấp.")
    intake.classify(build.clerk, lake, field=build.field, competence_level="province", lead_agency=build.agency)
    reworded = ("Cử tri đề nghị thành phố sớm nạo vét hồ Văn Chương vì bèo tây và rác thải tích tụ làm nước hồ bị ô "
                "nhiễm nặng.")
    data = sheet([build.field.name.upper()],  # row 6: the section, the items' field
                 [1, reworded, "phường Văn Miếu", "", "", "", ""],
                 [2, "Đề nghị lắp đèn chiếu sáng ngõ 12 phố Tô Hiệu.", "phường Văn Miếu", "", "", "", ""],
                 [3, reworded.replace("Cử tri", "Nhiều cử tri"), "phường Văn Miếu", "", "", "", ""])
    planned = sheet_import.plan(build.clerk, "a.xlsx", data).rows
    assert [r.field for r in planned] == [build.field] * 3 and road.field == build.field
    assert planned[0].duplicates == ["dòng 9", lake.code]
    assert planned[1].duplicates == []
    assert planned[2].duplicates == ["dòng 7", lake.code]


def test_many_new_meetings_are_written_whole(build):
    """From bulk.COPY_FROM new meetings, PostgreSQL writes them by COPY with their delegates; they must then be
    ordinary stored meetings, each item pointing at its own."""
    group = DelegateGroup(code="T3", name="Tổ đại biểu số 3", delegates=[Delegate(full_name="Nguyễn Văn An")])
    db.session.add(group)
    db.session.flush()
    n = bulk.COPY_FROM + 5
    wb = Workbook()
    ws = wb.active
    ws.append(["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI trước Kỳ họp thứ 2"])
    ws.append([*HEADER, "Tổ đại biểu"])
    for k in range(n):  # a meeting of its own for each row: another day or another hall
        ws.append([k + 1, f"Đề nghị sửa cống thoát nước số {k}.", "xã Gia Lâm", "", f"{k % 28 + 1}/6/2026",
                   f"Nhà văn hóa thôn {k // 28}", "Sở Xây dựng", "", "Tổ đại biểu số 3"])
    out = io.BytesIO()
    wb.save(out)
    done = sheet_import.run(build.clerk, "hoi-nghi.xlsx", out.getvalue())
    db.session.commit()
    db.session.expire_all()
    assert done.meeting_count == n and count(VoterMeeting) == n
    items = db.session.scalars(select(Petition).where(Petition.code.in_(done.codes))).all()
    assert len({p.meeting_id for p in items}) == n
    for item in items:
        k = int(item.content.split("số ")[1].rstrip("."))
        meeting = item.meeting
        assert (meeting.held_on, meeting.place) == (date(2026, 6, k % 28 + 1), f"Nhà văn hóa thôn {k // 28}")
        assert meeting.session == build.session2 and meeting.timing == "before" and meeting.voters_count == 0
        assert [d.full_name for d in meeting.delegates] == ["Nguyễn Văn An"] and meeting.created_by_id == build.clerk.id
    meetings.save_meeting(build.clerk, meeting=items[0].meeting, held_on=date(2026, 6, 1), place="Hội trường mới",
                          locality="xã Gia Lâm", meeting_type="before_session", session=build.session2)
    db.session.commit()  # a meeting written in bulk is corrected like any other


def test_imported_items_are_in_the_search_index(build):
    """The rows are written around the ORM (in bulk), so the import keeps the index in step itself."""
    data = sheet([1, "Đề nghị nạo vét kênh Xuân Đỉnh bị bồi lắng.", "phường Xuân Đỉnh", "", "10/06/2026",
                  "Nhà văn hóa tổ 3", "Sở Xây dựng"])
    done = sheet_import.run(build.clerk, "a.xlsx", data)
    found = search.matching("kenh xuan dinh")
    assert list(db.session.scalars(select(Petition.code).join(found, found.c.pid == Petition.id))) == done.codes
    places = search.matching("Xuân Đỉnh")  # the meeting's locality too
    assert len(list(db.session.scalars(select(Petition.id).join(places, places.c.pid == Petition.id)))) == 1


def test_cli_checks_then_imports(db_app, build):
    db.session.commit()
    runner = db_app.test_cli_runner()
    checked = runner.invoke(args=["import-sheet", str(SAMPLE), "--user", build.clerk.username, "--check"])
    assert checked.exit_code == 0 and "27 kiến nghị" in checked.output and "Chưa ghi gì" in checked.output
    assert count(Petition) == 0
    done = runner.invoke(args=["import-sheet", str(SAMPLE), "--user", build.clerk.username])
    assert done.exit_code == 0, done.output
    assert "Đã nhập 27 kiến nghị" in done.output and count(Petition) == 27
    again = runner.invoke(args=["import-sheet", str(SAMPLE), "--user", build.clerk.username])
    assert again.exit_code == 1 and "đã được nhập" in again.output and count(Petition) == 27
