"""Issue 12 part B on the server: the one date field (formats, implausible dates, what was typed kept), the defaults
(the meeting's session from its date, the letter date today, the roadmap date from the agency's proposal), the
merge among ranked candidates with its confirmation, intake with many rows, and the due-date preview."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Petition, VoterMeeting
from app.services.petitions import duplicates, intake
from app.services.petitions.batch import MAX_ROWS
from app.web.forms import parse_typed_date
from tests.web.helpers import act, fresh, text

MEETING = {"held_on": "20/11/2026", "place": "Nhà văn hóa tổ 5", "locality": "phường Hà Đông",
           "meeting_type": "before_session", "voters_count": "80"}


@pytest.mark.parametrize(("typed", "expected"), [
    ("25/11/2026", date(2026, 11, 25)), ("5/1/2026", date(2026, 1, 5)), ("25112026", date(2026, 11, 25)),
    ("25-11-2026", date(2026, 11, 25)), ("25.11.2026", date(2026, 11, 25)), ("2026-11-25", date(2026, 11, 25)),
    (" 25/11/2026 ", date(2026, 11, 25)),
    ("31/02/2026", None), ("11/25/2026", None), ("112026", None), ("25/11/26", None), ("٢٥/١١/٢٠٢٦", None),
    ("hôm nay", None), ("", None),
])
def test_dates_are_read_the_vietnamese_way(typed, expected):
    assert parse_typed_date(typed) == expected


def _meeting(client, **fields):
    r = client.post("/meetings/new", data=MEETING | fields)
    return r, db.session.scalar(select(VoterMeeting).order_by(VoterMeeting.id.desc()))


@pytest.mark.parametrize("typed", ["20/11/2026", "20112026", "20/11/2026", "2026-11-20"])
def test_meeting_date_in_every_accepted_form(client, auth, build, typed):
    auth.login(build.clerk)
    r, meeting = _meeting(client, held_on=typed)
    assert r.status_code == 302 and meeting.held_on == date(2026, 11, 20)
    # A new meeting goes on to its recommendations; its date shows as dd/mm/yyyy in the edit form.
    assert r.headers["Location"].endswith(f"/meetings/{meeting.id}/petitions/new")
    assert 'value="20/11/2026"' in text(client.get(f"/meetings/{meeting.id}/edit"))


@pytest.mark.parametrize(("typed", "message"), [
    ("31/02/2026", "Ngày không hợp lệ"), ("11/25/2026", "Ngày không hợp lệ"),
    ("01/01/0001", "nằm ngoài khoảng cho phép"), ("31/12/9999", "nằm ngoài khoảng cho phép"),
    ("25/11/1999", "nằm ngoài khoảng cho phép"),
])
def test_wrong_or_implausible_dates_are_refused_and_kept_as_typed(client, auth, build, typed, message):
    auth.login(build.clerk)
    r, meeting = _meeting(client, held_on=typed)
    assert r.status_code == 400 and meeting is None
    html = text(r)
    assert message in html and f'value="{typed}"' in html and 'value="Nhà văn hóa tổ 5"' in html


def test_a_letter_is_not_dated_after_tomorrow(client, auth, build):
    p = build.petition("awaiting_transfer")
    auth.login(build.committee)
    r = act(client, p, "transfer", letter_number="9/HĐND", letter_date="01/12/2026")
    assert r.status_code == 400 and "ở tương lai" in text(r) and 'value="01/12/2026"' in text(r)
    assert fresh(p).status == "awaiting_transfer"


def test_meeting_session_and_timing_come_from_the_date(client, auth, build):
    """Nothing chosen: before session 2 (opens 08/12/2026) for a meeting on 20/11; after session 1 for one held
    after it under "after a session"; the form no longer asks "Thời điểm"."""
    auth.login(build.clerk)
    assert 'name="timing"' not in text(client.get("/meetings/new"))
    _, before = _meeting(client)
    assert before.session_id == build.session2.id and before.timing == "before"
    _, after = _meeting(client, held_on="10/07/2026", meeting_type="after_session", session="0")
    assert after.session_id == build.session1.id and after.timing == "after"
    _, chosen = _meeting(client, held_on="10/07/2026", meeting_type="thematic", session=str(build.session2.id))
    assert chosen.session_id == build.session2.id and chosen.timing == "before"


def test_transfer_letter_date_defaults_to_today(client, auth, build):
    waiting = build.petition("awaiting_transfer")
    auth.login(build.committee)
    html = text(client.get(f"/petitions/{waiting.code}"))
    field = html[html.index('id="transfer-letter_date"') - 300:html.index('id="transfer-letter_date"') + 300]
    assert 'value="22/11/2026"' in field  # today, by the one clock
    assert 'value="22/11/2026"' in text(client.get("/committee/transfers"))


def test_roadmap_date_prefilled_from_the_agency_proposal(client, auth, build):
    from app.services.petitions import answers

    p = build.petition("transferred")
    officer, leader = build.user("agency_officer", build.agency), build.user("agency_leader", build.agency)
    answers.draft_answer(officer, p, text="Đang làm.", result_category="in_progress", expected_date=date(2027, 6, 30))
    answers.submit_answer(leader, p)
    db.session.commit()
    auth.login(build.committee)
    html = text(client.get(f"/petitions/{p.code}"))
    field = html[html.index('id="accept_on_roadmap-expected_date"') - 300:html.index('id="accept_on_roadmap-expected_date"') + 300]
    assert 'value="30/06/2027"' in field


def test_merge_candidates_are_ranked(build):
    dup = build.petition("classified")  # field set, phường Hà Đông, session 2
    other_place = intake.record_petition(build.clerk, content="Khác nơi.", locality="phường Văn Quán",
                                         session=build.session2)
    other_session = intake.record_petition(build.clerk, content="Kỳ khác.", locality="phường Văn Quán",
                                           session=build.session1)
    same_field_place = build.petition("classified")
    closed = build.petition("closed")
    ranked = duplicates.merge_candidates(dup, 10)
    assert ranked[0] == same_field_place  # same field and locality first
    assert ranked.index(other_place) < ranked.index(other_session)  # then the same session
    assert closed not in ranked and dup not in ranked
    assert len(duplicates.merge_candidates(dup, 1)) == 1


def test_merge_needs_a_confirmation_with_both_texts(client, auth, build):
    keep, dup = build.petition("recorded"), build.petition("recorded", content="Cử tri đề nghị sửa đường Tô Hiệu.")
    db.session.commit()
    auth.login(build.leader_of_office)
    html = text(client.get(f"/petitions/{dup.code}"))
    assert f'name="merge-into" id="merge-into-{keep.id}" value="{keep.code}"' in html
    r = act(client, dup, "merge", into=keep.code)
    assert r.status_code == 200 and fresh(dup).status == "recorded"  # nothing changed yet
    page = text(r)
    assert "Xác nhận gộp" in page and "Cử tri đề nghị sửa đường Tô Hiệu." in page and keep.content in page
    assert 'id="merge-confirmed" name="merge-confirmed" type="hidden" value="yes"' in page
    r = act(client, dup, "merge", into=keep.code, confirmed="yes")
    assert r.status_code == 302 and fresh(dup).merged_into_id == keep.id


def test_merge_refusals(client, auth, build):
    keep, dup = build.petition("recorded"), build.petition("recorded")
    auth.login(build.clerk)  # only the office leader merges: no candidates, no confirmation page
    assert "merge-candidates" not in text(client.get(f"/petitions/{dup.code}"))
    assert act(client, dup, "merge", into=keep.code).status_code == 403
    auth.login(build.leader_of_office)
    r = act(client, dup, "merge")
    assert r.status_code == 400 and "Chọn kiến nghị được giữ lại." in text(r)
    r = act(client, dup, "merge", into="KN-2099-999999")
    assert r.status_code == 404 and fresh(dup).status == "recorded"


def test_intake_takes_many_rows_up_to_the_bound(client, auth, build):
    auth.login(build.clerk)
    _, meeting = _meeting(client)
    rows = {f"rows-{i}-content": f"Kiến nghị số {i}." for i in range(40)}
    r = client.post(f"/meetings/{meeting.id}/petitions/new", data=rows)
    assert r.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Petition)) == 40
    too_many = {f"rows-{i}-content": f"Dòng {i}." for i in range(MAX_ROWS + 1)}
    r = client.post(f"/meetings/{meeting.id}/petitions/new", data=too_many)
    assert r.status_code == 400 and f"tối đa {MAX_ROWS} kiến nghị" in text(r)
    assert db.session.scalar(select(func.count()).select_from(Petition)) == 40


def test_due_date_preview(client, auth, build):
    p = build.petition("awaiting_transfer")
    auth.login(build.committee)
    r = client.get(f"/petitions/{p.code}/due-preview?letter_date=20/11/2026&lead_agency={build.agency.id}")
    assert r.status_code == 200
    data = r.get_json()
    from app.services.deadlines import rules

    expected = rules.preview(p, date(2026, 11, 20), build.agency.id)
    assert data["due"] == expected.due.strftime("%d/%m/%Y") and data["summary"].startswith(data["due"])
    later = client.get(f"/petitions/{p.code}/due-preview?letter_date=23/11/2026").get_json()
    assert later["due"] != data["due"]
    bad = client.get(f"/petitions/{p.code}/due-preview?letter_date=31/02/2026")
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.get_json()["error"]
    future = client.get(f"/petitions/{p.code}/due-preview?letter_date=01/01/2030")
    assert future.status_code == 400
    assert "transfer-due-preview" in text(client.get(f"/petitions/{p.code}"))
    auth.login(build.officer)
    assert client.get(f"/petitions/{p.code}/due-preview?letter_date=20/11/2026").status_code in (403, 404)


def test_deadline_shown_in_one_short_sentence(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.committee)
    html = text(client.get(f"/petitions/{p.code}"))
    summary = html[html.index('id="due-summary"'):].split("</div>")[0]
    assert "ngày làm việc kể từ 22/11/2026" in summary and "Quy tắc" not in summary
    assert "<summary>Cách tính</summary>" in html
