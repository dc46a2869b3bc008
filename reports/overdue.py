"""Báo cáo kiến nghị quá hạn (for the standing committee): as of a date, by agency, with the days late. "Overdue" is
the metrics module's: with the agency and past the due date in force that day (never an item the agency returned)."""
from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable, Paragraph

from reports import charts
from reports.model import Mapped, OverdueData, Table
from reports.official import STYLES, appendix_head, build_pdf, closing, esc, frame_width, header
from reports.tables import chunks


def tables(data: OverdueData) -> list[Table]:
    rows = [[f.name, f["overdue"], f["overdue_unanswered"], f["overdue_reanswer"], f["very_overdue"],
             f["longest_overdue"], f.mean_days_overdue] for f in data.by_agency if f["overdue"]]
    t = data.totals
    summary = Table("Số kiến nghị quá hạn theo cơ quan",
                    ["Cơ quan giải quyết", "Quá hạn", "Trong đó: chưa trả lời", "Trong đó: trả lời lại",
                     "Quá hạn nghiêm trọng", "Quá hạn lâu nhất (ngày)", "Bình quân (ngày)"],
                    rows, widths=[4.5, 1.2, 1.4, 1.4, 1.4, 1.5, 1.4],
                    total_row=["Tổng cộng", t["overdue"], t["overdue_unanswered"], t["overdue_reanswer"],
                               t["very_overdue"], "", ""], sheet="Theo cơ quan")
    # The items come by agency (Vietnamese order), the longest overdue first, then by code.
    detail = Table("Danh sách kiến nghị quá hạn",
                   ["Mã", "Nội dung tóm tắt", "Cơ quan giải quyết", "Ngày chuyển", "Hạn trả lời", "Số ngày quá hạn",
                    "Trạng thái"],
                   Mapped(data.items, lambda i: [i.code, i.summary, i.agency, i.transferred_on, i.due_date,
                                                 i.days_late, i.status_label]),
                   widths=[2.6, 7, 3.5, 1.8, 1.8, 1.4, 2.6], sheet="Danh sách quá hạn")
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
    yield from appendix_head(data.doc, detail.title.upper(), space_after=0)
    yield from chunks(detail, frame_width("landscape"))


def build(data: OverdueData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, on_page=on_page)
