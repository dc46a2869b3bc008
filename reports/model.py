"""The plain data the builders take: document particulars, item rows and summary tables (no ORM objects)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class DocInfo:
    """Thể thức văn bản (Decree 30/2020/NĐ-CP): who issues it, its number, place, date and signature."""

    title: str
    subject: str
    issued_on: date
    issuer: str = "HĐND THÀNH PHỐ HÀ NỘI"
    issuer_unit: str = "THƯỜNG TRỰC HĐND"
    number: str = "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-HĐND"  # no-break spaces: the clerk writes the number in
    place: str = "Hà Nội"
    recipients: list[str] = field(default_factory=lambda: [
        "Thường trực HĐND Thành phố;", "Các Ban HĐND Thành phố;", "UBND Thành phố;",
        "Các đại biểu HĐND Thành phố;", "Lưu: VT."])
    signer_capacity: str = "TM. THƯỜNG TRỰC HĐND"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""


@dataclass
class ItemRow:
    """One recommendation as a report line."""

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
    days_late: int = 0


@dataclass
class Table:
    """A titled table shared by the PDF and the spreadsheet: header texts and rows of plain values."""

    title: str
    headers: list[str]
    rows: list[list]
    widths: list[float] | None = None  # relative column widths
    total_row: list | None = None
    sheet: str = ""  # short sheet name for Excel


@dataclass
class TimelineEntry:
    at: str
    actor: str
    action: str
    detail: str = ""


@dataclass
class ResultsData:
    doc: DocInfo
    session_name: str
    as_of: date
    items: list[ItemRow]


@dataclass
class CompilationData:
    doc: DocInfo
    session_name: str
    meetings_by_type: list[tuple[str, int, int]]  # type label, meetings, voters
    received: int
    after_merging: int
    set_apart: int
    answered_at_meeting: int
    items: list[ItemRow]


@dataclass
class OverdueData:
    doc: DocInfo
    as_of: date
    items: list[ItemRow]


@dataclass
class AgencyCard:
    agency: str
    received: int
    answered: int
    on_time: int
    late: int
    unanswered: int
    overdue_now: int
    returned: int
    reanswer_requests: int
    mean_days: float | None


@dataclass
class AgencyCardData:
    doc: DocInfo
    as_of: date
    cards: list[AgencyCard]
    items: list[ItemRow]


@dataclass
class ItemSheetData:
    doc: DocInfo
    item: ItemRow
    content: str
    fields: list[tuple[str, str]]
    answers: list[tuple[str, str]]
    timeline: list[TimelineEntry]
