"""Comparing Vietnamese text the way people type it: with or without accents, in any case."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement

from app.extensions import db


def fold(text: str) -> str:
    """Lower case without diacritics: "Đặng Thị Ngọc" and "dang thi ngoc" compare equal.

    Done in Python because SQLite's lower() and LIKE only fold ASCII."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_words(text: str) -> str:
    """fold() with punctuation dropped and spaces collapsed: for matching names typed in a spreadsheet."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def clean(text: str | None) -> str:
    """What a user typed, without the surrounding blanks ("" for nothing)."""
    return (text or "").strip()


def order_vi(column) -> ColumnElement:
    """`column` for ORDER BY in Vietnamese alphabetical order: ICU's collation on PostgreSQL, and on SQLite the
    "vi" collation app.extensions registers (both ICU's Vietnamese rules, as workflows.collation in Python)."""
    name = "vi-x-icu" if db.session.get_bind().dialect.name == "postgresql" else "vi"
    return column.collate(name)
