"""Báo cáo kiến nghị quá hạn (for the standing committee): as of a date, by agency, with the days late. "Overdue" is
the metrics module's: with the agency and past the due date in force that day (never an item the agency returned)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from reportlab.platypus import Flowable, Paragraph

from reports import charts
from reports.model import OverdueData, Table
from reports.official import STYLES, attached_to, build_pdf, closing, esc, frame_width, header, landscape_next
from reports.tables import chunks
from workflows.collation import sort_key


def tables(data: OverdueData) -> list[Table]:
    days: dict[str, list[int]] = defaultdict(list)
    for item in data.items:
        days[item.agency].append(item.days_late)
    rows = [[f.name, f["overdue"], f["overdue_unanswered"], f["overdue_reanswer"], f["very_overdue"],
             max(days[f.name], default=0), round(sum(days[f.name]) / len(days[f.name]), 1) if days[f.name] else None]
            for f in data.by_agency if f["overdue"]]
    t = data.totals
    summary = Table("Số kiến nghị quá hạn theo cơ quan",
                    ["Cơ quan giải quyết", "Quá hạn", "Trong đó: chưa trả lời", "Trong đó: trả lời lại",
                     "Quá hạn nghiêm trọng", "Quá hạn lâu nhất (ngày)", "Bình quân (ngày)"],
                    rows, widths=[4.5, 1.2, 1.4, 1.4, 1.4, 1.5, 1.4],
                    total_row=["Tổng cộng", t["overdue"], t["overdue_unanswered"], t["overdue_reanswer"],
                               t["very_overdue"], "", ""], sheet="Theo cơ quan")
    ordered = sorted(data.items, key=lambda i: (sort_key(i.agency), -i.days_late, i.code))
    detail = Table("Danh sách kiến nghị quá hạn",
                   ["Mã", "Nội dung tóm tắt", "Cơ quan giải quyết", "Ngày chuyển", "Hạn trả lời", "Số ngày quá hạn",
                    "Trạng thái"],
                   [[i.code, i.summary, i.agency, i.transferred_on, i.due_date, i.days_late, i.status_label]
                    for i in ordered], widths=[2.6, 7, 3.5, 1.8, 1.8, 1.4, 2.6], sheet="Danh sách quá hạn")
    return [summary, detail]


def _story(data: OverdueData) -> Iterator[Flowable]:
    s, width, t = STYLES, frame_width("portrait"), data.totals
    yield from header(data.doc, width)
    summary, detail = tables(data)
    yield Paragraph(esc(
        f"Căn cứ quy định về thời hạn trả lời kiến nghị cử tri, đến hết ngày {data.as_of:%d/%m/%Y} có "
        f"{t['overdue']} kiến nghị quá hạn trả lời tại {len(summary.rows)} cơ quan: {t['overdue_unanswered']} "
        f"kiến nghị chưa được trả lời và {t['overdue_reanswer']} kiến nghị chưa được trả lời lại theo yêu cầu; "
        f"trong đó {t['very_overdue']} kiến nghị quá hạn nghiêm trọng."), s["body"])
    yield from chunks(summary, width)
    if summary.rows:
        yield charts.bar_chart("Số kiến nghị quá hạn theo cơ quan", [r[0] for r in summary.rows][:15],
                               [r[1] for r in summary.rows][:15], width)
    last = Paragraph(esc("Đề nghị các cơ quan khẩn trương trả lời các kiến nghị quá hạn nêu trên."), s["body"])
    yield from closing(data.doc, width, last)
    yield from landscape_next()
    yield Paragraph(esc(detail.title.upper()), s["title"])
    yield Paragraph(esc(attached_to(data.doc)), s["center"])
    yield from chunks(detail, frame_width("landscape"))


def build(data: OverdueData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, on_page=on_page)
