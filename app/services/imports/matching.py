"""What a sheet's words name in the catalogue: a section or "Lĩnh vực" cell -> a field (by its name or a synonym an
administrator keeps), an agency as written -> an agency of the catalogue, folded and fuzzy-matched (rapidfuzz).

A match is taken only when one entry fits clearly; otherwise the preview says which entries came close, so an
unknown agency is proposed for creation or for a pick among them, never dropped silently.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz, process
from sqlalchemy import select

from app.extensions import db
from app.models import Agency, Field, FieldSynonym
from app.services.text import fold_words

_AGENCY_WORDS = ((re.compile(r"\buy ban nhan dan\b"), "ubnd"), (re.compile(r"\bthanh pho\b"), "tp"),
                 (re.compile(r"\bhoi dong nhan dan\b"), "hdnd"), (re.compile(r"\bso\s+so\b"), "so"))
_FIELD_CUTOFF = 88
_AGENCY_CUTOFF = 92  # "Sở Nội vụ" and "Bộ Nội vụ" score 89: two agencies, not one typed twice
_COMMUNE = re.compile(r"^(?:ubnd |cong an )?(?:xa|phuong|dac khu|thi tran)\b")
_CENTRAL = re.compile(r"^(?:bo|chinh phu|quoc hoi|thu tuong|toa an nhan dan toi cao|vien kiem sat nhan dan toi cao|"
                      r"ngan hang nha nuoc|kiem toan nha nuoc|tap doan)\b")


def field_key(text: str) -> str:
    """A field's name as compared: folded, without the "Lĩnh vực" that sections put in front."""
    name = fold_words(text)
    return name[len("linh vuc "):] if name.startswith("linh vuc ") else name


def agency_key(text: str) -> str:
    """An agency's name as compared: folded, "Ủy ban nhân dân" as "UBND", "Thành phố" as "TP"."""
    name = fold_words(text)
    for pattern, short in _AGENCY_WORDS:
        name = pattern.sub(short, name)
    return name


def guess_level(name: str) -> str:
    """The competence level of a new agency from its name: UBND xã/phường -> commune, Bộ -> central."""
    key = agency_key(name)
    if _COMMUNE.match(key.removeprefix("ubnd ")) or _COMMUNE.match(key):
        return "commune"
    return "central" if _CENTRAL.match(key) else "province"


class Catalogue:
    """The fields, synonyms and active agencies, read once per import and matched with a cache per name."""

    def __init__(self) -> None:
        self.fields: dict[str, Field] = {field_key(f.name): f for f in db.session.scalars(select(Field))}
        for synonym in db.session.scalars(select(FieldSynonym)):
            self.fields.setdefault(field_key(synonym.name), synonym.field)
        self.agencies: dict[str, Agency] = {}
        for agency in db.session.scalars(select(Agency).where(Agency.active.is_(True)).order_by(Agency.id)):
            self.agencies.setdefault(agency_key(agency.name), agency)
        self._fields_seen: dict[str, tuple[Field | None, list[Field]]] = {}
        self._agencies_seen: dict[str, tuple[Agency | None, list[Agency]]] = {}

    def field_for(self, text: str) -> tuple[Field | None, list[Field]]:
        """(the field, []) when one fits clearly; else (None, the closest fields)."""
        key = field_key(text)
        if key not in self._fields_seen:
            self._fields_seen[key] = _match(key, self.fields, _FIELD_CUTOFF, subsets=True)
        return self._fields_seen[key]

    def agency_for(self, name: str) -> tuple[Agency | None, list[Agency]]:
        key = agency_key(name)
        if key not in self._agencies_seen:
            self._agencies_seen[key] = _match(key, self.agencies, _AGENCY_CUTOFF, subsets=False)
        return self._agencies_seen[key]


def _match(key: str, entries: dict, cutoff: int, *, subsets: bool):
    if not key or not entries:
        return None, []
    if key in entries:
        return entries[key], []
    scored = process.extract(key, entries.keys(), scorer=fuzz.token_sort_ratio, limit=3)
    if scored and scored[0][1] >= cutoff and (len(scored) == 1 or scored[1][1] < scored[0][1]):
        return entries[scored[0][0]], []
    if subsets:
        # "Y tế" for "Y tế và bảo hiểm y tế": every word of one name in the other, for exactly one field.
        inside = {id(entries[name]): entries[name] for name in entries
                  if fuzz.token_set_ratio(key, name) == 100}
        if len(inside) == 1:
            return next(iter(inside.values())), []
    close = process.extract(key, entries.keys(), scorer=fuzz.token_set_ratio, limit=3, score_cutoff=60)
    suggestions = list({id(entries[name]): entries[name] for name, _score, _ in close}.values())
    return None, suggestions
