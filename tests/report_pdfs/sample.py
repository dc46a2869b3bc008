"""Plain report data for builder tests: a handful of items and the figures given with them (the builders print
figures, they never count)."""
from __future__ import annotations

from datetime import date

from reports.model import DocInfo, Figures, ItemRow, ResultsData

AS_OF = date(2026, 12, 8)
ISSUED = date(2026, 12, 10)


def doc(subject: str = "Kết quả giải quyết kiến nghị cử tri gửi đến Kỳ họp thứ nhất") -> DocInfo:
    return DocInfo(title="BÁO CÁO", subject=subject, issued_on=ISSUED, as_of=AS_OF, number="Số: 26/BC-HĐND",
                   signer_name="Nguyễn Văn Phong")


def item(n: int, **kw) -> ItemRow:
    values = dict(code=f"KN-2026-{n:06d}", summary=f"Sửa chữa Trường Mầm non Hoa Sen số {n}",
                  locality="phường Hà Đông", field="Giáo dục và đào tạo", committee="Ban Văn hóa - Xã hội",
                  agency="Sở Nông nghiệp và Môi trường", status="closed", status_label="Đã kết thúc: Đã giải quyết xong",
                  result_category="resolved", competence_level="province", transferred_on=date(2026, 7, 6),
                  due_date=date(2026, 8, 17), answered_on=date(2026, 8, 1), session_number=1,
                  answer_summary="Đã sửa chữa xong mái nhà lớp học.", content=f"Cử tri đề nghị sửa trường số {n}.",
                  answer_text="Sở đã sửa chữa xong mái nhà lớp học.", answer_letter="88/SNNMT-VP ngày 01/08/2026")
    values.update(kw)
    return ItemRow(**values)


def items() -> list[ItemRow]:
    return [
        item(1),
        item(2, answered_on=date(2026, 8, 20), agency="Sở Xây dựng", answered_late=True),
        item(3, status="on_roadmap", status_label="Đang giải quyết theo lộ trình", result_category="in_progress",
             expected_date=date(2027, 6, 30), sessions_outstanding=1, progress="60 % (12/10/2026): Đang thi công"),
        item(4, result_category="explained", agency="Sở Xây dựng",
             status_label="Đã kết thúc: Giải trình, cung cấp thông tin"),
        item(5, status="transferred", status_label="Đã chuyển cơ quan giải quyết", result_category=None,
             answered_on=None, agency="UBND phường Cầu Giấy", answer_summary="", answer_text="", answer_letter="",
             days_late=20),
    ]


def figures(name: str = "", parent: str = "", **counts) -> Figures:
    base = dict(transferred=5, answered=4, answered_on_time=3, answered_late=1, overdue_unanswered=1,
                overdue=1, pending_in_time=0, unanswered_elsewhere=0, result_resolved=2, result_in_progress=1,
                result_explained=1, result_cannot_resolve=0, recommendations=6, returned=1, reanswer_requests=2,
                on_time_base=5, answer_days=80)
    base.update(counts)
    return Figures(name=name, counts=base, parent=parent)


def results(many: int = 0) -> ResultsData:
    rows = items() + [item(n) for n in range(6, 6 + many)]
    agencies = [figures("Sở Nông nghiệp và Môi trường", transferred=2, answered=2, answered_on_time=2,
                        answered_late=0, overdue_unanswered=0, overdue=0, on_time_base=2),
                figures("Sở Xây dựng", transferred=2, answered=2, answered_on_time=1, answered_late=1,
                        overdue_unanswered=0, overdue=0, on_time_base=2),
                figures("UBND phường Cầu Giấy", transferred=1, answered=0, answered_on_time=0, answered_late=0,
                        overdue_unanswered=1, overdue=1, on_time_base=1),
                figures("Sở Y tế", transferred=0, answered=0, answered_on_time=0, answered_late=0,
                        overdue_unanswered=0, overdue=0, on_time_base=0, returned=1)]
    return ResultsData(doc=doc(), session_name="Kỳ họp thứ nhất", as_of=AS_OF, items=rows, totals=figures(),
                       by_agency=agencies, by_field=[figures("Giáo dục và đào tạo", parent="Ban Văn hóa - Xã hội")],
                       by_level=[figures("Tỉnh, thành phố")], roadmap=[rows[2]], backlog=[rows[2]],
                       not_accepted=[rows[1]])
