"""The nightly word counts (search_term, written by index.count_terms), read in one place by the search box, the
word sets and the duplicate finder: how many items hold each word, "" holding the number of items counted. A word
missing from them is rare (in fewer than index.TERM_MIN_DOCS items) or newer than the counts."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import SearchTerm

ROWS_PER_STATEMENT = 5000  # words in one IN list


def counted(words: Iterable[str], executor: Session | Connection | None = None) -> dict[str, int]:
    """The counts of those of `words` that were counted, and "" for the number of items counted (absent: never).
    `executor`: a connection, to read without flushing the session (the default)."""
    executor = executor if executor is not None else db.session
    ordered = ["", *sorted(set(words) - {""})]
    counts: dict[str, int] = {}
    for start in range(0, len(ordered), ROWS_PER_STATEMENT):
        counts.update(executor.execute(select(SearchTerm.term, SearchTerm.docs).where(
            SearchTerm.term.in_(ordered[start:start + ROWS_PER_STATEMENT]))).tuples().all())
    return counts
