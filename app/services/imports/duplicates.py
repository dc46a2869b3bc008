"""Suspected duplicates at import (kiến nghị nghi trùng): a row that reads like an item already recorded, or like
another row of the sheet, by the search area's one rule (search.duplicates: the same candidates, the same score).

Items already recorded: each row, as a recommendation not stored yet (its content, field and locality), asks the
search index as a recorded item does (`candidates_of_many`: its rarest words, a hundred rows per statement), among
the open and recent items the importing clerk may see. The sheet's own rows are not in the index yet, so their
twins come from the rows' shared uncommon words rather than from comparing every pair.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from app.models import User
from app.services.search.duplicates import Draft, candidates_of_many, folded_text, likely_duplicate

_RARE_WORDS = 4  # each text is looked up by its least common words
_TOO_COMMON = 300  # a word in more rows than this says nothing about which are twins
_CANDIDATES = 20
_PER_ROW = 5  # items already recorded named per row


def suspects(rows: list[Draft], user: User | None = None) -> list[list[str]]:
    """For each of `rows` (its content, field and locality), the labels of its likely twins: "#i" for
    another row i (the caller names it by its line) and the code of an item already recorded."""
    folded: dict[str, str] = {}  # each text folded once, for its words and every comparison
    twins = _twins(rows, folded)
    recorded = candidates_of_many(rows, _PER_ROW, user=user, folded=folded)
    return [[*mine, *(c.petition.code for c in found)] for mine, found in zip(twins, recorded, strict=True)]


def _twins(rows: list[Draft], folded: dict[str, str]) -> list[list[str]]:
    words = [set(w for w in folded_text(r.content, folded).split() if len(w) > 2) for r in rows]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, doc in enumerate(words):
        for word in doc:
            postings[word].append(index)
    found: list[list[str]] = []
    for index, row in enumerate(rows):
        rare = sorted((w for w in words[index] if len(postings[w]) <= _TOO_COMMON), key=lambda w: len(postings[w]))
        shared = Counter(other for w in rare[:_RARE_WORDS] for other in postings[w] if other != index)
        found.append([f"#{other}" for other, _n in shared.most_common(_CANDIDATES)
                      if likely_duplicate(row, rows[other], folded) is not None])
    return found
