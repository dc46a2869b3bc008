"""Comparing Vietnamese text the way people type it: with or without accents, in any case."""
from __future__ import annotations

import re
import unicodedata


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
