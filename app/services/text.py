"""Text as people type it: compared with or without accents, sorted in Vietnamese order, cleaned of invisible
control characters, and whole numbers read from it only when they are plain ASCII digits that fit the columns."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement

from app.extensions import db

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the bidirectional embeddings,
# overrides and isolates (U+202E turns "gpj.exe" into what reads as "exe.jpg"). None belongs in Vietnamese
# text, NUL is refused by PostgreSQL, and the rest only hide what a text really says.
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The largest id or count any column holds: INTEGER is 32 bits on PostgreSQL (SQLite stores 64).
MAX_INT = 2**31 - 1
_ASCII_INT = re.compile(r"[+-]?[0-9]{1,10}")
_TOKEN = re.compile(r"[^\W_]+")


def _fold_one(c: str) -> str:
    decomposed = unicodedata.normalize("NFD", c.replace("Đ", "D").replace("đ", "d"))
    return "".join(d for d in decomposed if not unicodedata.combining(d)).casefold()


class _FoldTable(dict):
    """str.translate's table for fold(), filled on first sight of each character. Folding is per character
    (decomposing, dropping the combining marks and case-folding look at no neighbour), and a table lookup is
    ten times faster than decomposing whole texts: an import folds every cell of 10,000 rows."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_one(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case without diacritics: "Đặng Thị Ngọc" and "dang thi ngoc" compare equal.

    Done in Python because SQLite's lower() and LIKE only fold ASCII."""
    return text.translate(_FOLD)


def fold_words(text: str) -> str:
    """fold() with punctuation dropped and spaces collapsed: for matching names typed in a spreadsheet."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def fold_tokens(text: str) -> list[str]:
    """The words of fold(text), split on everything that is not a letter or digit (underscore included): how the
    search index and the search box both cut text, so "Ngập úng, đường Trần Duy Hưng" -> ngap ung duong tran ..."""
    return _TOKEN.findall(fold(text))


def strip_unsafe(text: str) -> str:
    """The text without control and bidirectional-override characters (line breaks and tabs kept)."""
    return UNSAFE_CHARACTERS.sub("", text)


def clean(text: str | None) -> str:
    """What a user typed, without the surrounding blanks and without invisible control characters."""
    return strip_unsafe(text or "").strip()


def order_vi(column) -> ColumnElement:
    """`column` for ORDER BY in Vietnamese alphabetical order: ICU's collation on PostgreSQL, and on SQLite the
    "vi" collation app.extensions registers (both ICU's Vietnamese rules, as workflows.collation in Python)."""
    name = "vi-x-icu" if db.session.get_bind().dialect.name == "postgresql" else "vi"
    return column.collate(name)


def ascii_int(text: object, minimum: int = -MAX_INT, maximum: int = MAX_INT) -> int | None:
    """The whole number written in `text` with ASCII digits, if it lies in [minimum, maximum]; else None.

    Python's int() also reads other scripts' digits ("٣"), underscores ("1_000") and numbers of any size,
    which a 32-bit column then refuses with a server error; this reads only what a person means by a number.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str) and _ASCII_INT.fullmatch(text.strip()):
        value = int(text.strip())
    else:
        return None
    return value if minimum <= value <= maximum else None


def ascii_id(text: object) -> int | None:
    """A database id (1 .. MAX_INT) written with ASCII digits, or None."""
    return ascii_int(text, 1, MAX_INT)
