"""Vietnamese alphabetical order (thứ tự chữ cái tiếng Việt) for every list sorted by name: a, ă, â, b, c, d, đ, e,
ê, ..., o, ô, ơ, ..., u, ư, ... with tones weighed after letters ("Đất đai" after "Dân tộc" and before "Giáo dục";
"Nội vụ" before "Nông nghiệp").

ICU's Vietnamese collation (CLDR's tailoring, through PyICU) decides the order; nothing here is a hand-made table.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

import icu

T = TypeVar("T")
LOCALE = "vi_VN"
_local = threading.local()  # an ICU collator is used by one thread at a time: each thread keeps its own


def _collator() -> icu.Collator:
    collator = getattr(_local, "collator", None)
    if collator is None:
        collator = _local.collator = icu.Collator.createInstance(icu.Locale(LOCALE))
    return collator


def sort_key(text: str | None) -> bytes:
    """A key that sorts `text` in Vietnamese order (empty text first)."""
    return _collator().getSortKey(text or "")


def compare(a: str | None, b: str | None) -> int:
    """-1, 0 or 1, as SQLite's collation callback wants."""
    return _collator().compare(a or "", b or "")


def sorted_vi(items: Iterable[T], key: Callable[[T], str | None] = lambda x: x) -> list[T]:  # type: ignore[assignment]
    """The items in Vietnamese order of key(item); a blank name goes last, as "(chưa xác định)" rows do."""
    return sorted(items, key=lambda item: (not key(item), sort_key(key(item))))
