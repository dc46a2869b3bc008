"""Báo cáo kết quả giải quyết kiến nghị cử tri: summary tables, charts, and the item list as an appendix."""
from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable, Paragraph, Spacer

from reports import charts, summaries
from reports.model import ResultsData, Table
from reports.official import STYLES, build_pdf, closing, esc, fmt_date, frame_width, header, landscape_next
from reports.tables import chunks
from workflows.vocabulary import RESULT_CATEGORIES


def tables(data: ResultsData) -> list[Table]:
    items, as_of = data.items, data.as_of
    return [summaries.by_field(items), summaries.by_agency(items, as_of), summaries.by_result(items),
            summaries.late_agencies(items, as_of), summaries.roadmap(items), summaries.outstanding(items),
            summaries.appendix(items, "Phụ lục: Danh sách kiến nghị và kết quả giải quyết")]


def on_time_rates(data: ResultsData) -> tuple[list[str], list[float]]:
    counts = summaries.agency_counts(data.items, data.as_of)
    answered = sorted((a, c) for a, c in counts.items() if c[0])
    return [a for a, _ in answered], [100 * c[2] / c[0] for _, c in answered]


def _story(data: ResultsData) -> Iterator[Flowable]:
    s, width = STYLES, frame_width("portrait")
    yield from header(data.doc, width)
    field_t, agency_t, result_t, late_t, roadmap_t, outstanding_t, appendix_t = tables(data)
    moved = summaries.transferred(data.items)
    counts = summaries.result_counts(data.items)
    answered = sum(1 for i in moved if i.answered_on is not None)
    yield Paragraph(esc(
        f"Thực hiện chức năng giám sát, Thường trực HĐND báo cáo kết quả giải quyết kiến nghị cử tri gửi đến "
        f"{data.session_name} (số liệu đến ngày {fmt_date(data.as_of)}) như sau:"), s["body"])
    yield Paragraph("I. TÌNH HÌNH TIẾP NHẬN VÀ TRẢ LỜI", s["h1"])
    yield Paragraph(esc(
        f"Tổng số kiến nghị đã chuyển cơ quan có thẩm quyền giải quyết: {len(moved)}; đã có văn bản trả lời: "
        f"{answered} ({summaries.pct(answered, len(moved))})."), s["body"])
    for table in (field_t, agency_t):
        yield Paragraph(esc(table.title), s["h2"])
        yield from chunks(table, width)
    yield Paragraph("II. KẾT QUẢ GIẢI QUYẾT", s["h1"])
    parts = [f"{label.lower()}: {counts[code]} ({summaries.pct(counts[code], len(moved))})"
             for code, (label, _) in RESULT_CATEGORIES.items()]
    yield Paragraph(esc("Trong số kiến nghị đã chuyển: " + "; ".join(parts) + "."), s["body"])
    yield from chunks(result_t, width * 0.8)
    labels = [lb for lb, _ in RESULT_CATEGORIES.values()] + [summaries.NO_RESULT]
    values = [counts[c] for c in RESULT_CATEGORIES] + [counts[None]]
    yield charts.bar_chart("Số kiến nghị theo kết quả giải quyết", labels, values, width)
    names, rates = on_time_rates(data)
    if names:
        yield Spacer(1, 6)
        yield charts.bar_chart("Tỷ lệ trả lời đúng hạn theo cơ quan (%)", names, rates, width, unit="%",
                               value_max=100)
    yield Paragraph("III. CƠ QUAN TRẢ LỜI CHẬM HOẶC CHƯA TRẢ LỜI", s["h1"])
    yield from chunks(late_t, width)
    yield Paragraph("IV. KIẾN NGHỊ GIẢI QUYẾT THEO LỘ TRÌNH", s["h1"])
    yield from chunks(roadmap_t, width)
    yield Paragraph("V. KIẾN NGHỊ TỒN ĐỌNG QUA NHIỀU KỲ HỌP", s["h1"])
    yield from chunks(outstanding_t, width)
    yield Paragraph("VI. KIẾN NGHỊ", s["h1"])
    yield Paragraph(esc("Đề nghị UBND Thành phố chỉ đạo các cơ quan trả lời đúng hạn, giải quyết dứt điểm các "
                        "kiến nghị tồn đọng và báo cáo tiến độ các kiến nghị đang giải quyết theo lộ trình."), s["body"])
    yield from closing(data.doc, width)
    yield from landscape_next()
    yield Paragraph(esc(appendix_t.title.upper()), s["title"])
    yield Paragraph(esc(f"(Kèm theo {data.doc.number.replace('Số:', 'Báo cáo số')})"), s["center"])
    yield Spacer(1, 6)
    yield from chunks(appendix_t, frame_width("landscape"))


def build(data: ResultsData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, on_page=on_page)
