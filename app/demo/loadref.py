"""Reference data that load data spreads over: ten years of council sessions and a few hundred agencies.

The demo council has one term and about thirty agencies; a province's books over a decade hold two earlier terms
(two regular sessions a year) and every commune's people's committee. Added once, only when missing, so running
`flask generate-load-data` twice keeps one set.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Agency, Session, Term

YEARS = 10
AGENCIES = 300  # agencies below the central level: province departments and every commune (xã, phường)
# The terms before the demo's (2026 - 2031): a decade of sessions back from today.
EARLIER_TERMS = (("XVI", 2021, 2026), ("XV", 2016, 2021))
WARDS = ("Phúc Xá", "Trúc Bạch", "Vĩnh Phúc", "Cống Vị", "Liễu Giai", "Ngọc Hà", "Đội Cấn", "Kim Mã", "Giảng Võ",
         "Thành Công", "Tây Hồ", "Bưởi", "Nhật Tân", "Yên Phụ", "Thụy Khuê", "Định Công", "Hoàng Liệt", "Lĩnh Nam",
         "Tương Mai", "Vĩnh Hưng", "Yên Sở", "Khương Đình", "Thanh Xuân", "Phương Liệt", "Nghĩa Đô", "Phú Diễn",
         "Xuân Đỉnh", "Đông Ngạc", "Thượng Cát", "Tây Mỗ", "Đại Mỗ", "Dương Nội", "Yên Nghĩa", "Kiến Hưng",
         "Phú Lương", "Sơn Tây", "Tùng Thiện", "Chương Mỹ", "Thanh Oai", "Ứng Hòa", "Mỹ Đức", "Phú Xuyên",
         "Thạch Thất", "Quốc Oai", "Hoài Đức", "Đan Phượng", "Phúc Thọ", "Ba Vì", "Mê Linh", "Đông Anh")


def ensure(today: date) -> None:
    """Sessions reaching ten years back from `today`, and at least AGENCIES active agencies below the central level."""
    _sessions(today)
    _agencies()
    db.session.flush()


def _sessions(today: date) -> None:
    earliest = date(today.year - YEARS, 1, 1)
    first = db.session.scalar(select(func.min(Session.opening)))
    if first is not None and first <= earliest:
        return
    for number, start, end in EARLIER_TERMS:
        term = Term(name=f"Nhiệm kỳ {start} - {end}", number=number, start_year=start, end_year=end)
        db.session.add(term)
        # Two regular sessions a year: mid-year (July) and year-end (December).
        for i, (year, month, day) in enumerate((y, m, d) for y in range(start, end) for m, d in ((7, 8), (12, 5))):
            db.session.add(Session(term=term, number=i + 1, name=f"Kỳ họp thứ {i + 1} (khóa {number})",
                                   opening=date(year, month, day), closing=date(year, month, day + 3)))


def _agencies() -> None:
    below_central = Agency.competence_level != "central"
    have = db.session.scalar(select(func.count()).select_from(Agency).where(below_central, Agency.active.is_(True)))
    parent = db.session.scalar(select(Agency).where(Agency.competence_level == "province", Agency.parent_id.is_(None))
                               .order_by(Agency.id).limit(1))
    taken = set(db.session.scalars(select(Agency.code)))
    n = 0
    while have < AGENCIES:
        n += 1
        code = f"UBND-LD{n:03d}"
        if code in taken:
            continue
        ward = WARDS[n % len(WARDS)]
        kind = "phường" if n % 3 else "xã"
        db.session.add(Agency(code=code, name=f"UBND {kind} {ward} ({n})", competence_level="commune",
                              parent=parent, email=f"ld{n:03d}@hanoi.example.vn"))
        have += 1
