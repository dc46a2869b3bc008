"""Báo cáo tổng hợp ý kiến, kiến nghị cử tri: meetings, items received and after merging, the list by field."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from reportlab.platypus import Flowable, Paragraph, Spacer

from reports import charts
from reports.model import CompilationData, ItemRow, Table
from reports.official import STYLES, build_pdf, closing, esc, frame_width, header, landscape_next
from reports.tables import chunks
from workflows.vocabulary import COMPETENCE_LEVELS


def _count_table(title: str, head: str, counts: Counter, sheet: str) -> Table:
    rows = [[name or "(Chưa xác định)", n] for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return Table(title, [head, "Số kiến nghị"], rows, widths=[6, 1.5],
                 total_row=["Tổng cộng", sum(counts.values())], sheet=sheet)


def by_field_list(items: list[ItemRow]) -> list[Table]:
    """The list grouped by field, urgent items flagged, one table per field."""
    groups: dict[str, list[ItemRow]] = {}
    for item in sorted(items, key=lambda i: (i.field or "~", i.code)):
        groups.setdefault(item.field or "(Chưa phân loại lĩnh vực)", []).append(item)
    return [Table(f"Lĩnh vực: {name}", ["Mã", "Nội dung tóm tắt", "Địa bàn", "Cơ quan đề xuất giải quyết",
                                         "Số lần gộp", "Khẩn"],
                  [[i.code, i.summary, i.locality, i.agency, i.merged_count, "Khẩn" if i.urgent else ""] for i in rows],
                  widths=[2.6, 8, 2.6, 4, 1.2, 1], sheet="Danh sách")
            for name, rows in groups.items()]


def tables(data: CompilationData) -> list[Table]:
    meetings = Table("Hội nghị tiếp xúc cử tri theo hình thức", ["Hình thức", "Số hội nghị", "Số cử tri tham dự"],
                     [list(row) for row in data.meetings_by_type], widths=[5, 1.6, 1.8],
                     total_row=["Tổng cộng", sum(r[1] for r in data.meetings_by_type),
                                sum(r[2] for r in data.meetings_by_type)], sheet="Hội nghị")
    received = Table("Tổng hợp số lượng", ["Nội dung", "Số lượng"], [
        ["Ý kiến, kiến nghị tiếp nhận", data.received],
        ["Trùng lặp, đã gộp", data.received - data.after_merging],
        ["Kiến nghị sau khi tổng hợp, gộp trùng", data.after_merging],
        ["Không phải kiến nghị (ý kiến, khiếu nại, tố cáo)", data.set_apart],
        ["Đã giải trình tại hội nghị", data.answered_at_meeting],
    ], widths=[6, 1.5], sheet="Số lượng")
    levels = Counter(COMPETENCE_LEVELS.get(i.competence_level, ("(Chưa xác định)",))[0] for i in data.items)
    return [meetings, received,
            _count_table("Kiến nghị theo thẩm quyền giải quyết", "Thẩm quyền", levels, "Theo thẩm quyền"),
            _count_table("Kiến nghị theo lĩnh vực", "Lĩnh vực", Counter(i.field for i in data.items), "Theo lĩnh vực"),
            _count_table("Kiến nghị theo cơ quan giải quyết", "Cơ quan", Counter(i.agency for i in data.items),
                         "Theo cơ quan")]


def _story(data: CompilationData) -> Iterator[Flowable]:
    s, width = STYLES, frame_width("portrait")
    yield from header(data.doc, width)
    meetings, received, levels, fields, agencies = tables(data)
    total_meetings = sum(r[1] for r in data.meetings_by_type)
    yield Paragraph(esc(
        f"Trước và sau {data.session_name}, các Tổ đại biểu đã tổ chức {total_meetings} hội nghị tiếp xúc cử tri. "
        f"Thường trực HĐND tổng hợp được {data.received} ý kiến, kiến nghị; sau khi gộp các nội dung trùng lặp "
        f"còn {data.after_merging} kiến nghị, cụ thể như sau:"), s["body"])
    for number, table in zip(("I", "II", "III", "IV", "V"), (meetings, received, levels, fields, agencies),
                             strict=True):
        yield Paragraph(esc(f"{number}. {table.title.upper()}"), s["h1"])
        yield from chunks(table, width)
        if table is fields and fields.rows:
            yield charts.bar_chart("Số kiến nghị theo lĩnh vực", [r[0] for r in fields.rows][:12],
                                   [r[1] for r in fields.rows][:12], width)
    urgent = sum(1 for i in data.items if i.urgent)
    if urgent:
        yield Paragraph(esc(f"Có {urgent} kiến nghị cần giải quyết khẩn (đánh dấu “Khẩn” trong phụ lục)."), s["body"])
    yield from closing(data.doc, width)
    yield from landscape_next()
    yield Paragraph("PHỤ LỤC: DANH SÁCH KIẾN NGHỊ THEO LĨNH VỰC", s["title"])
    yield Spacer(1, 6)
    for table in by_field_list(data.items):
        yield Paragraph(esc(table.title), s["h2"])
        yield from chunks(table, frame_width("landscape"))


def build(data: CompilationData, on_page=None) -> bytes:
    return build_pdf(_story(data), title=data.doc.subject, on_page=on_page)
