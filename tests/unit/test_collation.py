"""Vietnamese alphabetical order (ICU's collation) on real field and agency names, in Python and in SQL."""
from __future__ import annotations

from app.demo import content
from workflows.collation import sorted_vi

FIELDS_IN_ORDER = [
    "An ninh, trật tự và phòng cháy, chữa cháy", "Cấp nước, thoát nước", "Công thương, thị trường và giá cả",
    "Dân tộc và tôn giáo", "Đất đai", "Điện lực", "Giáo dục và đào tạo", "Giao thông vận tải",
    "Lao động, người có công và xã hội", "Nội vụ, tổ chức bộ máy và chính quyền cơ sở",
    "Nông nghiệp, thủy lợi và đê điều", "Tài chính, ngân sách và tài sản công", "Tài nguyên và môi trường",
    "Tư pháp và cải cách hành chính", "Văn hóa, thể thao và du lịch", "Xây dựng, quy hoạch và trật tự đô thị",
    "Y tế và bảo hiểm y tế",
]


def test_fields_sort_in_vietnamese_order():
    names = [name for _, name, _ in content.FIELDS]
    assert sorted_vi(names) == FIELDS_IN_ORDER
    # The examples: đ after d, tones after letters, ô before ơ and after o.
    assert sorted_vi(["Giáo dục", "Đất đai", "Dân tộc"]) == ["Dân tộc", "Đất đai", "Giáo dục"]
    # Letters first, tones only to break ties: "Giáo dục" (giao d...) before "Giao thông" (giao t...).
    assert sorted_vi(["Giao thông", "Giáo dục"]) == ["Giáo dục", "Giao thông"]
    assert sorted_vi(["Nông nghiệp", "Nội vụ"]) == ["Nội vụ", "Nông nghiệp"]
    assert sorted_vi(["Ơn", "Ô", "O", "Ăn", "Âm", "An", "Ư", "U"]) == ["An", "Ăn", "Âm", "O", "Ô", "Ơn", "U", "Ư"]
    assert sorted(names) != FIELDS_IN_ORDER  # code-point order would put "Đất đai" after "Y tế"


def test_agencies_sort_in_vietnamese_order():
    names = sorted_vi(name for _, name, *_ in content.AGENCIES)
    assert names.index("Bảo hiểm xã hội Thành phố Hà Nội") < names.index("Bộ Nội vụ") < names.index("Bộ Y tế")
    assert names.index("Sở Dân tộc và Tôn giáo") < names.index("Sở Giáo dục và Đào tạo") < names.index("Sở Nội vụ") \
        < names.index("Sở Nông nghiệp và Môi trường") < names.index("Sở Quy hoạch - Kiến trúc")
    assert names.index("UBND phường Văn Miếu - Quốc Tử Giám") < names.index("UBND xã Gia Lâm")
    assert names[-1] == "UBND xã Thường Tín"


def test_the_database_orders_names_the_same_way(build):
    from app.extensions import db
    from app.models import Field
    from app.services import catalogue

    existing = set(db.session.scalars(db.select(Field.name)))
    db.session.add_all([Field(code=f"F{i}", name=name) for i, name in enumerate(reversed(FIELDS_IN_ORDER))
                        if name not in existing])
    db.session.flush()
    listed = [name for _, name in catalogue.fields() if name in FIELDS_IN_ORDER]
    assert listed == FIELDS_IN_ORDER  # SQLite's registered collation and PostgreSQL's ICU "vi-x-icu" agree
