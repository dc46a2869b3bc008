"""Reading an office's summary spreadsheet (bảng tổng hợp kiến nghị cử tri) into plain rows.

The shape is the one offices circulate after a round of voter meetings (see
../shared/data/sample_kien_nghi.xlsx): a title block, one header row, Roman-numbered field sections
as merged rows, numbered items, a closing "Tổng cộng: N kiến nghị" line. Columns are found by their
header text, so their order and extra columns do not matter. Nothing here touches the database:
problems are collected with their row numbers so the import can refuse the whole file at once.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from app.services.text import fold_words
from workflows.messages import Problem

# Column key -> header texts (folded) that name it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("stt", "tt", "so tt"),
    "content": ("noi dung kien nghi", "noi dung y kien kien nghi", "noi dung"),
    "locality": ("dia phuong", "xa phuong"),
    "constituency": ("don vi bau cu",),
    "held_on": ("ngay tiep xuc", "ngay"),
    "place": ("dia diem tiep xuc", "dia diem"),
    "agency": ("co quan giai quyet", "co quan chu tri", "co quan"),
    "note": ("ghi chu",),
}
MAX_ROWS = 5000
_HEADER_SEARCH_ROWS = 40
_SECTION = re.compile(r"^\s*([IVXLC]+|[A-Z]|\d+)\s*[.)/-]\s*(.+)$")
_TOTAL = re.compile(r"^tong cong\D*(\d+)")
_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


@dataclass
class SheetRow:
    row: int  # the spreadsheet's own row number, as the clerk sees it in Excel
    content: str
    section: str = ""
    locality: str = ""
    constituency: str = ""
    held_on: date | None = None
    place: str = ""
    agency: str = ""
    note: str = ""


@dataclass
class Sheet:
    title: list[str] = field(default_factory=list)  # the lines above the header (body, title, session)
    rows: list[SheetRow] = field(default_factory=list)
    declared_total: int | None = None
    problems: list[Problem] = field(default_factory=list)  # "Dòng 12: ..." for the clerk

    def timing(self) -> str | None:
        """"trước"/"sau" kỳ họp as written in the title block, if it says."""
        for line in self.title:
            folded = fold_words(line)
            if re.search(r"\btruoc ky hop\b", folded):
                return "before"
            if re.search(r"\bsau ky hop\b", folded):
                return "after"
        return None

    def session_number(self) -> int | None:
        for line in self.title:
            match = re.search(r"\bky hop thu (\d+)\b", fold_words(line))
            if match:
                return int(match.group(1))
        return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value) -> date | None:
    """A real Excel date or dd/mm/yyyy text; ValueError otherwise."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value))
    if not match:
        raise ValueError(value)
    day, month, year = (int(g) for g in match.groups())
    return date(year, month, day)


def _columns(cells: tuple) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(cells):
        name = fold_words(_text(value))
        for key, names in COLUMNS.items():
            if key not in found and name in names:
                found[key] = index
                break
    return found


def read(data: bytes) -> Sheet:
    """Parse the first worksheet; every problem is reported, none raised."""
    sheet = Sheet()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        sheet.problems.append(Problem("Tệp không phải bảng tính Excel (.xlsx)."))
        return sheet
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same clear answer
        sheet.problems.append(Problem("Không đọc được tệp như một bảng tính Excel (.xlsx)."))
        return sheet
    try:
        _read_rows(workbook.worksheets[0], sheet)
    finally:
        workbook.close()
    return sheet


def _read_rows(worksheet, sheet: Sheet) -> None:
    columns: dict[str, int] = {}
    section = ""
    for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        texts = [_text(c) for c in cells]
        if not columns:
            found = _columns(cells)
            if "content" in found:
                columns = found
            elif number > _HEADER_SEARCH_ROWS:
                break
            elif any(texts):
                sheet.title.append(" ".join(t for t in texts if t))
            continue
        if not any(texts):
            continue
        content = texts[columns["content"]] if columns["content"] < len(texts) else ""
        first = next((t for t in texts if t), "")
        if not content:
            total = _TOTAL.match(fold_words(first))
            if total:
                sheet.declared_total = int(total.group(1))
            elif _is_section(texts, columns):
                match = _SECTION.match(first)
                section = match.group(2).strip() if match else first
            else:
                sheet.problems.append(Problem("Dòng %(row)s: thiếu nội dung kiến nghị.", row=number))
            continue
        if len(sheet.rows) >= MAX_ROWS:
            sheet.problems.append(Problem("Tệp có quá %(n)s kiến nghị; hãy chia thành nhiều tệp.", n=MAX_ROWS))
            return
        sheet.rows.append(_row(number, texts, cells, columns, section, sheet.problems))
    if not columns:
        sheet.problems.append(Problem("Không tìm thấy dòng tiêu đề có cột “Nội dung kiến nghị”."))
    elif not sheet.rows and not sheet.problems:
        sheet.problems.append(Problem("Tệp không có kiến nghị nào."))
    elif sheet.declared_total is not None and sheet.declared_total != len(sheet.rows):
        sheet.problems.append(Problem(
            "Dòng tổng cộng ghi %(declared)s kiến nghị nhưng bảng có %(found)s dòng kiến nghị; kiểm tra lại tệp.",
            declared=sheet.declared_total, found=len(sheet.rows)))


def _is_section(texts: list[str], columns: dict[str, int]) -> bool:
    """A heading row ("II. LĨNH VỰC Y TẾ"): one text, not a bare item number left without its content."""
    filled = [(i, t) for i, t in enumerate(texts) if t]
    if len(filled) != 1:
        return False
    index, text = filled[0]
    return not (index == columns.get("number") and text.isdigit())


def _row(number: int, texts: list[str], cells: tuple, columns: dict[str, int], section: str,
         problems: list[Problem]) -> SheetRow:
    def cell(key: str) -> str:
        index = columns.get(key)
        return texts[index] if index is not None and index < len(texts) else ""

    row = SheetRow(row=number, content=cell("content"), section=section, locality=cell("locality"),
                   constituency=cell("constituency"), place=cell("place"), agency=cell("agency"),
                   note=cell("note"))
    if "held_on" in columns and columns["held_on"] < len(cells):
        try:
            row.held_on = _date(cells[columns["held_on"]])
        except ValueError:
            problems.append(Problem("Dòng %(row)s: ngày tiếp xúc “%(value)s” không hợp lệ (dd/mm/yyyy).",
                                    row=number, value=cell("held_on")))
    if "place" in columns and row.held_on is not None and not row.place:
        problems.append(Problem("Dòng %(row)s: có ngày tiếp xúc nhưng thiếu địa điểm tiếp xúc.", row=number))
    if row.place and row.held_on is None and cell("held_on") == "":
        problems.append(Problem("Dòng %(row)s: có địa điểm tiếp xúc nhưng thiếu ngày tiếp xúc.", row=number))
    if len(row.content) > 20000:
        problems.append(Problem("Dòng %(row)s: nội dung quá dài (tối đa 20.000 ký tự).", row=number))
    return row
