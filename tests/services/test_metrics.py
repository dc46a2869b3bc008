"""Each figure on a hand-built history: items walked through the services at known times, then counted as of
dates before, between and after the events (the suite runs on SQLite and on PostgreSQL)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app import clock
from app.extensions import db
from app.models import Petition
from app.services.petitions import answers, reviews, transfers
from app.services.petitions import intake as petitions
from app.services.reporting.metrics import figures
from app.services.reporting.metrics.snapshot import Scope, cutoff


def at(text: str):
    """Run the block as if at dd/mm/yyyy HH:MM, Asia/Ho_Chi_Minh."""
    day, hour = text.split(" ")
    d, m, y = (int(x) for x in day.split("/"))
    hh, mm = (int(x) for x in hour.split(":"))
    return clock.travel_to(datetime(y, m, d, hh, mm))


def counts(day: date, **kw) -> dict[str, int]:
    c = figures.totals(Scope(day, (), kw.get("agency_id")))
    return {**c.values, "on_time_rate": c.on_time_rate}


@pytest.fixture
def history(build):
    """Four items of session 2 with known events:
    A transferred 01/07 (due 12/08), answered 05/08 (on time), accepted as resolved 20/08.
    B transferred 01/07 (due 12/08), never answered: overdue from 13/08.
    C transferred 01/07, returned as not competent 10/07, re-routed, transferred to SYT 20/07 (due 28/08),
      answered 25/09: late.
    D recorded 02/07, set aside (complaint) 03/07.
    """
    b = build
    with at("30/06/2026 16:00"):
        a_item = petitions.record_petition(b.clerk, content="Sửa đường Tô Hiệu", session=b.session2)
        b_item = petitions.record_petition(b.clerk, content="Nạo vét kênh", session=b.session2)
        c_item = petitions.record_petition(b.clerk, content="Trạm y tế thiếu thuốc", session=b.session2)
    for p in (a_item, b_item, c_item):
        with at("30/06/2026 17:00"):
            petitions.classify(b.clerk, p, field=b.field, competence_level="province", lead_agency=b.agency)
            petitions.submit_for_transfer(b.clerk, p)
        with at("01/07/2026 15:00"):
            transfers.transfer(b.committee, p, letter_number="125/HĐND-VP", letter_date=date(2026, 7, 1))
    with at("02/07/2026 09:00"):
        d_item = petitions.record_petition(b.clerk, content="Khiếu nại", session=b.session2)
    with at("03/07/2026 09:00"):
        petitions.set_aside(b.clerk, d_item, kind="complaint", reason="Theo Luật Khiếu nại")
    with at("03/08/2026 10:00"):
        answers.draft_answer(b.officer, a_item, text="Đã sửa xong.", result_category="resolved")
    with at("05/08/2026 14:00"):
        answers.submit_answer(b.agency_leader, a_item, letter_number="88/SXD-VP")
    with at("20/08/2026 09:00"):
        reviews.accept(b.committee, a_item)
    with at("10/07/2026 10:00"):
        answers.return_not_competent(b.agency_leader, c_item, reason="Thuộc Sở Y tế")
    with at("15/07/2026 10:00"):
        petitions.reroute(b.clerk, c_item, lead_agency=b.other_agency)
        petitions.submit_for_transfer(b.clerk, c_item)
    with at("20/07/2026 15:00"):  # the standing committee names the competent agency in its letter
        transfers.transfer(b.committee, c_item, letter_number="140/HĐND-VP", letter_date=date(2026, 7, 20),
                           lead_agency=b.other_agency, coordinating=[])
    officer, leader = b.user("agency_officer", b.other_agency), b.user("agency_leader", b.other_agency)
    with at("24/09/2026 10:00"):
        answers.draft_answer(officer, c_item, text="Đã bổ sung thuốc.", result_category="explained")
    with at("25/09/2026 10:00"):
        answers.submit_answer(leader, c_item, letter_number="12/SYT-VP")
    db.session.commit()
    return {"A": a_item, "B": b_item, "C": c_item, "D": d_item}


def test_due_dates_of_the_history_are_what_the_rules_give(history):
    # 30 working days from 01/07/2026 (no holidays in between): 12/08; from 20/07: 28/08.
    assert history["A"].due_date == date(2026, 8, 12) and history["B"].due_date == date(2026, 8, 12)
    assert history["C"].due_date == date(2026, 8, 28)


@pytest.mark.parametrize("day, expected", [
    (date(2026, 6, 29), dict(received=0, transferred=0, answered=0)),
    (date(2026, 6, 30), dict(received=3, with_office=3, transferred=0)),
    (date(2026, 7, 1), dict(received=3, transferred=3, with_agency=3, pending_in_time=3, returned=0)),
    (date(2026, 7, 3), dict(received=4, set_aside=1, set_aside_complaint=1, recommendations=3, transferred=3)),
    (date(2026, 7, 12), dict(transferred=3, with_agency=2, with_office=1, returned=1, unanswered_elsewhere=1,
                             pending_in_time=2)),
    (date(2026, 7, 20), dict(transferred=3, with_agency=3, with_office=0, returned=1, pending_in_time=3,
                             unanswered_elsewhere=0)),
    (date(2026, 8, 5), dict(answered=1, answered_on_time=1, awaiting_review=1, overdue=0, pending_in_time=2)),
    (date(2026, 8, 12), dict(answered=1, overdue=0, overdue_unanswered=0, on_time_rate=100.0)),
    (date(2026, 8, 13), dict(answered=1, overdue=1, overdue_unanswered=1, on_time_rate=50.0, pending_in_time=1)),
    (date(2026, 8, 20), dict(closed=1, result_resolved=1, awaiting_review=0, overdue_unanswered=1)),
    (date(2026, 9, 25), dict(answered=2, answered_on_time=1, answered_late=1, overdue_unanswered=1,
                             on_time_rate=33.3, result_resolved=1, awaiting_review=1)),
])
def test_each_figure_as_of_dates_around_the_events(history, day, expected):
    got = counts(day)
    assert {k: got[k] for k in expected} == expected


def test_very_overdue_and_the_agency_of_each_day(history, build):
    # B: due 12/08, very overdue after 15 more working days (02/09 holidays): flagged from early September.
    assert counts(date(2026, 8, 20))["very_overdue"] == 0
    assert counts(date(2026, 9, 10))["very_overdue"] == 1
    # C belonged to SXD until it was returned and re-transferred to SYT on 20/07.
    sxd, syt = build.agency.id, build.other_agency.id
    assert counts(date(2026, 7, 12), agency_id=sxd)["transferred"] == 3
    assert counts(date(2026, 7, 20), agency_id=sxd)["transferred"] == 2
    assert counts(date(2026, 7, 20), agency_id=syt)["transferred"] == 1
    assert counts(date(2026, 9, 25), agency_id=syt)["answered_late"] == 1
    groups = {g.key: g for g in figures.grouped(Scope(date(2026, 7, 20)), "agency")}
    assert groups[sxd]["returned"] == 1 and groups[syt]["returned"] == 0  # the return stays with who returned


def test_reanswer_request_keeps_the_first_answer_on_time_and_counts_the_request(history, build):
    a = history["B"]
    with at("10/08/2026 10:00"):
        answers.draft_answer(build.officer, a, text="Đang nạo vét.", result_category="in_progress",
                             expected_date=date(2027, 6, 30))
        answers.submit_answer(build.agency_leader, a, letter_number="90/SXD-VP")
    with at("12/08/2026 09:00"):
        reviews.request_reanswer(build.committee, a, reason="Chưa nêu rõ thời gian")
    db.session.commit()
    before, after = counts(date(2026, 8, 11)), counts(date(2026, 9, 30))
    assert before["reanswer_requests"] == 0 and after["reanswer_requests"] == 1 and after["not_accepted"] == 1
    assert after["answered_on_time"] == 2  # B's first answer came by its due date
    assert after["overdue_reanswer"] == 1 and after["overdue_unanswered"] == 0  # now late on the re-answer
    with at("15/09/2026 10:00"):
        answers.draft_answer(build.officer, a, text="Hoàn thành tháng 6/2027.", result_category="in_progress",
                             expected_date=date(2027, 6, 30))
        answers.submit_answer(build.agency_leader, a, letter_number="95/SXD-VP")
    with at("20/09/2026 10:00"):
        reviews.accept_on_roadmap(build.committee, a)
    db.session.commit()
    got = counts(date(2026, 9, 30))
    assert got["on_roadmap"] == 1 and got["result_in_progress"] == 1 and got["overdue"] == 0


def test_today_from_the_event_log_matches_the_columns(history):
    """As of today, the snapshot's state, agency and due date are the petition's own columns."""
    from sqlalchemy import select

    from app.services.reporting.metrics.snapshot import snapshot

    s = snapshot(Scope(clock.today()))
    rows = db.session.execute(select(s.c.id, s.c.state, s.c.agency_id, s.c.due)).all()
    for pid, state, agency_id, due in rows:
        p = db.session.get(Petition, pid)
        assert (state, due) == (p.status, p.due_date if state != "set_aside" else None) or state == "set_aside"
        if p.transferred_on:
            assert agency_id == p.lead_agency_id


def test_cutoff_is_the_end_of_the_day_in_the_council_time_zone():
    assert cutoff(date(2026, 8, 12)) == datetime(2026, 8, 12, 17, 0)  # 24:00 in Hà Nội is 17:00 UTC


def test_backlog_lists_items_of_earlier_sessions_still_outstanding(history, build):
    """The backlog of a session's results report: items raised for an earlier session and still outstanding at the
    cut-off, i.e. across two sessions at least (their own and the report's), even when the report is cut before its
    session opens (it is presented there); never a closed item, never the report's own session's items."""
    from app.models import Session
    from app.services.reporting import data as report_data

    session3 = Session(term=build.session1.term, number=3, name="Kỳ họp thứ ba", opening=date(2027, 6, 20))
    db.session.add(session3)
    history["B"].session = build.session1  # raised before session 1, never answered
    db.session.commit()

    def backlog(session, day):
        return [(i.code, i.session_number, i.sessions_outstanding)
                for i in report_data.results(build.committee, session.id, day).backlog]

    b, c = history["B"].code, history["C"].code
    # Session 2's report, cut before it opens (08/12) and after: B has been outstanding across sessions 1 and 2.
    assert backlog(build.session2, date(2026, 11, 22)) == [(b, 1, 2)]
    assert backlog(build.session2, date(2026, 12, 10)) == [(b, 1, 2)]
    assert backlog(build.session2, date(2026, 6, 29)) == []  # B not yet transferred
    # Session 3's: B across three sessions, C (session 2, answered, still awaiting the committee) across two; A,
    # closed, is not backlog. The earliest session first.
    assert backlog(session3, date(2027, 7, 1)) == [(b, 1, 3), (c, 2, 2)]
    # Session 1's report has no earlier session: no backlog.
    assert backlog(build.session1, date(2027, 7, 1)) == []


@pytest.fixture
def fuller_history(history, build):
    """The history above, and:
    E (urgent) and M recorded 02/07; M merged into E 05/07; E withdrawn 08/07.
    G (urgent) recorded 02/07, answered at the meeting 04/07.
    F recorded 02/07, classified as central 03/07, forwarded to the delegation 06/07.
    R transferred 01/07 (due 12/08), answered 03/08 (in progress), accepted on a roadmap 10/08, done 01/10.
    B answered 15/09 (cannot be resolved), accepted 16/09; C's answer (explained) accepted 01/10.
    """
    b, leader = build, build.leader_of_office
    with at("02/07/2026 09:30"):
        e_item = petitions.record_petition(b.clerk, content="Xây nhà văn hóa thôn", session=b.session2, urgent=True)
        m_item = petitions.record_petition(b.clerk, content="Xây nhà văn hóa", session=b.session2)
        g_item = petitions.record_petition(b.clerk, content="Lịch tiêm chủng", session=b.session2, urgent=True)
        f_item = petitions.record_petition(b.clerk, content="Sửa Luật Đất đai", session=b.session2)
    with at("03/07/2026 09:30"):
        petitions.classify(b.clerk, f_item, field=b.field, competence_level="central", lead_agency=None)
    with at("04/07/2026 10:00"):
        petitions.mark_answered_at_meeting(b.clerk, g_item, explanation="Đã giải thích tại hội nghị")
    with at("05/07/2026 10:00"):
        petitions.merge(leader, m_item, into=e_item)
    with at("06/07/2026 10:00"):
        petitions.forward(b.clerk, f_item, receiving_body="Đoàn ĐBQH", letter_number="7/HĐND-VP")
    with at("08/07/2026 10:00"):
        petitions.withdraw(leader, e_item, reason="Cử tri rút")
    with at("30/06/2026 16:30"):
        r_item = petitions.record_petition(b.clerk, content="Cải tạo chợ", session=b.session2)
        petitions.classify(b.clerk, r_item, field=b.field, competence_level="province", lead_agency=b.agency)
        petitions.submit_for_transfer(b.clerk, r_item)
    with at("01/07/2026 15:30"):
        transfers.transfer(b.committee, r_item, letter_number="126/HĐND-VP", letter_date=date(2026, 7, 1))
    with at("01/08/2026 10:00"):
        answers.draft_answer(b.officer, r_item, text="Cải tạo trong quý III.", result_category="in_progress",
                             expected_date=date(2026, 9, 30))
    with at("03/08/2026 10:00"):
        answers.submit_answer(b.agency_leader, r_item, letter_number="89/SXD-VP")
    with at("10/08/2026 10:00"):
        reviews.accept_on_roadmap(b.committee, r_item)
    with at("14/09/2026 10:00"):
        answers.draft_answer(b.officer, history["B"], text="Chưa thể nạo vét.", result_category="cannot_resolve")
    with at("15/09/2026 10:00"):
        answers.submit_answer(b.agency_leader, history["B"], letter_number="120/SXD-VP")
    with at("16/09/2026 10:00"):
        reviews.accept(b.committee, history["B"])
    with at("01/10/2026 10:00"):
        reviews.mark_done(b.committee, r_item, result_category="resolved")
        reviews.accept(b.committee, history["C"])
    db.session.commit()
    return {**history, "E": e_item, "M": m_item, "G": g_item, "F": f_item, "R": r_item}


# Days to answer: A 01/07 -> 05/08 (35), R 01/07 -> 03/08 (33), B 01/07 -> 15/09 (76), C from its transfer to SYT
# 20/07 -> 25/09 (67: the days SXD held it before returning it are not SYT's). Days overdue: B from 13/08 until it
# was answered on 15/09, C (due 28/08) from 29/08 until 25/09.
@pytest.mark.parametrize("day, expected", [
    (date(2026, 7, 1), dict(merged=0, answered_at_meeting=0, forwarded=0, withdrawn=0, urgent=0, received=4)),
    (date(2026, 7, 2), dict(merged=0, answered_at_meeting=0, urgent=2, received=9, recommendations=9)),
    (date(2026, 7, 4), dict(merged=0, answered_at_meeting=1, forwarded=0, urgent=1, received=9, recommendations=7)),
    (date(2026, 7, 5), dict(merged=1, answered_at_meeting=1, forwarded=0, withdrawn=0, received=8, urgent=1)),
    (date(2026, 7, 6), dict(merged=1, forwarded=1, withdrawn=0, recommendations=6)),
    (date(2026, 7, 8), dict(merged=1, answered_at_meeting=1, forwarded=1, withdrawn=1, urgent=1, received=8,
                            recommendations=6)),
    (date(2026, 8, 3), dict(answered=1, answer_days=33, on_roadmap=0, days_overdue=0, longest_overdue=0)),
    (date(2026, 8, 5), dict(answered=2, answer_days=68, on_roadmap=0, result_in_progress=0)),
    (date(2026, 8, 10), dict(on_roadmap=1, result_in_progress=1, done_after_roadmap=0)),
    (date(2026, 8, 12), dict(overdue=0, days_overdue=0, longest_overdue=0)),
    (date(2026, 8, 13), dict(overdue=1, days_overdue=1, longest_overdue=1)),
    (date(2026, 8, 29), dict(overdue=2, days_overdue=17 + 1, longest_overdue=17)),
    (date(2026, 9, 10), dict(overdue=2, days_overdue=29 + 13, longest_overdue=29, result_cannot_resolve=0)),
    (date(2026, 9, 15), dict(overdue=1, days_overdue=18, longest_overdue=18, answered=3, answer_days=144,
                             result_cannot_resolve=0)),
    (date(2026, 9, 16), dict(result_cannot_resolve=1, result_explained=0, closed=2)),
    (date(2026, 9, 25), dict(overdue=0, days_overdue=0, longest_overdue=0, answered=4, answer_days=211,
                             result_explained=0, done_after_roadmap=0, on_roadmap=1)),
    (date(2026, 10, 1), dict(result_explained=1, result_cannot_resolve=1, result_resolved=2, done_after_roadmap=1,
                             on_roadmap=0, result_in_progress=0, merged=1, answered_at_meeting=1, forwarded=1,
                             withdrawn=1, urgent=1)),
])
def test_more_figures_as_of_dates_around_their_events(fuller_history, day, expected):
    got = counts(day)
    assert {k: got[k] for k in expected} == expected


def test_mean_days_to_answer_per_agency_as_of_dates(fuller_history, build):
    """The agency card's "số ngày trả lời bình quân": an agency's days run from the transfer to it."""
    from app.services.reporting.metrics import view

    def mean(day: date, agency) -> float | None:
        return {f.code: f.mean_days for f in view.by_agency(Scope(day))}.get(agency.code)

    assert mean(date(2026, 8, 2), build.agency) is None  # nothing answered yet: "không phát sinh"
    assert mean(date(2026, 8, 5), build.agency) == 34.0  # (33 + 35) / 2
    assert mean(date(2026, 9, 15), build.agency) == 48.0  # (33 + 35 + 76) / 3
    assert mean(date(2026, 9, 24), build.other_agency) is None
    assert mean(date(2026, 9, 25), build.other_agency) == 67.0  # from 20/07, not from SXD's 01/07
