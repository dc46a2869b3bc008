"""One entry point for every report: gather the data (with permissions), build PDF or XLSX bytes, time it."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from app import clock
from app.extensions import db
from app.models import Agency, User
from app.services.errors import InvalidData
from app.services.petitions.listing import PetitionFilters
from app.services.reporting import assessments
from app.services.reporting import data as report_data
from app.services.reporting import item as report_item
from app.services.reporting.metrics import view
from reports import agency_card, compilation, excel, item_sheet, overdue, results
from reports.model import AgencyCardData, CompilationData, ItemSheetData, ListData, OverdueData, ResultsData
from workflows.messages import N_

# The documents' official Vietnamese titles; marked so the report page can show them in English too.
KINDS = {
    "results": N_("Báo cáo kết quả giải quyết kiến nghị cử tri"),
    "compilation": N_("Báo cáo tổng hợp ý kiến, kiến nghị cử tri"),
    "overdue": N_("Danh sách kiến nghị quá hạn"),
    "agency": N_("Phiếu đánh giá cơ quan giải quyết"),
    "item": N_("Phiếu theo dõi một kiến nghị"),
}
FORMATS = {"pdf": "application/pdf",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "json": "application/json"}
JSON_KINDS = ("results", "compilation", "overdue", "agency")


@dataclass
class ReportRequest:
    kind: str
    format: str = "pdf"
    session: int | None = None
    agency: int | None = None
    as_of: date | None = None
    code: str = ""
    filters: dict = field(default_factory=dict)  # list filters, for kind "list"
    # The committee's assessment as typed in the report form (results report), and the agencies it holds
    # responsible; kept by reporting/assessments, and read from there when the request carries none.
    assessment: str = ""
    responsible: str = ""


@dataclass
class ReportFile:
    filename: str
    mimetype: str
    data: bytes
    seconds: float
    rows: int


def validate(request: ReportRequest) -> None:
    if request.kind not in KINDS and request.kind != "list":
        raise InvalidData("Loại báo cáo không hợp lệ.")
    if request.format not in FORMATS:
        raise InvalidData("Định dạng phải là pdf, xlsx hoặc json.")
    if request.format == "json" and request.kind not in JSON_KINDS:
        raise InvalidData("Số liệu JSON chỉ có cho báo cáo kết quả, tổng hợp, quá hạn và phiếu đánh giá.")
    if len(request.assessment) > 20000 or len(request.responsible) > 2000:
        raise InvalidData("Phần đánh giá quá dài.")
    if request.kind == "item" and not request.code:
        raise InvalidData("Cần mã kiến nghị (KN-...) cho phiếu theo dõi.")
    if request.kind == "list" and request.format != "xlsx":
        raise InvalidData("Danh sách chỉ xuất ra Excel.")


def gather(user: User, r: ReportRequest):
    """The plain data for the report: its figures, and its item rows as sources that read them while the report is
    laid out (the permissions are decided here, in the caller's thread)."""
    validate(r)
    if r.kind == "results":
        return report_data.results(user, r.session, r.as_of, r.agency, *assessments.texts(
            user, r.kind, r.session, r.as_of, r.agency, r.assessment, r.responsible))
    if r.kind == "compilation":
        return report_data.compilation(user, r.session, r.as_of)
    if r.kind == "overdue":
        return report_data.overdue(user, r.as_of, r.agency, r.session)
    if r.kind == "agency":
        return report_data.agency_cards(user, r.as_of, r.agency, r.session)
    if r.kind == "item":
        return report_item.item_sheet(user, r.code.strip())
    return report_data.petition_list(user, PetitionFilters.from_args(r.filters), r.as_of or clock.today())


BUILDERS = {"results": results, "compilation": compilation, "overdue": overdue, "agency": agency_card,
            "item": item_sheet}


# The figure that counts a report's item rows (the rows themselves are read while the report is built).
ROWS_FIGURE = {ResultsData: "transferred", CompilationData: "recommendations", OverdueData: "overdue",
               AgencyCardData: "transferred"}


def row_count(data) -> int:
    if isinstance(data, ListData):
        return data.count
    if isinstance(data, ItemSheetData):
        return len(data.timeline)
    return data.totals[ROWS_FIGURE[type(data)]]


def render(kind: str, fmt: str, data, on_page=None) -> bytes:
    """The file's bytes. Its item rows are read from the database while it is laid out (reporting/rows.py), so this
    runs in the thread and application context that gathered the data."""
    if kind == "list":
        return excel.workbook([excel.items_table(data.items)], data.doc)
    module = BUILDERS[kind]
    if fmt == "pdf":
        return module.build(data, on_page=on_page)
    tables = module.tables(data)
    if kind == "compilation":
        tables = chain(tables, [excel.items_table(data.items, "Danh sách kiến nghị")])
    return excel.workbook(tables, data.doc)


def figures_json(user: User, r: ReportRequest) -> dict:
    """The figures the report prints (the same scope and breakdown, without its item lists), keyed as
    docs/METRICS.md names them."""
    validate(r)
    scope, session, counted = report_data.figures(user, r.kind, r.session, r.agency, r.as_of)
    agency = db.session.get(Agency, scope.agency_id) if scope.agency_id else None
    previous = None
    if r.kind == "results":
        earlier, day, totals = report_data.previous_figures(user, session, scope.as_of, scope.agency_id)
        if earlier is not None:
            previous = {"session": earlier.number, "name": earlier.name, "as_of": day, "figures": totals}
    return view.as_json(r.kind, scope.as_of, session.number if session else None, counted,
                        agency.code if agency else None, previous)


def filename(r: ReportRequest, data) -> str:
    stamp = (r.as_of or getattr(data, "as_of", None) or clock.today()).strftime("%Y%m%d") \
        if not isinstance(data, dict) else data["as_of"].replace("-", "")
    names = {"results": "bao-cao-ket-qua", "compilation": "bao-cao-tong-hop", "overdue": "kien-nghi-qua-han",
             "agency": "phieu-danh-gia-co-quan", "list": "danh-sach-kien-nghi"}
    base = f"phieu-{r.code.strip()}" if r.kind == "item" else f"{names[r.kind]}-{stamp}"
    return f"{base}.{r.format}"


def generate(user: User, r: ReportRequest) -> ReportFile:
    started = time.perf_counter()
    if r.format == "json":
        figures = figures_json(user, r)
        content = json.dumps(figures, ensure_ascii=False, indent=2).encode()
        return ReportFile(filename(r, figures), FORMATS["json"], content, time.perf_counter() - started,
                          figures["transferred"])
    data = gather(user, r)
    content = render(r.kind, r.format, data)
    return ReportFile(filename(r, data), FORMATS[r.format], content, time.perf_counter() - started, row_count(data))
