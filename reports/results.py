"""Báo cáo kết quả giải quyết kiến nghị cử tri: the figures of the metrics module as the council reads them (by
competence level, field and agency, results, late agencies, answers not accepted, roadmaps, the backlog across
sessions, the comparison with the previous session, the committee's assessment), then every item in full."""
from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from reportlab.platypus import Flowable, Paragraph, Spacer

from reports import charts, summaries
from reports.model import Figures, ResultsData, Table
from reports.official import (
    STYLES,
    appendix_head,
    build_pdf,
    closing,
    esc,
    frame_width,
    header,
)
from reports.tables import chunks
from workflows.vocabulary import RESULT_CATEGORIES

BASIS = ("Căn cứ Luật Tổ chức chính quyền địa phương; Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân; "
         "thực hiện chức năng giám sát việc giải quyết kiến nghị của cử tri, Thường trực HĐND báo cáo kết quả giải "
         "quyết kiến nghị cử tri gửi đến {session} như sau:")


def summary_tables(data: ResultsData) -> list[Table]:
    """The report's tables before its appendix, in their order."""
    t = data.totals
    return [summaries.by_level(data.by_level, t), summaries.by_field(data.by_field, t),
            summaries.by_agency(data.by_agency, t), summaries.by_result(t),
            summaries.comparison(t, data.previous, data.session_name, data.previous_name),
            summaries.late_agencies(data.by_agency), summaries.not_accepted(data.not_accepted),
            summaries.roadmap(data.roadmap), summaries.backlog(data.backlog)]


def tables(data: ResultsData) -> Iterator[Table]:
    """Every table of the report, in its order (the spreadsheet has one sheet per table); the appendix's tables are
    made as the items are read, with the answer letter's date in a column of its own."""
    return chain(summary_tables(data), summaries.full_appendix(data.items, dated=True))


def responsible(data: ResultsData) -> str:
    """The agencies the committee named; when it named none, those with items overdue without an answer."""
    if data.responsible:
        return data.responsible
    late = [f.name for f in data.by_agency if f["overdue_unanswered"] or f["overdue_reanswer"]]
    return "; ".join(late)


def on_time_sentence(t: Figures) -> str:
    """Answered on time against the on-time rate's denominator, said once: "3/5, đạt 60,0% (tỷ lệ đúng hạn)", or
    that nothing has fallen due yet (not "0/0 (không phát sinh) (tỷ lệ đúng hạn: không phát sinh)")."""
    if not t["on_time_base"]:
        return "không phát sinh (chưa có kiến nghị nào đến hạn trả lời)"
    return f"{summaries.share(t['answered_on_time'], t['on_time_base'])} (tỷ lệ đúng hạn)"


def _story(data: ResultsData) -> Iterator[Flowable]:
    s, width, t = STYLES, frame_width("portrait"), data.totals
    yield from header(data.doc, width)
    level_t, field_t, agency_t, result_t, compare_t, late_t, refused_t, roadmap_t, backlog_t = summary_tables(data)
    session = data.doc.subject.removeprefix("Kết quả giải quyết kiến nghị cử tri gửi đến ")
    yield Paragraph(esc(BASIS.format(session=session)), s["body"])
    yield Paragraph("I. TÌNH HÌNH CHUYỂN VÀ TRẢ LỜI KIẾN NGHỊ", s["h1"])
    yield Paragraph(esc(
        f"Tổng số kiến nghị đã chuyển cơ quan có thẩm quyền giải quyết: {t['transferred']}. "
        f"Số kiến nghị đã được trả lời: {summaries.share(t['answered'], t['transferred'])}; "
        f"trả lời đúng hạn: {on_time_sentence(t)}; trả lời trễ hạn: {t['answered_late']}; "
        f"quá hạn chưa trả lời: {t['overdue_unanswered']}; chưa đến hạn trả lời: {t['pending_in_time']}; "
        f"bị trả lại do không đúng thẩm quyền: {t['returned']} lượt; "
        f"yêu cầu trả lời lại: {t['reanswer_requests']} lượt."), s["body"])
    for table in (level_t, field_t, agency_t):
        yield Paragraph(esc(table.title), s["h2"])
        yield from chunks(table, width)
    yield Paragraph("II. KẾT QUẢ GIẢI QUYẾT", s["h1"])
    parts = [f"{label.lower()}: {summaries.share(t[f'result_{code}'], t['transferred'])}"
             for code, (label, _) in RESULT_CATEGORIES.items()]
    yield Paragraph(esc("Trong số kiến nghị đã chuyển, kết quả được Thường trực, các Ban HĐND chấp nhận: "
                        + "; ".join(parts) + f"; chưa có kết quả được chấp nhận: "
                        f"{summaries.result_rows(t)[-1][1]}."), s["body"])
    yield from chunks(result_t, width * 0.8)
    rows = summaries.result_rows(t)
    yield charts.bar_chart("Số kiến nghị theo kết quả giải quyết", [r[0] for r in rows], [r[1] for r in rows], width)
    rated = [f for f in data.by_agency if f["on_time_base"]]
    if rated:
        yield Spacer(1, 6)
        yield from charts.bar_charts("Tỷ lệ trả lời đúng hạn theo cơ quan (%)", [f.name for f in rated],
                                     [100 * summaries.on_time(f).value for f in rated], width, unit="%", value_max=100)
    yield Paragraph(esc(compare_t.title), s["h2"])
    if data.previous is None:
        yield Paragraph("Không có số liệu của kỳ họp trước để so sánh.", s["body"])
    else:
        yield from chunks(compare_t, width * 0.8, numbered=False)
    sections = (("III. CƠ QUAN TRẢ LỜI CHẬM HOẶC CHƯA TRẢ LỜI", late_t),
                ("IV. KIẾN NGHỊ CỬ TRI CHƯA ĐỒNG TÌNH, YÊU CẦU TRẢ LỜI LẠI", refused_t),
                ("V. KIẾN NGHỊ GIẢI QUYẾT THEO LỘ TRÌNH", roadmap_t),
                ("VI. KIẾN NGHỊ TỒN ĐỌNG QUA NHIỀU KỲ HỌP", backlog_t))
    for heading, table in sections:
        yield Paragraph(heading, s["h1"])
        yield from chunks(table, width)
    yield Paragraph("VII. ĐÁNH GIÁ CHUNG", s["h1"])
    for paragraph in [p for p in data.assessment.splitlines() if p.strip()] or [
            "Thường trực HĐND đánh giá: kết quả giải quyết nêu tại các mục trên."]:
        yield Paragraph(esc(paragraph), s["body"])
    names = responsible(data)
    if names:
        yield Paragraph(esc(f"Cơ quan chịu trách nhiệm về việc chậm trả lời, chưa giải quyết: {names}."), s["body"])
    yield Paragraph("VIII. KIẾN NGHỊ", s["h1"])
    last = Paragraph(esc("Đề nghị UBND chỉ đạo các cơ quan trả lời đúng hạn, giải quyết dứt điểm các kiến nghị tồn "
                         "đọng và báo cáo tiến độ các kiến nghị đang giải quyết theo lộ trình."), s["body"])
    yield from closing(data.doc, width, last)
    yield from appendix_head(data.doc, "PHỤ LỤC: DANH SÁCH KIẾN NGHỊ VÀ KẾT QUẢ GIẢI QUYẾT")
    empty = True
    for table in summaries.full_appendix(data.items):  # read as the appendix is laid out
        empty = False
        yield Paragraph(esc(table.title), s["h2"])
        yield from chunks(table, frame_width("landscape"))
    if empty:
        yield Paragraph("<i>(Không có số liệu)</i>", s["small"])


def build(data: ResultsData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, on_page=on_page)
