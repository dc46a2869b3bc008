"""Summary tables computed from item rows (pure): shared by the PDF builders and the spreadsheets."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from reports.model import ItemRow, Table
from workflows.vocabulary import RESULT_CATEGORIES

NO_RESULT = "Chưa có kết quả"


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "0%"


def transferred(items: list[ItemRow]) -> list[ItemRow]:
    return [i for i in items if i.transferred_on is not None]


def is_late(item: ItemRow, as_of: date) -> bool:
    """Answered after the due date, or still unanswered past it."""
    if item.due_date is None:
        return False
    if item.answered_on is not None:
        return item.answered_on > item.due_date
    return item.due_date < as_of


def by_field(items: list[ItemRow]) -> Table:
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for item in transferred(items):
        key = (item.committee or "(Chưa xác định)", item.field or "(Chưa xác định)")
        counts[key][0] += 1
        counts[key][1] += int(item.answered_on is not None)
    rows = [[c, f, n, a, pct(a, n)] for (c, f), (n, a) in sorted(counts.items())]
    total_n, total_a = sum(r[2] for r in rows), sum(r[3] for r in rows)
    return Table("Số kiến nghị đã chuyển theo Ban HĐND và lĩnh vực",
                 ["Ban HĐND", "Lĩnh vực", "Số kiến nghị", "Đã trả lời", "Tỷ lệ trả lời"], rows,
                 widths=[3, 5, 1.5, 1.5, 1.5], total_row=["Tổng cộng", "", total_n, total_a, pct(total_a, total_n)],
                 sheet="Theo lĩnh vực")


def agency_counts(items: list[ItemRow], as_of: date) -> dict[str, list[int]]:
    """agency -> [transferred, answered, on time, late answers, unanswered past due, unanswered in time]."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for item in transferred(items):
        c = counts[item.agency]
        c[0] += 1
        if item.answered_on is not None:
            c[1] += 1
            c[3 if is_late(item, as_of) else 2] += 1
        else:
            c[4 if is_late(item, as_of) else 5] += 1
    return counts


def by_agency(items: list[ItemRow], as_of: date) -> Table:
    counts = agency_counts(items, as_of)
    rows = [[a, *c[:5]] for a, c in sorted(counts.items())]
    total = [sum(r[i] for r in rows) for i in range(1, 6)]
    return Table("Số kiến nghị đã chuyển theo cơ quan giải quyết",
                 ["Cơ quan giải quyết", "Được chuyển", "Đã trả lời", "Đúng hạn", "Trễ hạn", "Quá hạn chưa trả lời"],
                 rows, widths=[5, 1.4, 1.4, 1.4, 1.4, 1.6], total_row=["Tổng cộng", *total], sheet="Theo cơ quan")


def result_counts(items: list[ItemRow]) -> Counter:
    counts: Counter = Counter()
    for item in transferred(items):
        counts[item.result_category if item.result_category in RESULT_CATEGORIES else None] += 1
    return counts


def by_result(items: list[ItemRow]) -> Table:
    counts = result_counts(items)
    whole = sum(counts.values())
    rows = [[label, counts[code], pct(counts[code], whole)] for code, (label, _) in RESULT_CATEGORIES.items()]
    rows.append([NO_RESULT, counts[None], pct(counts[None], whole)])
    return Table("Kết quả giải quyết theo loại", ["Kết quả giải quyết", "Số kiến nghị", "Tỷ lệ"], rows,
                 widths=[5, 1.5, 1.5], total_row=["Tổng cộng", whole, "100%" if whole else "0%"], sheet="Theo kết quả")


def late_agencies(items: list[ItemRow], as_of: date) -> Table:
    counts = agency_counts(items, as_of)
    rows = [[a, c[3], c[4], c[5]] for a, c in sorted(counts.items()) if c[3] or c[4]]
    return Table("Cơ quan trả lời chậm hoặc chưa trả lời",
                 ["Cơ quan giải quyết", "Trả lời trễ hạn", "Quá hạn, chưa trả lời", "Chưa trả lời, còn hạn"], rows,
                 widths=[5, 1.6, 1.6, 1.6], sheet="Chậm trả lời")


def roadmap(items: list[ItemRow]) -> Table:
    rows = [[i.code, i.summary, i.agency, i.expected_date] for i in items if i.status == "on_roadmap"]
    return Table("Kiến nghị đang giải quyết theo lộ trình",
                 ["Mã", "Nội dung tóm tắt", "Cơ quan giải quyết", "Dự kiến hoàn thành"], rows,
                 widths=[2.9, 7, 3.5, 1.9], sheet="Theo lộ trình")


def outstanding(items: list[ItemRow]) -> Table:
    rows = [[i.code, i.summary, i.agency, i.session_number, i.sessions_outstanding, i.status_label]
            for i in items if i.sessions_outstanding >= 1]
    return Table("Kiến nghị tồn đọng qua nhiều kỳ họp",
                 ["Mã", "Nội dung tóm tắt", "Cơ quan giải quyết", "Kỳ họp", "Số kỳ họp tồn đọng", "Trạng thái"],
                 rows, widths=[2.9, 6, 3.2, 1, 1.3, 2.5], sheet="Tồn đọng")


def appendix(items: list[ItemRow], title: str = "Danh sách kiến nghị") -> Table:
    rows = [[i.code, i.summary, i.locality, i.agency, i.status_label, i.due_date, i.answer_summary] for i in items]
    return Table(title, ["Mã", "Nội dung tóm tắt", "Địa bàn", "Cơ quan giải quyết", "Trạng thái", "Hạn trả lời",
                         "Tóm tắt trả lời"], rows, widths=[2.6, 6, 2.4, 3, 2.6, 1.8, 6], sheet="Phụ lục")
