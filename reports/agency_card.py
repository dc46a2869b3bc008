"""Phiếu đánh giá cơ quan (agency report card): received, on time, late, returned, re-answer requests, mean days."""
from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable, Paragraph

from reports import charts, summaries
from reports.model import AgencyCardData, Table
from reports.official import STYLES, build_pdf, closing, esc, fmt_date, frame_width, header, landscape_next
from reports.tables import chunks


def tables(data: AgencyCardData) -> list[Table]:
    card = Table("Kết quả trả lời kiến nghị theo cơ quan",
                 ["Cơ quan", "Được chuyển", "Đã trả lời", "Đúng hạn", "Trễ hạn", "Chưa trả lời",
                  "Đang quá hạn", "Trả lại", "Yêu cầu trả lời lại", "Số ngày trả lời bình quân", "Tỷ lệ đúng hạn"],
                 [[c.agency, c.received, c.answered, c.on_time, c.late, c.unanswered, c.overdue_now, c.returned,
                   c.reanswer_requests, c.mean_days, summaries.pct(c.on_time, c.answered)] for c in data.cards],
                 widths=[4, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.1, 1.3, 1.4, 1.3], sheet="Phiếu đánh giá")
    items = summaries.appendix(data.items, "Danh sách kiến nghị được chuyển")
    return [card, items]


def _story(data: AgencyCardData) -> Iterator[Flowable]:
    s = STYLES
    width = frame_width("landscape")
    card, items = tables(data)
    yield from header(data.doc, width)
    yield Paragraph(esc(f"Số liệu đến ngày {fmt_date(data.as_of)}."), s["center"])
    yield from chunks(card, width)
    rated = [c for c in data.cards if c.answered]
    if rated:
        yield charts.bar_chart("Tỷ lệ trả lời đúng hạn theo cơ quan (%)", [c.agency for c in rated][:20],
                               [100 * c.on_time / c.answered for c in rated][:20], width * 0.8, unit="%",
                               value_max=100)
    yield from closing(data.doc, width)
    if data.items:
        yield from landscape_next()
        yield Paragraph(esc(items.title.upper()), s["title"])
        yield from chunks(items, width)


def build(data: AgencyCardData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, first="landscape", on_page=on_page)
