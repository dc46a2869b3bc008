"""Suspected duplicates at import: a row whose folded content is close to another row of the sheet or to an item
already recorded for the same session (the search area's one measure of wording, search.duplicates.text_similarity, so reordered words still match).

The rows are not in the search index yet, so candidates come from the sheet's own shared uncommon words, not
from comparing every pair: 10,000 rows cost about as much as reading them.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from app.services.search.duplicates import TEXT_FLOOR, text_similarity
from app.services.text import fold_words

_RARE_WORDS = 4  # each text is looked up by its least common words
_TOO_COMMON = 300  # a word in more texts than this says nothing about which are twins
_CANDIDATES = 20


def suspects(contents: list[str], existing: list[tuple[str, str]]) -> list[list[str]]:
    """For each of `contents`, the labels of its likely twins: "dòng N" style indexes are left to the caller,
    so this returns "#i" for another row i and the code for an existing item."""
    texts = [fold_words(c) for c in contents] + [fold_words(c) for _code, c in existing]
    labels = [f"#{i}" for i in range(len(contents))] + [code for code, _c in existing]
    words = [set(w for w in t.split() if len(w) > 2) for t in texts]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, doc in enumerate(words):
        for word in doc:
            postings[word].append(index)
    found: list[list[str]] = []
    for index in range(len(contents)):
        rare = sorted((w for w in words[index] if len(postings[w]) <= _TOO_COMMON), key=lambda w: len(postings[w]))
        shared = Counter(other for w in rare[:_RARE_WORDS] for other in postings[w] if other != index)
        twins = [labels[other] for other, _n in shared.most_common(_CANDIDATES)
                 if text_similarity(texts[index], texts[other]) >= TEXT_FLOOR]
        found.append(twins)
    return found
