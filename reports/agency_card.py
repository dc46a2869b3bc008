"""Phiếu đánh giá cơ quan (agency report card): transferred, answered on time or late, overdue, returned, re-answer
requests, mean days to answer and the on-time rate, from the metrics module's figures per agency."""
from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable, Paragraph

from reports import charts, summaries
from reports.model import AgencyCardData, Table
from reports.official import STYLES, attached_to, build_pdf, closing, esc, frame_width, header, landscape_next
from reports.tables import chunks

CARD_COLUMNS = [*summaries.AGENCY_COLUMNS, ("returned", "Trả lại (lượt)"),
                ("reanswer_requests", "Yêu cầu trả lời lại (lượt)")]


def shown(data: AgencyCardData):
    """The agencies the card is about: those that were sent items or returned some."""
    return [c for c in data.cards if c["transferred"] or c["returned"]]


def tables(data: AgencyCardData) -> list[Table]:
    t = data.totals
    card = Table("Kết quả trả lời kiến nghị theo cơ quan",
                 ["Cơ quan", *(h for _, h in CARD_COLUMNS), "Số ngày trả lời bình quân", "Tỷ lệ đúng hạn"],
                 [[c.name, *(c[k] for k, _ in CARD_COLUMNS), c.mean_days, summaries.on_time(c)] for c in shown(data)],
                 widths=[3.6, 1.1, 1.1, 1.1, 1.1, 1.2, 1.1, 1.3, 1.1, 1.3, 1.3, 1.2],
                 total_row=["Tổng cộng", *(t[k] for k, _ in CARD_COLUMNS), t.mean_days, summaries.on_time(t)],
                 sheet="Phiếu đánh giá")
    items = summaries.appendix(data.items, "Danh sách kiến nghị được chuyển")
    return [card, items]


def _story(data: AgencyCardData) -> Iterator[Flowable]:
    s = STYLES
    width = frame_width("landscape")
    card, items = tables(data)
    yield from header(data.doc, width)
    yield from chunks(card, width)
    rated = [c for c in shown(data) if c["on_time_base"]]
    if rated:
        yield from charts.bar_charts("Tỷ lệ trả lời đúng hạn theo cơ quan (%)", [c.name for c in rated],
                                     [100 * summaries.on_time(c).value for c in rated], width * 0.8,
                                     per_chart=charts.LANDSCAPE_BARS, unit="%", value_max=100)
    last = Paragraph(esc("Tỷ lệ đúng hạn = số kiến nghị trả lời đúng hạn / (số đã trả lời + số quá hạn chưa trả lời); "
                         "“không phát sinh” khi chưa có kiến nghị nào đến hạn."), s["note"])
    yield from closing(data.doc, width, last)
    if data.totals["transferred"]:  # the items listed are the transferred ones (the figure counts them)
        yield from landscape_next()
        yield Paragraph(esc(items.title.upper()), s["title"])
        yield Paragraph(esc(attached_to(data.doc)), s["center"])
        yield from chunks(items, width)


def build(data: AgencyCardData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, first="landscape", on_page=on_page)
