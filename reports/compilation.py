"""Báo cáo tổng hợp ý kiến, kiến nghị cử tri: meetings, what was received and what became of it (the quantities
add up: received after merging = set apart + answered at the meeting + recommendations, and the recommendations
by their state), counts by competence level, field and agency, and the list by field."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby

from reportlab.platypus import Flowable, Paragraph

from reports import charts, summaries
from reports.model import NO_FIELD_COMPILED, CompilationData, Figures, ItemRow, Percent, Table
from reports.official import STYLES, appendix_head, build_pdf, closing, esc, frame_width, header
from reports.tables import chunks
from workflows.vocabulary import SET_ASIDE_KINDS

# The recommendations by what became of them, in the order of the lifecycle; they add up to "recommendations".
OUTCOMES = [("forwarded", "Chuyển Đoàn ĐBQH (thẩm quyền Trung ương)"), ("withdrawn", "Cử tri rút, hủy"),
            ("with_office", "Đang tổng hợp, chờ chuyển (kể cả bị trả lại)"),
            ("with_agency", "Đã chuyển, cơ quan đang giải quyết"), ("awaiting_review", "Đã trả lời, chờ đánh giá"),
            ("on_roadmap", "Đang giải quyết theo lộ trình"), ("closed", "Đã kết thúc")]


def quantities(t: Figures) -> Table:
    """Received (after merging) = set apart + answered at the meeting + recommendations; the recommendations
    split by their state. Rows marked "-" are parts of the first row, rows marked "+" parts of the "-" row above."""
    rows = [["Ý kiến, kiến nghị tiếp nhận (sau khi gộp trùng)", t["received"]],
            ["- Không phải kiến nghị (ý kiến, khiếu nại, tố cáo)", t["set_aside"]],
            *[[f"   + {label}", t[f"set_aside_{kind}"]] for kind, (label, _) in SET_ASIDE_KINDS.items()],
            ["- Đã giải trình tại hội nghị", t["answered_at_meeting"]],
            ["- Kiến nghị cần giải quyết", t["recommendations"]],
            *[[f"   + {label}", t[key]] for key, label in OUTCOMES],
            ["Trùng lặp, đã gộp vào kiến nghị khác (không tính ở trên)", t["merged"]]]
    return Table("Tổng hợp số lượng", ["Nội dung", "Số lượng"], rows, widths=[6, 1.5], sheet="Số lượng")


def _count_table(title: str, head: str, figures: list[Figures], whole: int, sheet: str) -> Table:
    rows = [[f.name, f["recommendations"], Percent(f["recommendations"], whole)]
            for f in figures if f["recommendations"]]
    return Table(title, [head, "Số kiến nghị", "Tỷ lệ"], rows, widths=[6, 1.5, 1.3],
                 total_row=["Tổng cộng", whole, Percent(whole, whole)], sheet=sheet)


def by_field_list(items: Iterable[ItemRow]) -> Iterator[Table]:
    """The list grouped by field, urgent items flagged, one table per field: the items come by field in Vietnamese
    alphabetical order (NO_FIELD_COMPILED for those without one), then by code; a table's rows must be read before
    the next table is asked for."""
    for name, group in groupby(items, key=lambda i: i.field or NO_FIELD_COMPILED):
        yield Table(f"Lĩnh vực: {name}", ["Mã", "Nội dung tóm tắt", "Địa bàn", "Cơ quan đề xuất giải quyết",
                                           "Trạng thái", "Số lần gộp", "Khẩn"],
                    ([i.code, i.summary, i.sources or i.locality, i.agency, i.status_label, i.merged_count,
                      "Khẩn" if i.urgent else ""] for i in group),
                    widths=[2.6, 7, 2.6, 3.6, 2.6, 1.2, 1], sheet="Danh sách", group=name)


def tables(data: CompilationData) -> list[Table]:
    t = data.totals
    meetings = Table("Hội nghị tiếp xúc cử tri theo hình thức", ["Hình thức", "Số hội nghị", "Số cử tri tham dự"],
                     [list(row) for row in data.meetings_by_type], widths=[5, 1.6, 1.8],
                     total_row=["Tổng cộng", sum(r[1] for r in data.meetings_by_type),
                                sum(r[2] for r in data.meetings_by_type)], sheet="Hội nghị")
    return [meetings, quantities(t), summaries.by_level(data.by_level, t),
            _count_table("Kiến nghị theo lĩnh vực", "Lĩnh vực", data.by_field, t["recommendations"], "Theo lĩnh vực"),
            _count_table("Kiến nghị theo cơ quan giải quyết", "Cơ quan", data.by_agency, t["recommendations"],
                         "Theo cơ quan")]


def _story(data: CompilationData) -> Iterator[Flowable]:
    s, width, t = STYLES, frame_width("portrait"), data.totals
    yield from header(data.doc, width)
    meetings, received, levels, fields, agencies = tables(data)
    total_meetings = sum(r[1] for r in data.meetings_by_type)
    yield Paragraph(esc(
        f"Thực hiện quy định về tiếp xúc cử tri, trước và sau {data.session_name}, các Tổ đại biểu đã tổ chức "
        f"{total_meetings} hội nghị tiếp xúc cử tri. Thường trực HĐND tổng hợp được {t['received'] + t['merged']} "
        f"ý kiến, kiến nghị; sau khi gộp các nội dung trùng lặp còn {t['received']} ý kiến, kiến nghị, trong đó "
        f"{t['recommendations']} kiến nghị cần giải quyết, cụ thể như sau:"), s["body"])
    for number, table in zip(("I", "II", "III", "IV", "V"), (meetings, received, levels, fields, agencies),
                             strict=True):
        yield Paragraph(esc(f"{number}. {table.title.upper()}"), s["h1"])
        yield from chunks(table, width, numbered=table is not received)
        if table is fields and fields.rows:
            yield charts.bar_chart("Số kiến nghị theo lĩnh vực", [r[0] for r in fields.rows][:12],
                                   [r[1] for r in fields.rows][:12], width)
    urgent = t["urgent"]
    last = Paragraph(esc(f"Có {urgent} kiến nghị cần giải quyết khẩn (đánh dấu “Khẩn” trong phụ lục)." if urgent else
                         "Thường trực HĐND đề nghị các cơ quan giải quyết, trả lời cử tri đúng thời hạn."), s["body"])
    yield from closing(data.doc, width, last)
    yield from appendix_head(data.doc, "PHỤ LỤC: DANH SÁCH KIẾN NGHỊ THEO LĨNH VỰC")
    for table in by_field_list(data.items_by_field):
        yield Paragraph(esc(table.title), s["h2"])
        yield from chunks(table, frame_width("landscape"))


def build(data: CompilationData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, on_page=on_page)
