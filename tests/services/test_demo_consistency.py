"""The demo reads true: each answer is the item's own and speaks of what the voters asked, progress notes agree
with their percent, and the results report of the demo's second session shows the first session's backlog (with
roadmap items and their progress). The tests only read the demo (seeded once for the module)."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Petition, ProgressEntry, Session, User
from app.services.reporting import data as report_data
from app.services.reporting.files import ReportRequest, generate
from app.services.text import fold_tokens
from tests.report_pdfs import pdfcheck

TODAY = date(2026, 11, 22)


def _pairs(text: str) -> set[tuple[str, str]]:
    words = fold_tokens(text)
    return set(zip(words, words[1:], strict=False))


def _body(answer: Answer, petition: Petition) -> str:
    prefix = f"Về kiến nghị {petition.summary[:1].lower()}{petition.summary[1:]}: "
    assert answer.text.startswith(prefix), answer.text
    return answer.text.removeprefix(prefix)


def test_each_answer_is_the_items_own_and_speaks_of_its_subject(demo):
    """No two answers share a body, and each names its item's subject: a pair of words of the item's summary that
    few summaries share ("hồ Văn Chương", "bảo hiểm xã hội"), not "xử lý" or "đề nghị". The generic texts handed
    out in rotation failed both (five bodies per category for thirty answers; "giải phóng mặt bằng" for unpaid
    social insurance)."""
    petitions = {p.id: p for p in db.session.scalars(select(Petition))}
    answers = list(db.session.scalars(select(Answer).order_by(Answer.id)))
    assert len(answers) >= 25
    bodies = Counter(_body(a, petitions[a.petition_id]) for a in answers)
    assert [b for b, n in bodies.items() if n > 1] == []
    shared = Counter(pair for p in petitions.values() for pair in _pairs(p.summary or ""))
    for answer in answers:
        p = petitions[answer.petition_id]
        distinctive = {pair for pair in _pairs(p.summary) if shared[pair] <= 2}
        assert distinctive & _pairs(_body(answer, p)), (p.code, p.summary, answer.text)


def test_progress_notes_are_the_items_own_and_agree_with_their_percent(demo):
    """A note that counts ("45/150 giấy chứng nhận") counts what its percent says; no two notes are the same."""
    entries = list(db.session.scalars(select(ProgressEntry)))
    assert len(entries) >= 10
    assert len({e.text for e in entries}) == len(entries)
    for e in entries:
        counted = re.search(r"(\d+(?:[.,]\d+)*)/(\d+(?:[.,]\d+)*)", e.text)
        if counted:
            done, total = (float(x.replace(".", "").replace(",", ".")) for x in counted.groups())
            assert abs(100 * done / total - e.percent) <= 2, (e.percent, e.text)
    by_item: dict[int, list[int]] = {}
    for e in sorted(entries, key=lambda e: (e.entry_date, e.id)):
        by_item.setdefault(e.petition_id, []).append(e.percent)
    assert all(percents == sorted(percents) for percents in by_item.values())


def test_second_sessions_results_report_shows_the_first_sessions_backlog(demo):
    """Section VI of the report for session 2 (cut today, before it opens on 08/12): every session-1 item still
    outstanding, outstanding across two sessions, the roadmap ones with their expected date and latest progress."""
    committee = db.session.scalar(select(User).where(User.username == "thuongtruc"))
    session2 = db.session.scalar(select(Session).where(Session.number == 2))
    backlog = list(report_data.results(committee, session2.id, TODAY).backlog)
    open_states = ("transferred", "answer_drafted", "return_proposed", "reanswer_requested", "answered",
                   "on_roadmap", "returned", "awaiting_transfer", "classified")
    expected = set(db.session.scalars(select(Petition.code).join(Session).where(
        Session.number == 1, Petition.transferred_on.is_not(None), Petition.status.in_(open_states))))
    assert expected and {i.code for i in backlog} == expected
    assert {(i.session_number, i.sessions_outstanding) for i in backlog} == {(1, 2)}
    roadmap = [i for i in backlog if i.status == "on_roadmap"]
    assert len(roadmap) >= 3 and all(i.expected_date and i.progress.startswith("60 %") for i in roadmap)
    pdf = generate(committee, ReportRequest(kind="results", session=session2.id, as_of=TODAY))
    flat = " ".join(pdfcheck.text(pdf.data).split())
    section = flat.split("VI. KIẾN NGHỊ TỒN ĐỌNG QUA NHIỀU KỲ HỌP")[1].split("VII. ĐÁNH GIÁ CHUNG")[0]
    assert "(Không có số liệu)" not in section
    assert all(i.code in section for i in roadmap) and "30/06/2027" in section
