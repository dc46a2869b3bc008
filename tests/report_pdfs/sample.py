"""Plain report data for builder tests: a handful of items with known counts."""
from __future__ import annotations

from datetime import date

from reports.model import DocInfo, ItemRow

AS_OF = date(2026, 12, 8)


def doc(subject: str = "Kết quả giải quyết kiến nghị cử tri gửi đến Kỳ họp thứ nhất") -> DocInfo:
    return DocInfo(title="BÁO CÁO", subject=subject, issued_on=AS_OF, number="Số: 26/BC-HĐND",
                   signer_name="Nguyễn Văn Phong")


def item(n: int, **kw) -> ItemRow:
    values = dict(code=f"KN-2026-{n:06d}", summary=f"Sửa chữa Trường Mầm non Hoa Sen số {n}",
                  locality="phường Hà Đông", field="Giáo dục và đào tạo", committee="Ban Văn hóa - Xã hội",
                  agency="Sở Nông nghiệp và Môi trường", status="closed", status_label="Đã giải quyết xong",
                  result_category="resolved", competence_level="province", transferred_on=date(2026, 7, 6),
                  due_date=date(2026, 8, 17), answered_on=date(2026, 8, 1), session_number=1,
                  answer_summary="Đã sửa chữa xong mái nhà lớp học.")
    values.update(kw)
    return ItemRow(**values)


def items() -> list[ItemRow]:
    """Five transferred items: 2 resolved (1 late), 1 on a roadmap, 1 explained, 1 unanswered and overdue;
    plus one item never transferred (not counted)."""
    return [
        item(1),
        item(2, answered_on=date(2026, 8, 20), agency="Sở Xây dựng"),
        item(3, status="on_roadmap", status_label="Đang giải quyết theo lộ trình", result_category="in_progress",
             expected_date=date(2027, 6, 30), sessions_outstanding=1),
        item(4, result_category="explained", agency="Sở Xây dựng"),
        item(5, status="transferred", status_label="Đã chuyển cơ quan giải quyết", result_category=None,
             answered_on=None, agency="UBND phường Cầu Giấy", answer_summary=""),
        item(6, status="classified", status_label="Đã tổng hợp, phân loại", result_category=None, answered_on=None,
             transferred_on=None, due_date=None, agency="", answer_summary=""),
    ]
