"""Finding a summary sheet's header and what each column holds, whatever the office called it.

Offices head the same column "Nội dung kiến nghị", "Nội dung ý kiến, kiến nghị (của cử tri)" or "Ý kiến cử tri",
over one row or two (a merged "Cơ quan giải quyết" above "Chủ trì" / "Phối hợp"), with or without diacritics.
Labels are folded (services.text.fold_words) and compared with the variants below, exactly first, then
fuzzily (rapidfuzz), so a variant missing a word or typed with another order still counts. A header the
rules do not recognise is mapped by the clerk once (mapping page, `--map`), and that mapping is found again
by the header's signature for the next sheet of the same shape.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from app.services.text import fold_words
from workflows.messages import N_

# Column key -> folded labels that name it. The first key is the one a label names when several fit.
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("stt", "tt", "so tt", "so thu tu"),
    "content": ("noi dung kien nghi", "noi dung y kien kien nghi", "noi dung y kien kien nghi cua cu tri",
                "noi dung kien nghi cua cu tri", "y kien cu tri", "y kien kien nghi cua cu tri", "y kien kien nghi",
                "kien nghi cua cu tri", "noi dung"),
    "agency": ("co quan giai quyet", "co quan chu tri", "don vi giai quyet", "co quan chu tri giai quyet",
               "co quan giai quyet chu tri phoi hop", "co quan co tham quyen giai quyet", "co quan thuc hien",
               "don vi chu tri", "chu tri", "co quan"),
    "coordinating": ("co quan phoi hop", "don vi phoi hop", "phoi hop"),
    "locality": ("dia phuong", "dia ban", "xa phuong", "xa phuong dac khu", "dia ban xa phuong", "dia ban phat sinh"),
    "held_on": ("ngay tiep xuc", "thoi gian txct", "thoi gian tiep xuc", "thoi gian tiep xuc cu tri", "ngay txct",
                "ngay tiep xuc cu tri", "ngay"),
    "place": ("dia diem tiep xuc", "dia diem txct", "dia diem tiep xuc cu tri", "noi tiep xuc", "dia diem"),
    "delegate_group": ("to dai bieu", "to dai bieu hdnd", "to dai bieu tiep xuc", "to dbqh", "to dai bieu hoi dong nhan dan"),
    "field": ("linh vuc", "nhom linh vuc", "linh vuc kien nghi"),
    "constituency": ("don vi bau cu",),
    "note": ("ghi chu",),
}
# The names a clerk chooses from on the mapping page (and the keys `--map` takes).
LABELS: dict[str, str] = {
    "number": N_("Số thứ tự"), "content": N_("Nội dung kiến nghị"), "agency": N_("Cơ quan chủ trì giải quyết"),
    "coordinating": N_("Cơ quan phối hợp"), "locality": N_("Địa phương"), "held_on": N_("Ngày tiếp xúc"),
    "place": N_("Địa điểm tiếp xúc"), "delegate_group": N_("Tổ đại biểu"), "field": N_("Lĩnh vực"),
    "constituency": N_("Đơn vị bầu cử"), "note": N_("Ghi chú"),
}
REQUIRED = ("content",)
_BY_LABEL = {label: key for key, labels in COLUMNS.items() for label in labels}
_MAP_PAIR = re.compile(r"\s*([^=]+?)\s*=\s*([a-z_]+)\s*(?:,|$)")
_FUZZY_CUTOFF = 88  # "noi dung y kien kien nghi cu tri" still names the content; "so noi vu" is no "so tt"


@dataclass
class Header:
    rows: tuple[int, ...]  # the header's row numbers (one or two), as in Excel
    columns: dict[str, int]  # column key -> 0-based column index
    labels: list[str]  # each column's label as written (two-row headers joined with " / ")
    signature: str
    mapped: bool = False  # chosen by a clerk rather than recognised


def recognise(label: str) -> str | None:
    """The column key a header label names, or None."""
    folded = fold_words(label)
    if not folded:
        return None
    if folded in _BY_LABEL:
        return _BY_LABEL[folded]
    if len(folded) < 6:  # "ngay", "tt": too short to guess at
        return None
    best = process.extractOne(folded, _BY_LABEL.keys(), scorer=fuzz.token_sort_ratio, score_cutoff=_FUZZY_CUTOFF)
    return _BY_LABEL[best[0]] if best else None


def signature(labels: list[str]) -> str:
    """The shape of a header: its folded labels in order (blank columns included)."""
    return hashlib.sha256("|".join(fold_words(t) for t in labels).encode()).hexdigest()


def _assign(keys: list[str | None]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key is not None and key not in found:
            found[key] = index
    return found


def _two_rows(top: list[str], below: list[str]) -> tuple[list[str | None], list[str]]:
    """Keys and labels of a header over two rows: a merged heading (written in its first cell only) stands over
    every sub-heading beside it, so "Cơ quan giải quyết" / "Phối hợp" is the coordinating agency."""
    width = max(len(top), len(below))
    top, below = top + [""] * (width - len(top)), below + [""] * (width - len(below))
    keys: list[str | None] = []
    labels: list[str] = []
    parent = ""
    for index in range(width):
        if top[index]:
            parent = top[index]
        elif not below[index] or not (index and below[index - 1]):
            parent = ""
        sub = below[index]
        if sub:
            key = recognise(sub) or recognise(f"{parent} {sub}") or recognise(parent)
            labels.append(f"{parent} / {sub}" if parent else sub)
        else:
            key = recognise(parent) if top[index] else None
            labels.append(top[index])
        keys.append(key)
    return keys, labels


def _apply(labels: list[str], mapping: dict[str, str]) -> dict[str, int]:
    return _assign([mapping.get(fold_words(label)) for label in labels])


def detect(rows: list[list[str]], *, mapping: dict[str, str] | None = None,
           remembered: dict[str, dict[str, str]] | None = None) -> Header | None:
    """The header among `rows` (the sheet's first rows as texts): a clerk's mapping (folded label -> key) or a
    remembered one for this shape first, else the first row (or pair of rows) naming the content and one more column."""
    for index, texts in enumerate(rows):
        sign = signature(texts)
        chosen = mapping if mapping and set(mapping) <= {fold_words(t) for t in texts} else None
        chosen = chosen or (remembered or {}).get(sign)
        if chosen:
            columns = _apply(texts, chosen)
            if all(key in columns for key in REQUIRED):
                return Header((index + 1,), columns, texts, sign, mapped=True)
    for index, texts in enumerate(rows):
        if sum(bool(t) for t in texts) < 2:
            continue
        single = _assign([recognise(t) for t in texts])
        if index + 1 < len(rows):
            keys, labels = _two_rows(texts, rows[index + 1])
            double = _assign(keys)
            if "content" in double and len(double) > len(single):
                return Header((index + 1, index + 2), double, labels, signature(labels))
        if "content" in single and len(single) >= 2:
            return Header((index + 1,), single, texts, signature(texts))
    return None


def likely_header(rows: list[list[str]]) -> tuple[int, list[str]]:
    """(row number, labels) of the row that looks most like a header: the most filled of the first rows. It is
    named in the message when no header is recognised, and its columns are the ones the mapping page offers."""
    best = max(range(len(rows)), key=lambda i: (sum(bool(t) for t in rows[i]), -i), default=None)
    return (best + 1, rows[best]) if best is not None else (0, [])


def parse_map(text: str) -> dict[str, str]:
    """`--map "Ý kiến cử tri=content,Địa bàn=locality"` as folded label -> key; ValueError naming what is wrong.
    A label may hold commas ("Nội dung ý kiến, kiến nghị=content"): a pair ends at its key."""
    mapping: dict[str, str] = {}
    position = 0
    for match in _MAP_PAIR.finditer(text):
        if match.start() != position:
            break
        label, key = match.group(1), match.group(2)
        if key not in COLUMNS:
            raise ValueError(f"“{key}” không phải khóa cột; các khóa: {', '.join(COLUMNS)}.")
        if not fold_words(label):
            raise ValueError(f"“{match.group(0)}”: thiếu tiêu đề cột.")
        mapping[fold_words(label)] = key
        position = match.end()
    if position != len(text) or not mapping:
        raise ValueError(f"“{text[position:] or text}”: cần dạng “Tiêu đề cột=khóa, Tiêu đề khác=khóa”.")
    return mapping
