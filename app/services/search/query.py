"""The search box's query (tìm kiếm): what a typed text matches in the index, and how well, on either database.

The text is folded and cut into words as the index was (`text.fold_tokens`), so "ngap ung", "Ngập Úng" and
"NGẬP ÚNG" ask the same thing. Every word must appear (the last may be the start of a word, as one types);
items holding the words as one phrase rank above items holding them scattered, then by the database's own
relevance (FTS5's bm25 on SQLite, ts_rank on PostgreSQL). Only the index is read: never a scan of the items.
"""
from __future__ import annotations

from sqlalchemy import Float, Integer, Subquery, text

from app.extensions import db
from app.services.text import fold_tokens

MAX_TERMS = 12  # a longer query is cut: it would find less and cost more

# One row per matching item: pid, phrase (1 when the words appear together in order), score (higher is better).
_SQLITE = text(
    "SELECT rowid AS pid, -bm25(petition_search_fts) AS score, "
    "rowid IN (SELECT rowid FROM petition_search_fts WHERE petition_search_fts MATCH :search_phrase) AS phrase "
    "FROM petition_search_fts WHERE petition_search_fts MATCH :search_all")
_POSTGRES = text(
    "SELECT petition_id AS pid, "
    "ts_rank(to_tsvector('simple'::regconfig, body), to_tsquery('simple', :search_all)) AS score, "
    "CASE WHEN to_tsvector('simple'::regconfig, body) @@ to_tsquery('simple', :search_phrase) THEN 1 ELSE 0 END "
    "AS phrase FROM petition_search WHERE to_tsvector('simple'::regconfig, body) @@ to_tsquery('simple', :search_all)")


def terms(typed: str) -> list[str]:
    """The folded words of what was typed (at most MAX_TERMS)."""
    return fold_tokens(typed or "")[:MAX_TERMS]


def _sqlite_queries(words: list[str]) -> tuple[str, str]:
    # Tokens hold letters and digits only, so quoting them is enough to keep FTS5's syntax out.
    every = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    return every.strip(), '"' + " ".join(words) + '"*'


def _postgres_queries(words: list[str]) -> tuple[str, str]:
    return " & ".join(words[:-1] + [f"{words[-1]}:*"]), " <-> ".join(words[:-1] + [f"{words[-1]}:*"])


def matching(typed: str, *, dialect: str | None = None) -> Subquery | None:
    """The items matching `typed` as a subquery (pid, phrase, score) to join on Petition.id; None when nothing
    searchable was typed (only punctuation, say), which the lists treat as no search at all."""
    words = terms(typed)
    if not words:
        return None
    dialect = dialect or db.session.get_bind().dialect.name
    if dialect == "postgresql":
        every, phrase = _postgres_queries(words)
        statement = _POSTGRES
    else:
        every, phrase = _sqlite_queries(words)
        statement = _SQLITE
    return (statement.bindparams(search_all=every, search_phrase=phrase)
            .columns(pid=Integer, score=Float, phrase=Integer).subquery("found"))


def any_of(words: list[str], *, dialect: str | None = None) -> Subquery | None:
    """Items holding ANY of these folded words, with the same columns (the duplicate finder's candidates, whose
    wording differs from the new item's): the database's relevance ranks those sharing the most and rarest."""
    words = [w for w in words if w][:MAX_TERMS * 2]
    if not words:
        return None
    dialect = dialect or db.session.get_bind().dialect.name
    if dialect == "postgresql":
        every, statement = " | ".join(words), _POSTGRES
    else:
        every, statement = " OR ".join(f'"{w}"' for w in words), _SQLITE
    # The phrase column is meaningless here; the same statement keeps one shape per database.
    return (statement.bindparams(search_all=every, search_phrase=every)
            .columns(pid=Integer, score=Float, phrase=Integer).subquery("found"))
