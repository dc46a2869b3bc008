"""The plain data the builders take: document particulars, item rows and summary tables (no ORM objects).

Item rows come as iterables in the order they are printed: a list in tests, or rows read from the database while
the document is laid out (app/services/reporting/rows.py), so a builder iterates them once, in order, and never
counts, sorts or indexes them; what it prints about them as a whole comes with the figures."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

# The group of the items without a field, as each appendix grouped by field names it (its rows come in that order).
NO_FIELD = "(Chưa xác định)"  # the results report's appendix
NO_FIELD_COMPILED = "(Chưa phân loại lĩnh vực)"  # the compilation report's list


@dataclass
class DocInfo:
    """Thể thức văn bản (Decree 30/2020/NĐ-CP): who issues it, its number, place, date and signature."""

    title: str
    subject: str
    issued_on: date  # the date the document is issued (the date line)
    as_of: date | None = None  # "Số liệu tính đến ngày ...": the cut-off of its figures, distinct from the issue date
    issuer: str = "HĐND THÀNH PHỐ HÀ NỘI"
    issuer_unit: str = "THƯỜNG TRỰC HĐND"
    number: str = "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-HĐND"  # no-break spaces: the clerk writes the number in
    place: str = "Hà Nội"
    recipients: list[str] = field(default_factory=lambda: [
        "Thường trực HĐND Thành phố;", "Các Ban HĐND Thành phố;", "UBND Thành phố;",
        "Các đại biểu HĐND Thành phố;", "Lưu: VT."])
    filters: list[str] = field(default_factory=list)  # what the figures are restricted to ("Kỳ họp: ...")
    signer_capacity: str = "TM. THƯỜNG TRỰC HĐND"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""


@dataclass
class Figures:
    """The figures of a scope or of one group of it (an agency, a field, a competence level), as computed by the
    metrics module (docs/METRICS.md): counts by key, and the on-time rate (None: nothing was due)."""

    name: str = ""
    code: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    id: int | None = None  # the group's row (agency id, field id), for links
    on_time_rate: float | None = None
    parent: str = ""  # the committee of a field

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)

    @property
    def mean_days(self) -> float | None:
        """Mean calendar days from the first transfer to the first answer, over the answered items."""
        return round(self["answer_days"] / self["answered"], 1) if self["answered"] else None

    @property
    def mean_days_overdue(self) -> float | None:
        """Mean calendar days past the due date, over the overdue items."""
        return round(self["days_overdue"] / self["overdue"], 1) if self["overdue"] else None


@dataclass
class ItemRow:
    """One recommendation as a report line, as it stood on the report's cut-off date."""

    code: str
    summary: str
    locality: str = ""
    field: str = ""
    committee: str = ""
    agency: str = ""
    status: str = ""
    status_label: str = ""
    result_category: str | None = None
    competence_level: str | None = None
    transferred_on: date | None = None
    due_date: date | None = None
    answered_on: date | None = None
    expected_date: date | None = None
    answer_summary: str = ""
    session_number: int | None = None
    sessions_outstanding: int = 0
    reanswer_count: int = 0
    urgent: bool = False
    merged_count: int = 0
    sources: str = ""  # when duplicates were merged into it: every locality (meeting, date) it was raised at
    days_late: int = 0
    content: str = ""  # the voters' full text
    answer_text: str = ""  # the full text of the latest answer submitted by the cut-off
    answer_letter: str = ""  # its letter's number and date, "123/SXD-VP ngày 05/08/2026" (the PDF's form)
    answer_letter_number: str = ""  # the same letter apart, for the spreadsheets: its number ...
    answer_letter_date: date | None = None  # ... and its date, a real date cell
    answered_late: bool = False
    very_overdue: bool = False
    progress: str = ""  # the latest progress report on a roadmap: "60 % (12/10/2026): text"


@dataclass(frozen=True)
class Percent:
    """A share printed as "80,0%" (PDF) or stored as the number 0.8 with a percent format (Excel); None when there
    is nothing to divide by, printed "không phát sinh" rather than a misleading 0 %."""

    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def __str__(self) -> str:
        return NOT_APPLICABLE if self.value is None else f"{100 * self.value:.1f}%".replace(".", ",")


NOT_APPLICABLE = "không phát sinh"


class Mapped:
    """Table rows made from items as they are read: `make(item)` per item, at each iteration (a table of 40,000
    items never holds 40,000 rows)."""

    def __init__(self, items: Iterable, make):
        self.items, self.make = items, make

    def __iter__(self):
        return map(self.make, self.items)


@dataclass
class Table:
    """A titled table shared by the PDF and the spreadsheet: header texts and rows of plain values (a list, or rows
    made as they are read: a builder iterates them once)."""

    title: str
    headers: list[str]
    rows: Iterable[list]
    widths: list[float] | None = None  # relative column widths
    total_row: list | None = None
    sheet: str = ""  # short sheet name for Excel
    group: str = ""  # a heading above the table in the PDF and a first column in Excel (appendix grouped by field)


@dataclass
class ListData:
    """A filtered list of items, exported as a spreadsheet."""

    doc: DocInfo
    items: Iterable[ItemRow]
    count: int = 0  # how many items the list holds


@dataclass
class TimelineEntry:
    at: datetime | None  # local time (APP_TIMEZONE), naive: a real timestamp in Excel, "16:00 05/06/2026" in the PDF
    actor: str
    action: str
    detail: str = ""


@dataclass
class ResultsData:
    doc: DocInfo
    session_name: str
    as_of: date
    items: Iterable[ItemRow]  # every item transferred by the cut-off (the appendix), by field (NO_FIELD), then code
    totals: Figures = field(default_factory=Figures)
    by_agency: list[Figures] = field(default_factory=list)
    by_field: list[Figures] = field(default_factory=list)
    by_level: list[Figures] = field(default_factory=list)
    previous: Figures | None = None  # the previous session's items, as of its own report
    previous_name: str = ""
    roadmap: Iterable[ItemRow] = field(default_factory=list)  # by code
    # Open across two sessions or more, any session: the most sessions outstanding first, then by code.
    backlog: Iterable[ItemRow] = field(default_factory=list)
    not_accepted: Iterable[ItemRow] = field(default_factory=list)  # answers not accepted, asked again; by code
    assessment: str = ""  # written by the committee in the report form, kept with the report run
    responsible: str = ""  # the agencies the committee holds responsible


@dataclass
class CompilationData:
    doc: DocInfo
    session_name: str
    meetings_by_type: list[tuple[str, int, int]]  # type label, meetings, voters
    totals: Figures
    items: Iterable[ItemRow]  # the recommendations (after merging) still to be followed, by code (the spreadsheet)
    by_level: list[Figures] = field(default_factory=list)
    by_field: list[Figures] = field(default_factory=list)
    by_agency: list[Figures] = field(default_factory=list)
    as_of: date | None = None
    # The same items by field (NO_FIELD_COMPILED), then code: the PDF's list grouped by field.
    items_by_field: Iterable[ItemRow] = field(default_factory=list)


@dataclass
class OverdueData:
    doc: DocInfo
    as_of: date
    items: Iterable[ItemRow]  # by lead agency (Vietnamese order), the longest overdue first, then by code
    totals: Figures = field(default_factory=Figures)
    by_agency: list[Figures] = field(default_factory=list)


@dataclass
class AgencyCardData:
    doc: DocInfo
    as_of: date
    cards: list[Figures]  # one per agency; counts include "mean_days" (None: nothing answered)
    items: Iterable[ItemRow]  # the items transferred, by code
    totals: Figures = field(default_factory=Figures)


@dataclass
class ItemSheetData:
    doc: DocInfo
    item: ItemRow
    content: str
    fields: list[tuple[str, str | date]]  # dates kept as dates: real date cells in the workbook
    answers: list[tuple[str, str]]
    timeline: list[TimelineEntry]
    progress: list[tuple[date, int, str]] = field(default_factory=list)  # roadmap progress: date, percent, text
    # answers sent back: which, the day the new answer was requested, and why
    rejected: list[tuple[str, date | None, str]] = field(default_factory=list)
