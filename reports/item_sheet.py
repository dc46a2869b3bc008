"""Phiếu theo dõi một kiến nghị: the detail page as a PDF (an extract, so it carries no document number): the facts,
the answers with their letters, the answers not accepted and why, the roadmap's progress, and the timeline."""
from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable, Paragraph

from reports.model import ItemSheetData, Table
from reports.official import STYLES, build_pdf, esc, frame_width, header
from reports.tables import chunks


def tables(data: ItemSheetData) -> list[Table]:
    facts = Table("Thông tin kiến nghị", ["Mục", "Nội dung"], [list(f) for f in data.fields], widths=[1, 3],
                  sheet="Thông tin")
    answers = Table("Văn bản trả lời", ["Văn bản", "Nội dung trả lời"], [list(a) for a in data.answers],
                    widths=[1.3, 3], sheet="Trả lời")
    rejected = Table("Trả lời chưa được chấp nhận", ["Trả lời", "Ngày yêu cầu trả lời lại", "Lý do"],
                     [list(r) for r in data.rejected], widths=[1.5, 1, 3], sheet="Chưa chấp nhận")
    progress = Table("Tiến độ thực hiện theo lộ trình", ["Ngày báo cáo", "Tỷ lệ hoàn thành (%)", "Nội dung"],
                     [list(p) for p in data.progress], widths=[1.2, 1, 4], sheet="Tiến độ")
    timeline = Table("Quá trình xử lý", ["Thời điểm", "Người thực hiện", "Thao tác", "Ghi chú"],
                     [[t.at, t.actor, t.action, t.detail] for t in data.timeline], widths=[1.3, 2, 2.2, 4],
                     sheet="Quá trình")
    return [facts, answers, rejected, progress, timeline]


def _story(data: ItemSheetData) -> Iterator[Flowable]:
    s, width = STYLES, frame_width("portrait")
    yield from header(data.doc, width)
    yield Paragraph("<b>Nội dung kiến nghị:</b> " + esc(data.content), s["body"])
    for table in tables(data):
        yield Paragraph(esc(table.title), s["h1"])
        yield from chunks(table, width, numbered=table.sheet in ("Quá trình", "Tiến độ"))


def build(data: ItemSheetData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, on_page=on_page)
