"""Every report built from the demo data, as the office would download it: PDF text, fonts, the numbers of its JSON,
the same figure wherever it appears (reports, card, dashboard, JSON), totals that reconcile, and the workbooks.
The tests only read: the demo is seeded once for the module (the `demo` fixture in tests/conftest.py)."""
from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Petition, Session, User
from app.services.reporting import dashboard
from app.services.reporting import data as report_data
from app.services.reporting.files import KINDS, ReportRequest, generate
from tests.report_pdfs import pdfcheck
from workflows.collation import sort_key

CUT = date(2026, 12, 8)


def office_user() -> User:
    return db.session.scalar(select(User).where(User.username == "thuongtruc"))


def session1() -> Session:
    return db.session.scalar(select(Session).where(Session.number == 1))


def figures(kind: str, **kw) -> dict:
    report = generate(office_user(), ReportRequest(kind=kind, format="json", **kw))
    return json.loads(report.data)


def flat_text(kind: str, **kw) -> str:
    report = generate(office_user(), ReportRequest(kind=kind, **kw))
    return " ".join(pdfcheck.text(report.data).split())


def test_every_report_from_demo_data_reads_in_vietnamese(demo):
    user, s1 = office_user(), session1()
    code = db.session.scalar(select(Petition.code).order_by(Petition.id).limit(1))
    for kind in KINDS:
        report = generate(user, ReportRequest(kind=kind, session=s1.id, as_of=CUT, code=code))
        assert report.data.startswith(b"%PDF")
        pdfcheck.save_first_page(report.data, f"demo-{kind}")
        text = pdfcheck.text(report.data)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "HĐND THÀNH PHỐ HÀ NỘI" in text
        assert "Đã giải quyết xong / đã giải trình" not in text  # a closed item is shown with its result
        pdfcheck.assert_fonts_ok(report.data)
        workbook = generate(user, ReportRequest(kind=kind, format="xlsx", session=s1.id, as_of=CUT, code=code))
        assert load_workbook(io.BytesIO(workbook.data)).sheetnames


def pct(value: float | None) -> str:
    """A JSON percentage as the PDF prints it."""
    return "không phát sinh" if value is None else f"{value:.1f}%".replace(".", ",")


def _session(number: int) -> int:
    return db.session.scalar(select(Session.id).where(Session.number == number))


def test_each_pdf_shows_the_numbers_of_its_json(demo):
    s1 = session1().id
    for day in (date(2026, 7, 15), date(2026, 8, 15), CUT):
        f = figures("results", session=s1, as_of=day)
        flat = flat_text("results", session=s1, as_of=day)
        assert f"(Số liệu tính đến ngày {day:%d/%m/%Y})" in flat
        assert f"đã chuyển cơ quan có thẩm quyền giải quyết: {f['transferred']}." in flat
        assert f"Số kiến nghị đã được trả lời: {f['answered']}/{f['transferred']}" in flat
        assert f"trả lời trễ hạn: {f['answered_late']}; quá hạn chưa trả lời: {f['overdue_unanswered']};" in flat
        assert f"đã giải quyết xong: {f['by_result']['resolved']}/{f['transferred']}" in flat
        total = re.search(r"Tổng cộng (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) ([\d,]+%|không phát sinh)",
                          flat.split("theo cơ quan giải quyết")[1])
        assert [int(x) for x in total.groups()[:7]] == [
            f["transferred"], f["answered"], f["answered_on_time"], f["answered_late"], f["overdue_unanswered"],
            f["pending_in_time"], f["unanswered_elsewhere"]]
        rate = f["on_time_rate"]
        assert total.group(8) == ("không phát sinh" if rate is None else f"{rate:.1f}%".replace(".", ","))
        for level in (g for g in f["by_level"] if g["recommendations"]):
            assert (f"{level['level_name']} {level['recommendations']} {pct(level['share'])} {level['forwarded']} "
                    f"{level['transferred']} {level['answered']} {level['by_result']['resolved']}") in flat
        for field in (g for g in f["by_field"] if g["transferred"]):
            assert (f"{field['committee']} {field['field_name']} {field['transferred']} {field['answered']} "
                    f"{pct(field['answer_rate'])}") in flat, field["field_name"]
    o = figures("overdue", session=s1, as_of=CUT)
    overdue = flat_text("overdue", session=s1, as_of=CUT)
    assert f"có {o['overdue']} kiến nghị quá hạn trả lời" in overdue
    late = [g for g in o["by_agency"] if g["overdue"]]
    assert late and o["longest_overdue"] == max(g["longest_overdue"] for g in late)
    for g in late:  # the "lâu nhất" and "bình quân" columns
        assert (f"{g['agency_name']} {g['overdue']} {g['overdue_unanswered']} {g['overdue_reanswer']} "
                f"{g['very_overdue']} {g['longest_overdue']} {g['mean_days_overdue']:.1f}".replace(".", ",")
                in overdue), g["agency_name"]
    c = figures("compilation", session=s1, as_of=CUT)
    compiled = flat_text("compilation", session=s1, as_of=CUT)
    assert f"còn {c['received']} ý kiến, kiến nghị, trong đó {c['recommendations']} kiến nghị cần giải quyết" \
        in compiled
    assert f"- Kiến nghị cần giải quyết {c['recommendations']} " in compiled
    assert f"Có {c['urgent']} kiến nghị cần giải quyết khẩn" in compiled
    for field in (g for g in c["by_field"] if g["recommendations"]):
        assert f"{field['field_name']} {field['recommendations']} {pct(field['share'])}" in compiled
    # Session 2 is compared with session 1 as it stood at session 2's opening.
    s2 = figures("results", session=_session(2), as_of=CUT)
    before = s2["previous"]
    assert before["session"] == 1 and before["as_of"] == "2026-12-08"
    assert before["transferred"] == figures("results", session=s1, as_of=date(2026, 12, 8))["transferred"]
    compared = flat_text("results", session=_session(2), as_of=CUT).split("So sánh với kỳ họp trước")[1]
    for label, key in (("Số kiến nghị đã chuyển", "transferred"), ("Số kiến nghị đã được trả lời", "answered")):
        assert f"{label} {s2[key]} {before[key]}" in compared
    for label, key in (("Tỷ lệ trả lời", "answer_rate"), ("Tỷ lệ trả lời đúng hạn", "on_time_rate"),
                       ("Tỷ lệ đã giải quyết xong", "resolved_rate")):
        assert f"{label} {pct(s2[key])} {pct(before[key])}" in compared
    a = figures("agency", session=s1, as_of=CUT)
    card = flat_text("agency", session=s1, as_of=CUT)
    assert re.search(rf"Tổng cộng {a['transferred']} {a['answered']} {a['answered_on_time']} {a['answered_late']} "
                     rf"{a['overdue_unanswered']} {a['pending_in_time']} {a['unanswered_elsewhere']} {a['returned']} "
                     rf"{a['reanswer_requests']}", card)


def test_the_issues_contradictions_are_gone(demo):
    s1 = session1().id
    before = figures("results", session=s1, as_of=date(2026, 7, 15))
    assert before["answered"] == 0 and before["by_result"]["resolved"] == 0  # nothing answered yet on 15/07
    sxd = figures("agency", session=s1, as_of=date(2026, 7, 15), agency=_agency("SXD"))
    assert sxd["mean_days_to_answer"] is None and sxd["on_time_rate"] is None  # "không phát sinh"
    now = figures("results", session=s1, as_of=CUT)
    overdue = figures("overdue", session=s1, as_of=CUT)
    assert now["overdue_unanswered"] + now["overdue_reanswer"] == overdue["overdue"]
    assert all(row["overdue"] == 0 for row in now["by_agency"] if row["returned"] and not row["transferred"])
    # Session 1 compilation: 37 after merging = 4 set aside + 2 answered at the meeting + 31 recommendations,
    # and the list has every one of the 31 (withdrawn and forwarded ones included).
    data = report_data.compilation(office_user(), s1, CUT)
    assert data.totals["received"] == 37 and data.totals["set_aside"] == 4 and data.totals["answered_at_meeting"] == 2
    assert data.totals["recommendations"] == 31 == len(list(data.items)) == len(list(data.items_by_field))
    assert data.totals["urgent"] == sum(1 for i in data.items if i.urgent)


def _agency(code: str) -> int:
    from app.models import Agency

    return db.session.scalar(select(Agency.id).where(Agency.code == code))


def reconciles(f: dict) -> None:
    """The compilation's quantities add up for every state, and the transferred items for every outcome."""
    assert f["received"] == f["set_aside"] + f["answered_at_meeting"] + f["recommendations"]
    outcomes = ("forwarded", "withdrawn", "with_office", "with_agency", "awaiting_review", "on_roadmap", "closed")
    assert f["recommendations"] == sum(f[k] for k in outcomes)
    assert f["received"] == f["set_aside"] + f["answered_at_meeting"] + sum(f[k] for k in outcomes)
    assert f["urgent"] <= f["recommendations"]
    assert f["set_aside"] == sum(f["set_aside_by_kind"].values())
    assert f["transferred"] == f["answered"] + f["overdue_unanswered"] + f["pending_in_time"] + \
        f["unanswered_elsewhere"]
    assert f["answered"] == f["answered_on_time"] + f["answered_late"]
    assert sum(f["by_result"].values()) <= f["transferred"]
    assert f["on_roadmap"] <= f["by_result"]["in_progress"]


def check_totals_and_agencies(kind: str, **kw) -> dict:
    f = figures(kind, **kw)
    reconciles(f)
    numeric = [k for k, v in f.items() if isinstance(v, int) and k != "session"]
    # Returns belong to the agency that returned the item: by agency only, not by field or level.
    for groups, keys in ((f["by_agency"], numeric), (f["by_field"], [k for k in numeric if k != "returned"]),
                         (f["by_level"], [k for k in numeric if k != "returned"])):
        for row in groups:
            reconciles(row)
        for key in keys:
            values = [row[key] for row in groups]
            assert (max(values, default=0) if key == "longest_overdue" else sum(values)) == f[key], key
        for code in f["by_result"]:
            assert sum(row["by_result"][code] for row in groups) == f["by_result"][code]
    return f


def same_figure_everywhere(session_id: int | None, day: date) -> None:
    """One figure, one number: results report, overdue report, agency card, dashboard and JSON agree. The results
    report is about one session; without a session the overdue report, the card and the dashboard cover them all."""
    user = office_user()
    overdue = report_data.overdue(user, day, None, session_id)
    cards = report_data.agency_cards(user, day, None, session_id)
    sources = [overdue.totals, cards.totals, check_totals_and_agencies("overdue", session=session_id, as_of=day),
               check_totals_and_agencies("agency", session=session_id, as_of=day)]
    if session_id is not None:
        sources += [report_data.results(user, session_id, day).totals,
                    check_totals_and_agencies("results", session=session_id, as_of=day)]
    for key in ("transferred", "answered", "answered_on_time", "overdue", "overdue_unanswered", "very_overdue",
                "returned", "on_roadmap", "reanswer_requests"):
        assert len({source[key] for source in sources}) == 1, (key, [source[key] for source in sources])
    rows = list(overdue.items)
    assert len(rows) == overdue.totals["overdue"]
    # The overdue report's days past due per agency are figures: the same as its rows' (listed by agency, longest
    # overdue first).
    for f in overdue.by_agency:
        days = [r.days_late for r in rows if r.agency == f.name]
        assert (f["longest_overdue"], f["days_overdue"]) == (max(days, default=0), sum(days)), f.name
    assert rows == sorted(rows, key=lambda r: (sort_key(r.agency), -r.days_late, r.code))
    rates = {f.name: f.on_time_rate for f in cards.cards}
    if session_id is not None:
        assert {f.name: f.on_time_rate for f in report_data.results(user, session_id, day).by_agency} == rates
    else:
        board = dashboard.for_user(user, day)
        every = dashboard.on_time_by_agency(user, day, limit=1000)
        assert {r.name: r.rate for r in every} == {n: r for n, r in rates.items() if r is not None}
        assert board.on_time == every[:len(board.on_time)]
        assert board.counts["overdue"] == overdue.totals["overdue"]
        assert board.counts["very_overdue"] == overdue.totals["very_overdue"]


def test_same_figure_everywhere_on_the_demo(demo):
    from app import clock

    today = clock.today()
    same_figure_everywhere(None, today)
    same_figure_everywhere(session1().id, today)
    for day in (date(2026, 7, 15), date(2026, 8, 15)):
        check_totals_and_agencies("results", session=session1().id, as_of=day)
        check_totals_and_agencies("agency", as_of=day)
        check_totals_and_agencies("overdue", as_of=day)
    check_totals_and_agencies("compilation", session=session1().id, as_of=today)


def test_same_figure_everywhere_on_generated_data(db_app):
    from app import clock
    from app.demo import loaddata

    loaddata.generate(1500, seed=11)
    today = clock.today()
    same_figure_everywhere(None, today)
    for day in (today.replace(day=1), date(2026, 6, 1), today):
        check_totals_and_agencies("results", as_of=day, session=None)
        check_totals_and_agencies("overdue", as_of=day)
        check_totals_and_agencies("compilation", as_of=day, session=None)


def test_workbook_values_and_types(demo):
    user, s1 = office_user(), session1()
    report = generate(user, ReportRequest(kind="results", format="xlsx", session=s1.id, as_of=CUT))
    wb = load_workbook(io.BytesIO(report.data))
    for ws in wb.worksheets:
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A3:"), ws.title
        assert ws.print_title_rows == "$3:$3", ws.title
        assert "Số liệu tính đến ngày 08/12/2026" in ws["A2"].value and "Kỳ họp: Kỳ họp thứ nhất" in ws["A2"].value
    appendix = wb["Phụ lục"]
    assert [c.value for c in appendix[3]][:3] == ["Lĩnh vực", "Mã", "Nội dung kiến nghị của cử tri"]
    codes = [r[1].value for r in appendix.iter_rows(min_row=4)]
    assert codes and all(c.startswith("KN-") for c in codes)
    fields = [r[0].value for r in appendix.iter_rows(min_row=4)]
    from workflows.collation import sorted_vi
    assert list(dict.fromkeys(fields)) == sorted_vi(dict.fromkeys(fields))  # Vietnamese order
    agency = wb["Theo cơ quan"]
    rate = agency.cell(row=4, column=9)
    assert isinstance(rate.value, int | float) and 0 <= rate.value <= 1 and rate.number_format == "0.0%"
    result = wb["Theo kết quả"]
    labels = [r[0].value for r in result.iter_rows(min_row=4)]
    assert "Đã giải quyết xong" in labels and isinstance(result["B4"].value, int)
    overdue = load_workbook(io.BytesIO(generate(user, ReportRequest(kind="overdue", format="xlsx", as_of=CUT)).data))
    due = [r[4].value for r in overdue["Danh sách quá hạn"].iter_rows(min_row=4)]
    assert due and all(hasattr(v, "year") for v in due)  # real dates, not text


def test_demo_data_is_consistent_with_itself(demo):
    from collections import Counter

    from app import clock
    from app.models import Answer

    submitted = list(db.session.scalars(select(Answer).where(Answer.status == "submitted")))
    assert len(submitted) > 20
    numbers = Counter((a.agency_id, a.letter_number) for a in submitted)
    assert all(n == 1 for n in numbers.values()), [k for k, n in numbers.items() if n > 1]  # unique per agency
    for answer in submitted:
        petition = db.session.get(Petition, answer.petition_id)
        assert petition.summary[1:] in answer.text, (petition.code, answer.text)  # it answers what was asked
        if answer.expected_date:
            assert f"{answer.expected_date:%d/%m/%Y}" in answer.text  # the date promised is the date recorded
    for p in db.session.scalars(select(Petition).where(Petition.status == "closed",
                                                       Petition.roadmap_expected_date.is_not(None))):
        # A roadmap item marked done was not "expected to finish" in a later year than it finished.
        assert p.roadmap_expected_date <= clock.to_local(p.closed_at).date() + timedelta(days=60), p.code


def test_item_sheet_carries_the_roadmap_the_letters_and_the_rejected_answer(demo):
    from app.services.reporting import item as report_item

    sheet = report_item.item_sheet(office_user(), "KN-2026-000001")
    assert sheet.progress and all(0 <= percent <= 100 for _, percent, _ in sheet.progress)
    assert [p for _, p, _ in sheet.progress] == [40, 80]
    assert sheet.rejected and "chung chung" in sheet.rejected[0][2]  # the re-answer request's reason
    assert all("văn bản số" in head and "/" in head for head, _ in sheet.answers)
    assert dict(sheet.fields)["Dự kiến hoàn thành (lộ trình)"]
    text = " ".join(pdfcheck.text(generate(office_user(), ReportRequest(kind="item", code="KN-2026-000001")).data)
                    .split())
    assert "Tiến độ thực hiện theo lộ trình" in text and "Trả lời chưa được chấp nhận" in text
    assert "Số:" not in text  # an extract: no document number


def test_workbook_dates_and_timestamps_are_real_dates(demo):
    """The item workbook's timeline, its dates and the re-answer request's day, and the results appendix's answer
    letter date are date cells with a dd/mm/yyyy (hh:mm) format, never text; the PDF still prints them as text."""
    from datetime import datetime

    user = office_user()
    wb = load_workbook(io.BytesIO(generate(user, ReportRequest(kind="item", format="xlsx",
                                                               code="KN-2026-000001")).data))
    timeline = [r[0] for r in wb["Quá trình"].iter_rows(min_row=4)]
    assert timeline and all(isinstance(c.value, datetime) and c.number_format == "DD/MM/YYYY HH:MM" for c in timeline)
    facts = {r[0].value: r[1] for r in wb["Thông tin"].iter_rows(min_row=4)}
    for name in ("Ngày văn bản chuyển", "Hạn trả lời", "Dự kiến hoàn thành (lộ trình)"):
        assert isinstance(facts[name].value, datetime) and facts[name].number_format == "DD/MM/YYYY", name
    requested = [r[1] for r in wb["Chưa chấp nhận"].iter_rows(min_row=4)]
    assert requested and all(isinstance(c.value, datetime) and c.number_format == "DD/MM/YYYY" for c in requested)
    text = " ".join(pdfcheck.text(generate(user, ReportRequest(kind="item", code="KN-2026-000001")).data).split())
    assert re.search(r"\d\d:\d\d \d\d/\d\d/2026", text)  # the PDF's timeline keeps its "16:00 05/06/2026"
    assert f"{facts['Hạn trả lời'].value:%d/%m/%Y}" in text
    results = load_workbook(io.BytesIO(generate(user, ReportRequest(kind="results", format="xlsx",
                                                                    session=session1().id, as_of=CUT)).data))
    appendix = results["Phụ lục"]
    heads = [c.value for c in appendix[3]]
    number, day = heads.index("Số văn bản trả lời"), heads.index("Ngày văn bản trả lời")
    letters = [(r[number].value, r[day]) for r in appendix.iter_rows(min_row=4) if r[number].value]
    assert letters and all(isinstance(c.value, datetime) and c.number_format == "DD/MM/YYYY" for _, c in letters)
    assert all("ngày" not in n for n, _ in letters)  # the number alone: its date has its own column
