"""Reading an office's summary spreadsheet (bảng tổng hợp kiến nghị cử tri) into plain rows.

Any office's layout: a title block of any height, a header found by content (services/imports/columns.py) over one
or two rows, field sections as merged rows ("II. LĨNH VỰC Y TẾ"), numbered items, then a footer ("Tổng cộng: N",
"Tổng số: N ý kiến, kiến nghị") checked against the rows read, and signature lines that are not items. Several
sheets: one chosen, or every sheet that has a header (the others are named, not silently passed over).
The file is measured first (safety.py); nothing here touches the database: problems are collected with their row
and column so the import can refuse the whole file at once, and every row left out is said in `skipped`.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl.utils import get_column_letter

from app.models import Agency, Petition, VoterMeeting
from app.services import dates
from app.services.imports import safety
from app.services.imports.columns import LABELS, Header, detect, likely_header
from app.services.text import fold, fold_words, strip_unsafe
from workflows.messages import N_, Problem

MAX_ROWS = 20000
# The columns the import writes these texts to (a locality to the item and, with no place, to its meeting).
_WIDTHS = {"locality": min(Petition.__table__.c.locality.type.length, VoterMeeting.__table__.c.locality.type.length),
           "place": VoterMeeting.__table__.c.place.type.length, "agency": Agency.__table__.c.name.type.length,
           "coordinating": Agency.__table__.c.name.type.length}
HEADER_SEARCH_ROWS = 40
PREVIEW_ROWS = 12
_SECTION = re.compile(r"^\s*([IVXLC]+|[A-Z]|\d+)\s*[.)/-]\s*(.+)$")
_SECTION_NUMBER = re.compile(r"^(?:[IVXLC]+|[A-Z])\.?$")
_TOTAL = re.compile(r"^tong (?:cong|so)\b\D*(\d+)?")
_SIGNATURE = re.compile(r"^(?:noi nhan|tm |t m |kt |k t |nguoi lap|nguoi tong hop|xac nhan|chu tich|pho chu tich|"
                        r"truong ban|chanh van phong|giam doc|ky ten|ky ghi ro)|\bngay \d+ thang \d+ nam \d+")
_DATE = re.compile(r"^\s*(?:ngay\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$", re.IGNORECASE)
_SPLIT = re.compile(r"\s*[;\n]\s*")
_COORDINATING_MARK = re.compile(r"^(?:co quan |don vi )?phoi hop\b", re.IGNORECASE)


@dataclass
class SheetRow:
    row: int  # the spreadsheet's own row number, as the clerk sees it in Excel
    content: str
    sheet: str = ""
    section: str = ""
    locality: str = ""
    constituency: str = ""
    held_on: date | None = None
    place: str = ""
    agency: str = ""  # the lead agency as written
    coordinating: list[str] = field(default_factory=list)
    delegate_group: str = ""
    field_name: str = ""  # a "Lĩnh vực" column, which wins over the section
    note: str = ""


@dataclass
class Sheet:
    name: str
    title: list[str] = field(default_factory=list)  # the lines above the header (body, title, session)
    header: Header | None = None
    rows: list[SheetRow] = field(default_factory=list)
    declared_total: int | None = None
    first_rows: list[list[str]] = field(default_factory=list)  # for the mapping page
    likely: tuple[int, list[str]] = (0, [])  # (row, labels) of what looks most like its header, when unrecognised


@dataclass
class Book:
    """What was read of a workbook: the sheets imported, every problem (refusing the file), every row left out."""

    sheet_names: list[str] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    unmapped: Sheet | None = None  # a sheet whose header was not recognised: offer the mapping page

    @property
    def rows(self) -> list[SheetRow]:
        return [row for sheet in self.sheets for row in sheet.rows]

    @property
    def title(self) -> list[str]:
        return [line for sheet in self.sheets for line in sheet.title]

    @property
    def declared_total(self) -> int | None:
        totals = [s.declared_total for s in self.sheets]
        return sum(totals) if totals and None not in totals else None  # type: ignore[arg-type]

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
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(strip_unsafe(str(value)).split())  # no NUL or direction override reaches the database


def _date(value) -> date | None:
    """A real Excel date or d/m/yyyy text; ValueError otherwise."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(fold(str(value)))
    if not match:
        raise ValueError(value)
    day, month, year = (int(g) for g in match.groups())
    return date(year, month, day)


def read(data: bytes, *, sheet: str | None = None, mapping: dict[str, str] | None = None,
         remembered: dict[str, dict[str, str]] | None = None) -> Book:
    """Measure, then parse the chosen sheet (or every sheet with a header); every problem reported, none raised."""
    book = Book()
    book.problems = safety.check(data)
    if book.problems:
        return book
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same clear answer
        book.problems.append(Problem("Tệp .xlsx bị hỏng, không đọc được: hãy mở bằng Excel và lưu lại."))
        return book
    try:
        book.sheet_names = list(workbook.sheetnames)
        if sheet and sheet not in book.sheet_names:
            book.problems.append(Problem("Tệp không có trang “%(sheet)s”.", sheet=sheet))
            return book
        for name in [sheet] if sheet else book.sheet_names:
            _read_sheet(workbook[name], book, mapping, remembered, chosen=bool(sheet) or len(book.sheet_names) == 1)
    except Exception:  # noqa: BLE001 - a part broken inside the zip surfaces only while rows are read
        book.problems.append(Problem("Tệp .xlsx bị hỏng, không đọc được: hãy mở bằng Excel và lưu lại."))
    finally:
        workbook.close()
    if not book.problems and not book.sheets and book.unmapped is None:
        book.problems.append(Problem("Tệp không có trang nào có bảng kiến nghị."))
    elif not book.problems and not book.rows:
        book.problems.append(Problem("Tệp không có kiến nghị nào."))
    return book


def _read_sheet(worksheet, book: Book, mapping, remembered, *, chosen: bool) -> None:
    sheet = Sheet(worksheet.title)
    rows = worksheet.iter_rows(values_only=True)
    head: list[tuple] = []
    for cells in rows:
        head.append(cells)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    texts = [[_text(c) for c in cells] for cells in head]
    sheet.first_rows = [[t[:80] for t in row] for row in texts[:PREVIEW_ROWS]]
    header = detect(texts, mapping=mapping, remembered=remembered)
    if header is None:
        number, labels = sheet.likely = likely_header(texts)
        if chosen or (not book.sheets and book.unmapped is None and any(labels)):
            book.unmapped = book.unmapped or sheet
            found = "; ".join(f"“{t}”" for t in labels if t) or "—"
            book.problems.append(Problem(
                "Trang “%(sheet)s”: không nhận ra cột “Nội dung kiến nghị”. Các tiêu đề tìm thấy (dòng %(row)s): "
                "%(found)s. Hãy ghép các cột trên trang ghép cột.", sheet=sheet.name, row=number, found=found))
        else:
            book.skipped.append(Problem("Trang “%(sheet)s”: không có bảng kiến nghị, không nhập.", sheet=sheet.name))
        return
    sheet.header = header
    last_header = header.rows[-1]
    sheet.title = [" ".join(t for t in row if t) for row in texts[:header.rows[0] - 1] if any(row)]
    book.sheets.append(sheet)
    numbered = ((number, cells) for number, cells in enumerate(head[last_header:], start=last_header + 1))
    _read_body(sheet, book, numbered, rows, last_header + len(head[last_header:]))


def _read_body(sheet: Sheet, book: Book, numbered, rest, after: int) -> None:
    def all_rows():
        yield from numbered
        yield from enumerate(rest, start=after + 1)

    section = ""
    ended_at = None
    for number, cells in all_rows():
        texts = [_text(c) for c in cells]
        if not any(texts):
            continue
        if ended_at is not None:
            continue
        first = next(t for t in texts if t)
        folded = fold_words(first)
        total = _TOTAL.match(folded)
        if total or _SIGNATURE.search(folded):
            if total and total.group(1):
                sheet.declared_total = int(total.group(1))
            ended_at = number
            continue
        if _formulas(sheet, number, cells, book):
            continue
        content = _cell(texts, sheet.header.columns, "content")
        if _is_section(texts, sheet.header.columns, content):
            if _SECTION_NUMBER.match(first):  # "II" in the number column, the name beside it
                section = content
            else:
                match = _SECTION.match(first)
                section = match.group(2).strip() if match else first
            continue
        if not content:
            book.problems.append(_at(sheet, number, "content", N_("Dòng %(row)s, cột %(column)s (%(label)s): thiếu nội dung kiến nghị.")))
            continue
        if sum(len(s.rows) for s in book.sheets) >= MAX_ROWS:  # book.rows copies every row: O(n²)
            book.problems.append(Problem("Tệp có quá %(n)s kiến nghị; hãy chia thành nhiều tệp.", n=MAX_ROWS))
            return
        sheet.rows.append(_row(sheet, number, texts, cells, section, book))
    if ended_at is not None:
        book.skipped.append(Problem("Trang “%(sheet)s”, từ dòng %(row)s: dòng tổng cộng và phần ký tên, không nhập.",
                                    sheet=sheet.name, row=ended_at))
    if sheet.declared_total is not None and sheet.declared_total != len(sheet.rows):
        book.problems.append(Problem(
            "Dòng tổng cộng (trang “%(sheet)s”, dòng %(row)s) ghi %(declared)s kiến nghị nhưng bảng có %(found)s dòng "
            "kiến nghị; kiểm tra lại tệp.", sheet=sheet.name, row=ended_at, declared=sheet.declared_total,
            found=len(sheet.rows)))


def _column_name(sheet: Sheet, key: str) -> tuple[str, str]:
    index = sheet.header.columns[key]
    label = sheet.header.labels[index] if index < len(sheet.header.labels) else ""
    return get_column_letter(index + 1), label or LABELS[key]


def _at(sheet: Sheet, number: int, key: str, what: str, **params) -> Problem:
    """A problem named by row and column, as the clerk finds it in Excel: "Dòng 7, cột E (Ngày tiếp xúc): ..."."""
    letter, label = _column_name(sheet, key)
    return Problem(what, row=number, column=letter, label=label, **params)


def _formulas(sheet: Sheet, number: int, cells: tuple, book: Book) -> bool:
    """A formula's value is whatever Excel last computed (or nothing): the office must paste values instead."""
    found = False
    for index, value in enumerate(cells):
        if isinstance(value, str) and value.startswith("="):
            book.problems.append(Problem(
                "Dòng %(row)s, cột %(column)s: có công thức “%(formula)s”; hãy dán giá trị (Paste Values) rồi nhập lại.",
                row=number, column=get_column_letter(index + 1), formula=value[:40]))
            found = True
    return found


def _cell(texts: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return texts[index] if index is not None and index < len(texts) else ""


def _is_section(texts: list[str], columns: dict[str, int], content: str) -> bool:
    """A heading row ("II. LĨNH VỰC Y TẾ", or "II" then the name): not a bare item number left without content."""
    filled = [(i, t) for i, t in enumerate(texts) if t]
    if len(filled) == 2 and _SECTION_NUMBER.match(filled[0][1]) and filled[1][1] == content:
        return True
    if len(filled) != 1:
        return False
    index, text = filled[0]
    return not (index == columns.get("number") and text.isdigit())


def _agencies(lead: str, coordinating: str) -> tuple[str, list[str]]:
    """The lead agency and the coordinating ones: one column may hold both ("Sở Y tế; phối hợp: Sở Tài chính")."""
    names = [n for n in _SPLIT.split(lead) if n]
    main, others = "", []
    for name in names:
        if _COORDINATING_MARK.match(fold_words(name)):
            others.append(name.split(":", 1)[-1].strip() if ":" in name else " ".join(name.split()[2:]))
        elif not main:
            main = name.split(":", 1)[-1].strip() if fold_words(name).startswith("chu tri") else name
        else:
            others.append(name)
    others += [n for n in _SPLIT.split(coordinating) if n]
    return main, [o for o in others if o]


def _row(sheet: Sheet, number: int, texts: list[str], cells: tuple, section: str, book: Book) -> SheetRow:
    columns = sheet.header.columns
    lead, coordinating = _agencies(_cell(texts, columns, "agency"), _cell(texts, columns, "coordinating"))
    row = SheetRow(row=number, content=_cell(texts, columns, "content"), sheet=sheet.name, section=section,
                   locality=_cell(texts, columns, "locality"), constituency=_cell(texts, columns, "constituency"),
                   place=_cell(texts, columns, "place"), agency=lead, coordinating=coordinating,
                   delegate_group=_cell(texts, columns, "delegate_group"), field_name=_cell(texts, columns, "field"),
                   note=_cell(texts, columns, "note"))
    if "held_on" in columns and columns["held_on"] < len(cells):
        value = cells[columns["held_on"]]
        try:
            row.held_on = _date(value)
        except ValueError:
            book.problems.append(_at(sheet, number, "held_on", N_("Dòng %(row)s, cột %(column)s (%(label)s): “%(value)s” không phải một ngày có thật (dd/mm/yyyy)."),
                                     value=_text(value)))
        if row.held_on is not None and not dates.plausible(row.held_on):
            book.problems.append(_at(sheet, number, "held_on", N_("Dòng %(row)s, cột %(column)s (%(label)s): ngày %(value)s nằm ngoài khoảng ngày hợp lý."),
                                     value=f"{row.held_on:%d/%m/%Y}"))
            row.held_on = None
    if row.place and row.held_on is None and _cell(texts, columns, "held_on") == "":
        book.problems.append(_at(sheet, number, "place", N_("Dòng %(row)s, cột %(column)s (%(label)s): có địa điểm tiếp xúc nhưng thiếu ngày tiếp xúc.")))
    if len(row.content) > 20000:
        book.problems.append(_at(sheet, number, "content", N_("Dòng %(row)s, cột %(column)s (%(label)s): nội dung quá dài (tối đa 20.000 ký tự).")))
    _widths(sheet, number, row, book)
    return row


def _widths(sheet: Sheet, number: int, row: SheetRow, book: Book) -> None:
    """Each text the import stores in a column of fixed width, refused when longer (cut short, a locality or an
    agency would silently become another)."""
    columns = sheet.header.columns
    agencies = [key for key in ("agency", "coordinating") if key in columns]  # either may hold both kinds
    texts = [("locality", row.locality), ("place", row.place)]
    texts += [(agencies[0] if "agency" in agencies else agencies[-1], row.agency)] if agencies else []
    texts += [(agencies[-1], name) for name in row.coordinating] if agencies else []
    for key, text in texts:
        limit = _WIDTHS[key]
        if len(text) > limit and key in columns:
            book.problems.append(_at(sheet, number, key, N_("Dòng %(row)s, cột %(column)s (%(label)s): dài %(n)s ký tự, tối đa %(limit)s ký tự."),
                                     n=len(text), limit=limit))
