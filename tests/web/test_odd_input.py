"""The odd inputs the attacker's probe found, one by one: ids beyond 32 or 64 bits and in other scripts'
digits answer 404; form numbers beyond a column answer 400 with a Vietnamese message; implausible dates are
refused with what to do (year 1, year 9999, letters in the future, progress before the transfer); NUL and
direction overrides are stripped at the edge; a file name of 1,000 characters keeps its extension; an upload
form posted without its file re-renders with a message. Nothing is written when something is refused."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.models import Attachment, Petition, VoterMeeting
from app.services import dates
from app.services.errors import InvalidData
from app.services.petitions import answers, transfers
from tests.conftest import AuthActions
from tests.web.helpers import act
from tests.web.test_intake_pages import MEETING

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("ref", ["2147483648", "99999999999999999999999", "²", "٣", "1_0", "-1", "0"])
def test_ids_out_of_range_or_not_ascii_are_simply_not_found(client, build, ref):
    build.petition("recorded")
    AuthActions(client).login(build.clerk)
    assert client.get(f"/petitions/{ref}").status_code == 404
    assert client.get(f"/meetings/{ref}").status_code == 404
    assert client.get(f"/petitions/files/{ref}").status_code == 404


def test_an_id_that_exists_is_still_found_by_number(client, build):
    p = build.petition("recorded")
    AuthActions(client).login(build.clerk)
    assert client.get(f"/petitions/{p.id}").status_code == 200


@pytest.mark.parametrize("count", ["2147483648", "99999999999999999999", "²", "1_000", "1e3"])
def test_a_voters_count_beyond_the_column_is_a_form_error(client, build, count):
    AuthActions(client).login(build.clerk)
    response = client.post("/meetings/new", data=MEETING | {"voters_count": count})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Phải là một số nguyên." in html or "Không quá 100000." in html
    assert 'value="Nhà văn hóa tổ 5"' in html  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(VoterMeeting)) == 0


@pytest.mark.parametrize("held_on", ["0001-01-01", "9999-12-31", "01/01/0001"])
def test_meetings_in_year_1_or_9999_are_refused(client, build, held_on):
    AuthActions(client).login(build.clerk)
    response = client.post("/meetings/new", data=MEETING | {"held_on": held_on})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(VoterMeeting)) == 0


@pytest.mark.parametrize(("letter_date", "why"), [
    ("0001-01-01", "nằm ngoài khoảng cho phép"),
    ("9999-12-31", "nằm ngoài khoảng cho phép"),
    ("2026-11-30", "văn bản đã ký không thể mang ngày sau ngày mai"),
])
def test_a_transfer_letter_dated_implausibly_is_refused_and_changes_nothing(client, build, letter_date, why):
    p = build.petition("awaiting_transfer")
    AuthActions(client).login(build.committee)
    response = act(client, p, "transfer", letter_number="125/HĐND-VP", letter_date=letter_date,
                   lead_agency=str(build.agency.id))
    assert response.status_code == 400 and why in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Petition, p.id).status == "awaiting_transfer"


def test_a_letter_dated_tomorrow_is_accepted(client, build):
    p = build.petition("awaiting_transfer")
    AuthActions(client).login(build.committee)
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    response = act(client, p, "transfer", letter_number="125/HĐND-VP", letter_date=tomorrow,
                   lead_agency=str(build.agency.id))
    assert response.status_code == 302


def test_services_refuse_implausible_dates_whoever_calls_them(build):
    p = build.petition("awaiting_transfer")
    with pytest.raises(InvalidData, match="nằm ngoài khoảng cho phép"):
        transfers.transfer(build.committee, p, letter_number="1", letter_date=date(1, 1, 1))
    roadmap = build.petition("on_roadmap", transfer_on=date(2026, 11, 2))
    with pytest.raises(InvalidData, match="không được trước ngày chuyển"):
        answers.report_progress(build.officer, roadmap, percent=10, text="Đã khảo sát", entry_date=date(2026, 10, 1))
    with pytest.raises(InvalidData, match="nằm ngoài khoảng cho phép"):
        answers.report_progress(build.officer, roadmap, percent=10, text="x", entry_date=date(1, 1, 1))


def test_the_window_comes_from_the_settings(db_app, monkeypatch):
    monkeypatch.setitem(db_app.config, "DATE_EARLIEST", "2020-01-01")
    monkeypatch.setitem(db_app.config, "DATE_YEARS_AHEAD", 2)
    assert dates.window() == (date(2020, 1, 1), date(2028, 11, 22))
    assert not dates.plausible(date(2019, 12, 31)) and dates.plausible(date(2028, 11, 22))


def test_nul_and_direction_overrides_are_stripped_at_the_edge(client, build):
    AuthActions(client).login(build.clerk)
    response = client.post("/petitions/new", data={"content": "Đề nghị\x00 sửa \u202eđường\x07", "channel": "letter",
                                                   "session": "0", "timing": "before"})
    assert response.status_code == 302
    assert db.session.scalar(select(Petition.content)) == "Đề nghị sửa đường"
    assert client.get("/petitions?q=%00s%E1%BB%ADa").status_code == 200  # a NUL in a search is no error


def test_a_long_file_name_keeps_its_extension_and_loses_control_characters(client, build):
    p = build.petition("transferred")
    AuthActions(client).login(build.clerk)
    name = "biên bản " + "x" * 1000 + "\u202e\x00.pdf"
    response = client.post(f"/petitions/{p.code}/attachments", data={"upload-file": (io.BytesIO(PDF), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    stored = db.session.scalar(select(Attachment.filename))
    assert stored.endswith(".pdf") and len(stored) == 255 and "\u202e" not in stored and "\x00" not in stored


@pytest.mark.parametrize("data", [{}, {"upload-file": "chỉ là chữ, không phải tệp"}])
def test_an_upload_form_without_a_file_re_renders_with_a_message(client, build, data):
    p = build.petition("transferred")
    AuthActions(client).login(build.clerk)
    response = client.post(f"/petitions/{p.code}/attachments", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and "Chọn một tệp để tải lên." in response.get_data(as_text=True)
    meeting = client.post("/meetings/new", data=MEETING)
    assert meeting.status_code == 302
    minutes = client.post(meeting.headers["Location"].replace("/petitions/new", "/minutes"), data=data, content_type="multipart/form-data",
                          follow_redirects=True)
    assert "Chọn một tệp để tải lên." in minutes.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
