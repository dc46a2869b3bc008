"""Báo cáo kiến nghị quá hạn (for the standing committee): as of a date, by agency, with the days late."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from reportlab.platypus import Flowable, Paragraph

from reports import charts
from reports.model import OverdueData, Table
from reports.official import STYLES, build_pdf, closing, esc, fmt_date, frame_width, header, landscape_next
from reports.tables import chunks


def tables(data: OverdueData) -> list[Table]:
    per_agency: dict[str, list[int]] = defaultdict(list)
    for item in data.items:
        per_agency[item.agency].append(item.days_late)
    summary = Table("Số kiến nghị quá hạn theo cơ quan",
                    ["Cơ quan giải quyết", "Số kiến nghị quá hạn", "Quá hạn lâu nhất (ngày)", "Bình quân (ngày)"],
                    [[a, len(d), max(d), round(sum(d) / len(d), 1)]
                     for a, d in sorted(per_agency.items(), key=lambda kv: (-len(kv[1]), kv[0]))],
                    widths=[5, 1.6, 1.6, 1.6], total_row=["Tổng cộng", len(data.items), "", ""], sheet="Theo cơ quan")
    rows = sorted(data.items, key=lambda i: (i.agency, -i.days_late, i.code))
    detail = Table("Danh sách kiến nghị quá hạn",
                   ["Mã", "Nội dung tóm tắt", "Cơ quan giải quyết", "Ngày chuyển", "Hạn trả lời", "Số ngày quá hạn",
                    "Trạng thái"],
                   [[i.code, i.summary, i.agency, i.transferred_on, i.due_date, i.days_late, i.status_label]
                    for i in rows], widths=[2.6, 7, 3.5, 1.8, 1.8, 1.4, 2.6], sheet="Danh sách quá hạn")
    return [summary, detail]


def _story(data: OverdueData) -> Iterator[Flowable]:
    s, width = STYLES, frame_width("portrait")
    yield from header(data.doc, width)
    summary, detail = tables(data)
    yield Paragraph(esc(f"Đến ngày {fmt_date(data.as_of)}, có {len(data.items)} kiến nghị đã quá hạn trả lời "
                        f"tại {len(summary.rows)} cơ quan."), s["body"])
    yield from chunks(summary, width)
    if summary.rows:
        yield charts.bar_chart("Số kiến nghị quá hạn theo cơ quan", [r[0] for r in summary.rows][:15],
                               [r[1] for r in summary.rows][:15], width)
    yield from closing(data.doc, width)
    yield from landscape_next()
    yield Paragraph(esc(detail.title.upper()), s["title"])
    yield from chunks(detail, frame_width("landscape"))


def build(data: OverdueData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, on_page=on_page)
