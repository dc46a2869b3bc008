"""Names listed by the item sheet, the correction history and the field-synonym page come in Vietnamese
alphabetical order (ICU's rules: đ after d, tones after letters), not in code-point or insertion order."""
from __future__ import annotations

from app.extensions import db
from app.models import Agency, Committee, Field, FieldSynonym
from app.services.imports import mappings
from app.services.petitions import intake as petitions
from app.services.reporting import item as report_item

# In Vietnamese order; code-point order would put "Sở Nông..." before "Sở Nội vụ" and "Đài..." after "Sở...".
COORDINATORS = ["Công an Thành phố", "Đài Phát thanh và Truyền hình", "Sở Nội vụ", "Sở Nông nghiệp và Môi trường",
                "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố"]


def _agencies() -> list[Agency]:
    agencies = [Agency(code=f"CQ{n}", name=name, competence_level="province")
                for n, name in enumerate(reversed(COORDINATORS))]  # created (and linked) in reverse order
    db.session.add_all(agencies)
    db.session.flush()
    return agencies


def test_item_sheet_lists_coordinating_agencies_in_vietnamese_order(build):
    p = petitions.record_petition(build.clerk, content="Đề nghị nạo vét hồ Văn Chương.", session=build.session2)
    petitions.classify(build.clerk, p, field=build.field, competence_level="province", lead_agency=build.agency,
                       coordinating=_agencies())
    db.session.commit()
    fields = dict(report_item.item_sheet(build.committee, p.code).fields)
    assert fields["Cơ quan phối hợp"] == ", ".join(COORDINATORS)


def test_correction_history_names_coordinating_agencies_in_vietnamese_order(build):
    p = petitions.record_petition(build.clerk, content="Đề nghị nạo vét hồ Văn Chương.", session=build.session2)
    petitions.classify(build.clerk, p, field=build.field, competence_level="province", lead_agency=build.agency)
    changes = petitions.classification_changes(p, field=None, competence_level=None, lead_agency=build.agency,
                                               coordinating=_agencies())
    assert changes["coordinating"] == {"old": [], "new": COORDINATORS}


def test_field_synonyms_page_lists_fields_in_vietnamese_order(build):
    body = Committee(code="VHXH", name="Ban Văn hóa - Xã hội")
    names = ["Dân tộc và tôn giáo", "Đất đai", "Giáo dục và đào tạo"]  # code-point order: Dân, Giáo, Đất
    fields = [Field(code=f"F{n}", name=name, committee=body) for n, name in enumerate(reversed(names))]
    db.session.add_all([body, *fields])
    db.session.add_all([FieldSynonym(name=f"Tên khác của {f.name}", folded=f"ten khac {f.code}", field=f)
                        for f in fields])
    db.session.flush()
    listed = [s.field.name for s in mappings.synonyms() if s.field.name in names]
    assert listed == names
