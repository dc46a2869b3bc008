"""Highlighting the searched words (tô sáng từ khóa) in a text as the user reads it, diacritics and all.

The words are found in the folded text (so "ngap" marks "Ngập"), mapped back to the original characters, and the
whole text is HTML-escaped around the marks: what a voter typed can never become markup.
"""
from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

from app.services.text import fold, fold_tokens

SNIPPET = 160  # characters shown around the first match of a long text


def _folded_with_owners(text: str) -> tuple[str, list[int]]:
    """fold(text), and for each folded character the index of the original character it came from."""
    chars: list[str] = []
    owners: list[int] = []
    for i, c in enumerate(text):
        for f in fold(c):
            chars.append(f)
            owners.append(i)
    return "".join(chars), owners


def spans(text: str, typed: str) -> list[tuple[int, int]]:
    """The [start, end) ranges of `text` (original characters) holding a searched word, or a word starting with one."""
    words = sorted(set(fold_tokens(typed or "")), key=len, reverse=True)
    if not words or not text:
        return []
    folded, owners = _folded_with_owners(text)
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in words) + ")")
    out: list[tuple[int, int]] = []
    for m in pattern.finditer(folded):
        start, end = owners[m.start()], owners[m.end() - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1  # a decomposed accent belongs to the letter before it
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def highlight(text: str | None, typed: str | None) -> Markup:
    """`text` escaped, with each searched word wrapped in <mark>."""
    text = text or ""
    pieces, last = [], 0
    for start, end in spans(text, typed or ""):
        pieces += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        last = end
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def snippet(text: str | None, typed: str | None, width: int = SNIPPET) -> Markup:
    """The part of a long text around its first searched word, highlighted; empty when no word is in it."""
    text = " ".join((text or "").split())
    found = spans(text, typed or "")
    if not found:
        return Markup("")
    start = max(0, found[0][0] - width // 3)
    end = min(len(text), start + width)
    part = highlight(text[start:end], typed)
    return Markup("").join([Markup("…") if start else Markup(""), part, Markup("…") if end < len(text) else Markup("")])
