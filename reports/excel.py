"""Spreadsheets (openpyxl): each report table as a sheet with Vietnamese headers, real dates and set widths."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.model import DocInfo, ItemRow, Table
from workflows.vocabulary import RESULT_CATEGORIES, label

DATE_FORMAT = "DD/MM/YYYY"
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60


def _sheet_name(name: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ , unique in the workbook.
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate in used:
        suffix = f" ({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate


def _width(table: Table, column: int) -> float:
    # Measure a sample of rows: a long list must not be scanned twice just to size its columns.
    sample = [table.headers[column]] + [row[column] for row in table.rows[:200]]
    longest = max(len(v.strftime("%d/%m/%Y")) if isinstance(v, date) else len(str(v if v is not None else ""))
                  for v in sample)
    return min(max(longest + 2, 8), MAX_WIDTH)


def _cell(ws, value, bold: bool = False):
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and len(value) > MAX_WIDTH:
        cell.alignment = WRAP
    if bold:
        cell.font = HEAD_FONT
    return cell


def workbook(tables: list[Table], doc: DocInfo | None = None) -> bytes:
    """One sheet per table (write-only mode, so a 20,000-row list streams with bounded memory)."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table.sheet or table.title, used))
        for i in range(len(table.headers)):
            ws.column_dimensions[get_column_letter(i + 1)].width = _width(table, i)
        ws.freeze_panes = "A3" if doc else "A2"
        if doc:
            ws.append([_cell(ws, f"{table.title} — {doc.subject}", bold=True)])
        head = []
        for text in table.headers:
            cell = _cell(ws, text, bold=True)
            cell.fill, cell.alignment = HEAD_FILL, WRAP
            head.append(cell)
        ws.append(head)
        for row in table.rows:
            ws.append([_cell(ws, v) for v in row])
        if table.total_row:
            ws.append([_cell(ws, v, bold=True) for v in table.total_row])
    if not tables:
        wb.create_sheet("Trống")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def items_table(items: list[ItemRow], title: str = "Danh sách kiến nghị") -> Table:
    """The columns of a petition list export."""
    headers = ["Mã", "Nội dung tóm tắt", "Địa bàn", "Lĩnh vực", "Cơ quan chủ trì", "Trạng thái", "Kỳ họp",
               "Ngày chuyển", "Hạn trả lời", "Ngày trả lời", "Kết quả", "Số ngày quá hạn", "Khẩn"]
    rows = [[i.code, i.summary, i.locality, i.field, i.agency, i.status_label, i.session_number, i.transferred_on,
             i.due_date, i.answered_on, label(RESULT_CATEGORIES, i.result_category), i.days_late,
             "Có" if i.urgent else ""] for i in items]
    return Table(title, headers, rows, sheet="Danh sách")
