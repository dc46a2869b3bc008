"""What the office teaches the import: column mappings remembered by header signature (the mapping page, `--map`)
and field synonyms kept by an administrator ("Tài nguyên - Môi trường" -> "Nông nghiệp và Môi trường")."""
from __future__ import annotations

from sqlalchemy import select

from app import clock, permissions
from app.extensions import db
from app.models import Field, FieldSynonym, HeaderMapping, User
from app.services.errors import Conflict, InvalidData
from app.services.imports.columns import COLUMNS, REQUIRED, signature
from app.services.imports.matching import field_key
from app.services.text import clean, fold_words, order_vi


def remembered() -> dict[str, dict[str, str]]:
    """Signature -> (folded label -> column key) of every mapping chosen so far."""
    return {m.signature: dict(m.labels) for m in db.session.scalars(select(HeaderMapping))}


def mapping_from_columns(labels: list[str], chosen: dict[int, str]) -> dict[str, str]:
    """The mapping page's answer (column index -> key, "" for none) as folded label -> key; 400 when the
    content is not chosen, a key is chosen twice, or a column has no label to be known by."""
    mapping: dict[str, str] = {}
    for index, key in chosen.items():
        if not key:
            continue
        if key not in COLUMNS:
            raise InvalidData("Loại cột không hợp lệ.")
        label = fold_words(labels[index]) if 0 <= index < len(labels) else ""
        if not label:
            raise InvalidData("Cột %(n)s không có tiêu đề nên không ghép được.", n=index + 1)
        if key in mapping.values():
            raise InvalidData("Mỗi loại cột chỉ chọn cho một cột.")
        mapping[label] = key
    if not all(key in mapping.values() for key in REQUIRED):
        raise InvalidData("Hãy chọn cột chứa nội dung kiến nghị.")
    return mapping


def remember_for_sheet(user: User, data: bytes, sheet: str | None, chosen: dict[int, str]) -> HeaderMapping:
    """The mapping page's choice for the sheet `data` whose header was not recognised, remembered by its signature."""
    from app.services.imports.reader import read

    book = read(data, sheet=sheet, remembered=remembered())
    if book.unmapped is None:
        raise InvalidData("Tiêu đề của bảng đã được nhận ra; không cần ghép cột.")
    labels = book.unmapped.likely[1]
    return remember(user, labels, mapping_from_columns(labels, chosen))


def remember(user: User, labels: list[str], mapping: dict[str, str]) -> HeaderMapping:
    """Keep `mapping` for every later sheet whose header reads `labels`; flushes."""
    permissions.require(user, "import_sheet")
    sign = signature(labels)
    row = db.session.scalar(select(HeaderMapping).where(HeaderMapping.signature == sign))
    row = row or HeaderMapping(signature=sign)
    row.labels, row.saved_at, row.saved_by_id = mapping, clock.utcnow(), user.id
    db.session.add(row)
    db.session.flush()
    return row


def synonyms() -> list[FieldSynonym]:
    return list(db.session.scalars(select(FieldSynonym).join(Field)
                                   .order_by(order_vi(Field.name), order_vi(FieldSynonym.name))))


def add_synonym(user: User, name: str, field: Field | None) -> FieldSynonym:
    """Another name of `field` in offices' sheets; a name is a synonym of one field only."""
    permissions.require(user, "manage_catalogue")
    name = clean(name)
    if not name or field is None:
        raise InvalidData("Cần ghi tên gọi khác và chọn lĩnh vực.")
    key = field_key(name)
    if not key:
        raise InvalidData("Cần ghi tên gọi khác và chọn lĩnh vực.")
    # The name is compared by its folded key, stored whole: cut short, two long names could share one key
    # that neither lookup found (folding can lengthen a text: "ß" becomes "ss").
    limit = FieldSynonym.__table__.c.folded.type.length
    if len(name) > limit or len(key) > limit:
        raise InvalidData("Tên gọi khác dài tối đa %(n)s ký tự.", n=limit)
    taken = db.session.scalar(select(FieldSynonym).where(FieldSynonym.folded == key))
    if taken is not None:
        raise Conflict("Tên “%(name)s” đã là tên gọi khác của lĩnh vực “%(field)s”.", name=name,
                       field=taken.field.name)
    synonym = FieldSynonym(name=name, folded=key, field=field)
    db.session.add(synonym)
    db.session.flush()
    return synonym


def remove_synonym(user: User, synonym: FieldSynonym) -> None:
    permissions.require(user, "manage_catalogue")
    db.session.delete(synonym)
    db.session.flush()
