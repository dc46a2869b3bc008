"""The reports' tables, laid out from figures the metrics module computed (pure: nothing is counted here, so a
table cannot disagree with the JSON or the dashboard). Shared by the PDF builders and the spreadsheets."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby

from reports.model import NO_FIELD, Figures, ItemRow, Mapped, Percent, Table
from workflows.vocabulary import RESULT_CATEGORIES

NO_RESULT = "Chưa có kết quả được chấp nhận"


def share(part: int, whole: int) -> str:
    """"x/y, đạt z%" as reports phrase a figure against its whole ("không phát sinh" when the whole is 0)."""
    return f"{part}/{whole}, đạt {Percent(part, whole)}" if whole else f"{part}/{whole} (không phát sinh)"


def on_time(f: Figures) -> Percent:
    """The on-time rate as the metrics module defines it: answered on time / (answered + overdue unanswered)."""
    return Percent(f["answered_on_time"], f["on_time_base"])


def by_field(fields: list[Figures], totals: Figures) -> Table:
    rows = [[f.parent, f.name, f["transferred"], f["answered"], Percent(f["answered"], f["transferred"])]
            for f in fields if f["transferred"]]
    return Table("Số kiến nghị đã chuyển theo Ban HĐND và lĩnh vực",
                 ["Ban HĐND", "Lĩnh vực", "Được chuyển", "Đã trả lời", "Tỷ lệ trả lời"], rows,
                 widths=[3, 5, 1.5, 1.5, 1.5],
                 total_row=["Tổng cộng", "", totals["transferred"], totals["answered"],
                            Percent(totals["answered"], totals["transferred"])], sheet="Theo lĩnh vực")


AGENCY_COLUMNS = [("transferred", "Được chuyển"), ("answered", "Đã trả lời"), ("answered_on_time", "Đúng hạn"),
                  ("answered_late", "Trễ hạn"), ("overdue_unanswered", "Quá hạn chưa trả lời"),
                  ("pending_in_time", "Chưa đến hạn"), ("unanswered_elsewhere", "Trả lại, rút (chưa trả lời)")]


def by_agency(agencies: list[Figures], totals: Figures) -> Table:
    """Transferred = answered (on time + late) + overdue unanswered + not yet due + returned or withdrawn."""
    rows = [[f.name, *(f[k] for k, _ in AGENCY_COLUMNS), on_time(f)] for f in agencies if f["transferred"]]
    return Table("Số kiến nghị đã chuyển theo cơ quan giải quyết",
                 ["Cơ quan giải quyết", *(h for _, h in AGENCY_COLUMNS), "Tỷ lệ đúng hạn"], rows,
                 widths=[4.6, 1.3, 1.3, 1.2, 1.2, 1.4, 1.3, 1.5, 1.4],
                 total_row=["Tổng cộng", *(totals[k] for k, _ in AGENCY_COLUMNS), on_time(totals)],
                 sheet="Theo cơ quan")


def result_rows(f: Figures) -> list[tuple[str, int]]:
    """Accepted results by the committee's category, then what has no accepted result yet (adds up to transferred)."""
    rows = [(label, f[f"result_{code}"]) for code, (label, _) in RESULT_CATEGORIES.items()]
    accepted = sum(n for _, n in rows)
    return [*rows, (NO_RESULT, f["transferred"] - accepted)]


def by_result(totals: Figures) -> Table:
    whole = totals["transferred"]
    rows = [[label, n, Percent(n, whole)] for label, n in result_rows(totals)]
    return Table("Kết quả giải quyết (theo đánh giá của Thường trực, các Ban HĐND)",
                 ["Kết quả giải quyết", "Số kiến nghị", "Tỷ lệ"], rows, widths=[5, 1.5, 1.5],
                 total_row=["Tổng số đã chuyển", whole, Percent(whole, whole)], sheet="Theo kết quả")


def by_level(levels: list[Figures], totals: Figures) -> Table:
    """Counts by competence level with their shares, and what became of them."""
    keys = [("recommendations", "Số kiến nghị"), ("forwarded", "Chuyển cấp trên"), ("transferred", "Đã chuyển"),
            ("answered", "Đã trả lời"), ("result_resolved", "Đã giải quyết xong")]
    whole = totals["recommendations"]
    rows = [[f.name, f["recommendations"], Percent(f["recommendations"], whole), *(f[k] for k, _ in keys[1:])]
            for f in levels if f["recommendations"]]
    return Table("Kiến nghị theo thẩm quyền giải quyết",
                 ["Thẩm quyền", "Số kiến nghị", "Tỷ lệ", *(h for _, h in keys[1:])], rows,
                 widths=[3.5, 1.3, 1.2, 1.3, 1.3, 1.3, 1.5],
                 total_row=["Tổng cộng", whole, Percent(whole, whole), *(totals[k] for k, _ in keys[1:])],
                 sheet="Theo thẩm quyền")


def late_agencies(agencies: list[Figures]) -> Table:
    rows = [[f.name, f["answered_late"], f["overdue_unanswered"], f["overdue_reanswer"], f["very_overdue"]]
            for f in agencies if f["answered_late"] or f["overdue"]]
    return Table("Cơ quan trả lời chậm hoặc chưa trả lời",
                 ["Cơ quan giải quyết", "Trả lời trễ hạn", "Quá hạn chưa trả lời", "Quá hạn trả lời lại",
                  "Trong đó quá hạn nghiêm trọng"], rows, widths=[5, 1.5, 1.5, 1.5, 1.7], sheet="Chậm trả lời")


def comparison(current: Figures, previous: Figures | None, current_name: str, previous_name: str) -> Table:
    """This session against the previous one, on the figures the council follows."""
    def values(f: Figures | None) -> list:
        if f is None:
            return ["", "", "", "", ""]
        return [f["transferred"], f["answered"], Percent(f["answered"], f["transferred"]), on_time(f),
                Percent(f["result_resolved"], f["transferred"])]
    labels = ["Số kiến nghị đã chuyển", "Số kiến nghị đã được trả lời", "Tỷ lệ trả lời", "Tỷ lệ trả lời đúng hạn",
              "Tỷ lệ đã giải quyết xong"]
    rows = [[label, a, b] for label, a, b in zip(labels, values(current), values(previous), strict=True)]
    return Table("So sánh với kỳ họp trước", ["Chỉ tiêu", current_name, previous_name or "Kỳ họp trước"], rows,
                 widths=[5, 2, 2], sheet="So sánh")


def roadmap(items: Iterable[ItemRow]) -> Table:
    rows = Mapped(items, lambda i: [i.code, i.summary, i.agency, i.expected_date, i.progress])
    return Table("Kiến nghị đang giải quyết theo lộ trình",
                 ["Mã", "Nội dung tóm tắt", "Cơ quan giải quyết", "Dự kiến hoàn thành", "Tiến độ mới nhất"], rows,
                 widths=[2.6, 5.5, 3, 1.8, 4.5], sheet="Theo lộ trình")


def backlog(items: Iterable[ItemRow]) -> Table:
    """The items as they come: the most sessions outstanding first, then by code."""
    rows = Mapped(items, lambda i: [i.code, i.summary, i.agency, i.session_number, i.sessions_outstanding,
                                    i.status_label, i.expected_date, i.progress])
    return Table("Kiến nghị tồn đọng qua nhiều kỳ họp",
                 ["Mã", "Nội dung tóm tắt", "Cơ quan giải quyết", "Kỳ họp", "Số kỳ họp tồn đọng", "Trạng thái",
                  "Dự kiến hoàn thành", "Tiến độ"], rows, widths=[2.6, 5, 3, 1, 1.3, 2.5, 1.8, 3.5], sheet="Tồn đọng")


def not_accepted(items: Iterable[ItemRow]) -> Table:
    rows = Mapped(items, lambda i: [i.code, i.summary, i.agency, i.reanswer_count, i.status_label])
    return Table("Kiến nghị có trả lời chưa được chấp nhận, yêu cầu trả lời lại",
                 ["Mã", "Nội dung tóm tắt", "Cơ quan giải quyết", "Số lần yêu cầu trả lời lại", "Trạng thái"],
                 rows, widths=[2.6, 6, 3.2, 1.5, 3], sheet="Chưa chấp nhận")


def appendix(items: Iterable[ItemRow], title: str = "Danh sách kiến nghị") -> Table:
    rows = Mapped(items, lambda i: [i.code, i.summary, i.locality, i.agency, i.status_label, i.due_date,
                                    i.answer_summary])
    return Table(title, ["Mã", "Nội dung tóm tắt", "Địa bàn", "Cơ quan giải quyết", "Trạng thái", "Hạn trả lời",
                         "Tóm tắt trả lời"], rows, widths=[2.6, 6, 2.4, 3, 2.6, 1.8, 6], sheet="Phụ lục")


def full_appendix(items: Iterable[ItemRow], dated: bool = False) -> Iterator[Table]:
    """Per item: the voters' full text, the full answer, its letter and the result, one table per field. The items
    come by field in Vietnamese alphabetical order (NO_FIELD for those without one), then by code, so each table is
    the next run of rows of one field; a table's rows must be read before the next table is asked for.
    `dated` (the spreadsheet): the letter's number and its date in columns of their own, the date a real date;
    the PDF cites the letter as one text, "101/CATP-VP ngày 02/08/2026"."""
    letter_heads = ["Số văn bản trả lời", "Ngày văn bản trả lời"] if dated else ["Văn bản trả lời"]
    for name, group in groupby(items, key=lambda i: i.field or NO_FIELD):
        rows = ([i.code, i.content, i.agency,
                 *([i.answer_letter_number, i.answer_letter_date] if dated else [i.answer_letter]),
                 i.answer_text, i.status_label] for i in group)
        yield Table(f"Lĩnh vực: {name}", ["Mã", "Nội dung kiến nghị của cử tri", "Cơ quan giải quyết",
                                           *letter_heads, "Nội dung trả lời", "Kết quả"], rows,
                    widths=[2.4, 6, 2.6, *([1.6, 1.4] if dated else [2.4]), 7, 2.4], sheet="Phụ lục", group=name)
