"""The search box's query (tìm kiếm): what a typed text matches in the index, and how well, on either database.

The text is folded and cut into words as the index was (`text.fold_tokens`), so "ngap ung", "Ngập Úng" and
"NGẬP ÚNG" ask the same thing. Every word must appear (the last may be the start of a word, as one types);
items holding the words as one phrase rank above items holding them scattered, then the newest first on SQLite
(see _SQLITE) and by ts_rank on PostgreSQL. Only the index is read: never a scan of the items. A phrase asks for
its neighbouring word pairs too (`word_pairs`), which the index holds beside the words: their lists are short.

A search weighs at most WINDOW matches, the newest: the index walks its matches from the newest item back and
stops there, and only those are scored. So a search costs the same whatever the size of the books, even one whose
words are in every fortieth item (without the window, scoring and sorting every match grew with the table: 7 ms
at 10,000 items, 31 ms at 100,000). Phrase matches have a window of their own, so an exact phrase is never pushed
out by newer scattered matches. `capped(typed)` tells the list to say that older matches were left out.
On PostgreSQL the GIN index cannot hand its matches newest first: it finds them all (a bitmap, cheap per match,
but growing with them). So a search takes the newest rows' matches first: common words by walking the newest
RECENT index rows in order, others from a second GIN index over the newest HOT_ROWS rows, and asks the whole index
only when those hold too few matches (see _POSTGRES); the vectors are stored (`petition_search.body_tsv`), never
recomputed per row. On SQLite, several words that FTS5 would have to step through long lists for (each common,
together in few items: "tran duy hung" at 1,000,000 items) are intersected from the sets of the common words instead
(search/sets.py, `_from_sets`). On both, a request runs its search once (`found`) and its queries join what it
found.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import Float, Integer, Subquery, bindparam, func, literal, select, text, union_all

from app.extensions import db
from app.models import SearchTerm, SearchWord
from app.models.petition import PG_HOT_INDEX, WORD_MAX
from app.services.search import sets, word_counts
from app.services.text import fold_tokens

MAX_TERMS = 12  # a longer query is cut: it would find less and cost more
RECENT = 25_000  # PostgreSQL: index rows a search walks newest first when its words are common (about 10 ms)
WALK_MARGIN = 2  # PostgreSQL: how many windows the rarest word must promise within RECENT rows for a walk
HOT_ROWS = 100_000  # PostgreSQL: the newest rows the second GIN index holds (PG_HOT_INDEX), reset nightly
NO_FLOOR = 2_147_483_647  # the floor of a newest rows' index that is missing: no row is above it
WINDOW = 500  # matches weighed per search (and as many phrase matches): the newest
DUPLICATE_WINDOW = 300  # candidates weighed per duplicate lookup: the newest items sharing a distinctive word
MAX_TOKEN_BYTES = 2047
PAIR_JOIN = "_"  # two neighbouring words as one index token (word_pairs)
EXPAND_MAX = 50  # words a last word typed may begin for the search to ask for them rather than for the prefix
NOTHING = "'_'"  # a PostgreSQL tsquery no index row holds (words are letters and digits, pairs "_a_b")

# The phrase's newest `window` matches (kind 1), then the words' newest `window` + 1 (kind 0; the one more tells
# `capped`); score is higher for better. FTS5 serves `ORDER BY rowid DESC LIMIT n` from its index. The search box
# ranks the phrase first, then the newest (score = rowid):
# FTS5's bm25 counts, once per query, the items holding each searched word by walking that word's whole list, which
# for a word in most items (an item code's "kn" and year) cost 80 ms a word at 1,000,000 items. The duplicate finder
# keeps bm25: it asks with distinctive words only, whose lists are short.
# The phrase is asked as its word pairs (the last one a prefix), whose lists are short, and confirmed on the rows
# they hand over by the folded text itself, which holds the words joined by single spaces: " " || body holds
# " nao vet ho" exactly when the words stand together in that order, the last one started by "ho". Asked as an FTS5
# phrase instead, FTS5 first gathered every item holding a word the last one starts (2-3 ms for "chuong" at
# 1,000,000 items), and checked positions in every item holding all the words (17 ms for "nạo vét hồ Văn Chương").
# Literal SQL, written out whole (no formatting): the typed words only ever arrive as bound parameters.
# Several words that are each common are intersected from their sets (search/sets.py) rather than by FTS5, which
# steps through every entry of their lists to find that no item holds them all: the phrase is then asked alone.
_SQLITE = text(
    "SELECT pid, score, 1 AS kind FROM (SELECT rowid AS pid, rowid AS score FROM petition_search_fts "
    "WHERE petition_search_fts MATCH :search_phrase AND (' ' || body) LIKE :phrase_text "
    "ORDER BY rowid DESC LIMIT :window) "
    "UNION ALL SELECT pid, score, 0 AS kind FROM (SELECT rowid AS pid, rowid AS score FROM petition_search_fts "
    "WHERE petition_search_fts MATCH :search_all ORDER BY rowid DESC LIMIT :window + 1)")
_SQLITE_PHRASE = text(  # the first part of _SQLITE alone
    "SELECT pid, score, 1 AS kind FROM (SELECT rowid AS pid, rowid AS score FROM petition_search_fts "
    "WHERE petition_search_fts MATCH :search_phrase AND (' ' || body) LIKE :phrase_text "
    "ORDER BY rowid DESC LIMIT :window)")
_SQLITE_ANY = text(
    "SELECT pid, score, 0 AS phrase FROM (SELECT rowid AS pid, -bm25(petition_search_fts) AS score "
    "FROM petition_search_fts WHERE petition_search_fts MATCH :search_all ORDER BY rowid DESC LIMIT :window)")
# PostgreSQL: the GIN index cannot hand its matches newest first: it finds them all, and a phrase is rechecked on
# each (a bitmap heap scan: 80-160 ms for the 25,000 items holding "ngap ung" at 1,000,000 items). So a search
# takes its matches from the newest rows first, in one of two ways, testing the words and, on the rows holding
# them, the phrase (a phrase match holds every word); each branch keeps its newest `window`:
# - words common enough to fill the window within the newest :recent rows (by the nightly counts, rows_to_walk)
#   are tested on those rows, walked in order (the primary key backwards): "ngap ung", in one item of forty,
#   fills its 500 there (11 ms at 1,000,000 items; a walk per branch took 24 ms);
# - rarer words (`recent` is 0), or a walk that found fewer, ask the index of the newest rows (PG_HOT_INDEX,
#   "petition_id > :hot_floor", about HOT_ROWS rows, the floor written into the SQL for the planner to see the
#   index fits): it hands over their matches alone. For "nạo vét hồ Văn Chương", whose words are in one item of
#   eighty, the walk found 313 of 500 in the newest 25,000 and went on for 17,000 more rows (8 ms), or the whole
#   index fetched and sorted all 12,500 matches (49 ms); the newest rows' index hands over their 1,300 (4 ms).
# Only a branch that still found fewer asks the whole index (the old way, then cheap, for the matches are rare).
# The walk hands its rows over newest first and is read only as far as its readers need (no ORDER BY over it: a
# sort would read it all): for "de nghi", in seven items of eight at 1,000,000 items, each reader sorted the
# 21,854 matches of the 25,000 rows to keep its newest 500 (92 ms of 125); read in order, the walk stops after
# 603 rows (1.5 ms).
# The walk's subquery has its own LIMIT, so the planner cannot turn it into an index lookup; the whole index's query
# orders on `petition_id + 0` for the opposite reason: walking the primary key backwards there, which it likes for
# common words, would read the whole table for a phrase no item holds. The words branch keeps one row more than the
# window, which tells `capped`; its rows holding the phrase (kind 2) are left out of the words' window by `found`.
# The whole index is asked for a phrase's word pairs only (petition_search_pairs: their lists are short; a phrase
# of one word is that word, asked of the words' index, and the other part of the UNION asks for the token "_",
# which nothing holds); the phrase itself, positions and
# all, is tested on the rows they hand over, written as ts_match_vq so that the planner does not take it to the
# index too: GIN would first gather every item holding a word that starts with the last one typed (14 ms -> 5 ms
# for "nạo vét hồ Văn Chương" at 1,000,000 items).
# Literal SQL, written out whole (no formatting): the typed words only ever arrive as bound parameters (the floor, an
# integer read from the catalogue, is rendered by SQLAlchemy: literal_execute).
_POSTGRES = text(
    "WITH walked AS (SELECT petition_id, body_tsv, body_tsv @@ to_tsquery('simple', :search_phrase) AS is_phrase "
    "FROM (SELECT petition_id, body_tsv FROM petition_search ORDER BY petition_id DESC LIMIT :recent) AS newest "
    "WHERE body_tsv @@ to_tsquery('simple', :search_all)), "
    "walked_count AS (SELECT count(*) AS n FROM (SELECT 1 FROM walked LIMIT :window + 1) AS filled), "
    "hot AS (SELECT petition_id, body_tsv, body_tsv @@ to_tsquery('simple', :search_phrase) AS is_phrase "
    "FROM petition_search WHERE petition_id > :hot_floor AND body_tsv @@ to_tsquery('simple', :search_all) "
    "AND (SELECT n FROM walked_count) <= :window), "
    "phrase_walked AS (SELECT * FROM (SELECT petition_id, body_tsv FROM walked "
    "WHERE is_phrase AND (SELECT n FROM walked_count) > :window LIMIT :window) AS by_walk "
    "UNION ALL SELECT * FROM (SELECT petition_id, body_tsv FROM hot WHERE is_phrase "
    "ORDER BY petition_id DESC LIMIT :window) AS by_hot), "
    "by_phrase AS (SELECT * FROM phrase_walked WHERE (SELECT count(*) FROM phrase_walked) >= :window "
    "UNION ALL SELECT * FROM (SELECT petition_id, body_tsv FROM petition_search WHERE petition_id IN ("
    "SELECT petition_id FROM petition_search_pairs WHERE pairs @@ CAST(:search_pairs AS tsquery) "
    "UNION ALL SELECT petition_id FROM petition_search WHERE body_tsv @@ CAST(:search_word AS tsquery)) "
    "AND ts_match_vq(body_tsv, to_tsquery('simple', :search_phrase)) "
    "ORDER BY petition_id + 0 DESC LIMIT :window) AS indexed "
    "WHERE (SELECT count(*) FROM phrase_walked) < :window), "
    "words_found AS (SELECT * FROM (SELECT petition_id, body_tsv FROM walked "
    "WHERE (SELECT n FROM walked_count) > :window LIMIT :window + 1) AS by_walk "
    "UNION ALL SELECT * FROM (SELECT petition_id, body_tsv FROM hot ORDER BY petition_id DESC LIMIT :window + 1) "
    "AS by_hot), "
    "by_words AS (SELECT * FROM words_found WHERE (SELECT count(*) FROM words_found) > :window "
    "UNION ALL SELECT * FROM (SELECT petition_id, body_tsv FROM petition_search "
    "WHERE body_tsv @@ to_tsquery('simple', :search_all) ORDER BY petition_id + 0 DESC LIMIT :window + 1) "
    "AS indexed WHERE (SELECT count(*) FROM words_found) <= :window) "
    "SELECT petition_id AS pid, ts_rank(body_tsv, to_tsquery('simple', :search_phrase)) AS score, 1 AS kind "
    "FROM by_phrase "
    "UNION ALL SELECT petition_id, ts_rank(body_tsv, to_tsquery('simple', :search_all)), "
    "CASE WHEN body_tsv @@ to_tsquery('simple', :search_phrase) THEN 2 ELSE 0 END FROM by_words")
# What a search found (Found, read once per request), handed to the lists' queries as rows to join: PostgreSQL's
# arrays, SQLite's JSON (pid, score, phrase per match; json_each keeps the array's order, the planner starts from it
# and reads each item by its primary key).
_POSTGRES_FOUND = text("SELECT * FROM unnest(CAST(:pids AS integer[]), CAST(:scores AS double precision[]), "
                       "CAST(:phrases AS integer[])) AS matched(pid, score, phrase)")
_SQLITE_FOUND = text("SELECT json_extract(value, '$[0]') AS pid, json_extract(value, '$[1]') AS score, "
                     "json_extract(value, '$[2]') AS phrase FROM json_each(:hits)")
# The duplicate finder's candidates: the newest `window` items holding any of its distinctive words, walked from
# the newest index rows first like a search (each word may be in up to one item in fifty: at 1,000,000 items the
# index hands over 50,000 rows for four of them).
_POSTGRES_ANY = text(
    "WITH walked AS (SELECT petition_id, body_tsv FROM (SELECT petition_id, body_tsv FROM petition_search "
    "ORDER BY petition_id DESC LIMIT :recent) AS newest "
    "WHERE body_tsv @@ to_tsquery('simple', :search_all) LIMIT :window), "
    "by_words AS (SELECT * FROM walked WHERE (SELECT count(*) FROM walked) >= :window "
    "UNION ALL SELECT * FROM (SELECT petition_id, body_tsv FROM petition_search "
    "WHERE body_tsv @@ to_tsquery('simple', :search_all) ORDER BY petition_id + 0 DESC LIMIT :window) AS indexed "
    "WHERE (SELECT count(*) FROM walked) < :window) "
    "SELECT petition_id AS pid, ts_rank(body_tsv, to_tsquery('simple', :search_all)) AS score, 0 AS phrase "
    "FROM by_words")


def terms(typed: str) -> list[str]:
    """The folded words of what was typed (at most MAX_TERMS)."""
    return fold_tokens(typed or "")[:MAX_TERMS]


def word_pairs(words: list[str]) -> list[str]:
    """Each two neighbouring words as one token ("nao", "vet", "ho" -> _nao_vet, _vet_ho), as the index stores them
    beside the words (`index._rows`): a phrase's pairs are its filter. The words are tokens of letters and digits,
    so the underscore cannot be part of one: a pair never reads as a word, and starting with it, never as the end
    of a word typed as a prefix either ("ung" must not find "_ung_nghiem", a token without positions on
    PostgreSQL, which would then fail the phrase "ngap ung")."""
    pairs = [f"{PAIR_JOIN}{a}{PAIR_JOIN}{b}" for a, b in pairwise(words)]
    # PostgreSQL refuses a tsvector or tsquery token over 2,047 bytes (to_tsvector merely drops such a word, but
    # the pairs are cast as they are): a pair with a word that long is left out, as the word itself is. Measured
    # only when a word could make one that long (4 bytes a character at most): the index writer pairs every word.
    if len(max(words, key=len, default="")) * 8 + 2 * len(PAIR_JOIN) <= MAX_TOKEN_BYTES:
        return pairs
    return [pair for pair in pairs if len(pair.encode()) <= MAX_TOKEN_BYTES]


def _sqlite_queries(words: list[str], begun: list[str] | None) -> tuple[str, str, str]:
    """FTS5's query for the words (every one, the last as the words it begins: `begun`, from `completions`, or
    None to ask the index for the prefix), its query for the phrase (the word pairs, or the one word) and the LIKE pattern that
    confirms the phrase on the folded text (see _SQLITE)."""
    # Tokens hold letters and digits only, so quoting them is enough to keep FTS5's syntax out, and nothing in
    # them is a LIKE wildcard.
    last = f'"{words[-1]}"*' if begun is None else "(" + " OR ".join(f'"{w}"' for w in begun) + ")"
    every = " AND ".join([*(f'"{w}"' for w in words[:-1]), last])  # AND written out: "(...)" takes no implicit one
    pairs, ended = word_pairs(words), _last_pairs(words, begun)
    if ended:  # AND written out, as above
        phrase = " AND ".join([*(f'"{p}"' for p in pairs[:-1]), "(" + " OR ".join(f'"{p}"' for p in ended) + ")"])
    else:
        phrase = " ".join([*(f'"{p}"' for p in pairs[:-1]), f'"{pairs[-1]}"*']) if pairs else last
    return every, phrase, f"% {' '.join(words)}%"


def _last_pairs(words: list[str], begun: list[str] | None) -> list[str] | None:
    """The phrase's last pair as the pairs it may be (its second word each word the last one typed begins), as the
    words are asked (`completions`); None to ask for it as a prefix (no words begun known, one word typed, or a
    pair too long for the index). Asked as a prefix, GIN first gathered every item holding a pair it begins
    ("_van_chuong": 25,000 items at 1,000,000; 6.5 ms) before finding that none held the others."""
    if begun is None or len(words) < 2 or not word_pairs(words[-2:]):
        return None
    ended = (f"{PAIR_JOIN}{words[-2]}{PAIR_JOIN}{w}" for w in begun)
    return [pair for pair in ended if len(pair.encode()) <= MAX_TOKEN_BYTES] or None


def _postgres_queries(words: list[str], begun: list[str] | None) -> tuple[str, str, str, str]:
    """The words and the phrase as tsqueries (the last word as the words it begins, or as a prefix: see
    _sqlite_queries), and what the phrase asks of the index: its word pairs (of the pairs' table), or for one
    word that word (of the words' index), the other being NOTHING. Pairs are taken as they are, by a CAST
    (to_tsquery would cut them at the underscore)."""
    last = f"{words[-1]}:*" if begun is None else "(" + " | ".join(begun) + ")"
    pairs, ended = word_pairs(words), _last_pairs(words, begun)
    if ended:
        by_pairs = " & ".join([*pairs[:-1], "(" + " | ".join(ended) + ")"])
    else:
        by_pairs = " & ".join(pairs[:-1] + [f"{pairs[-1]}:*"]) if pairs else NOTHING
    return (" & ".join([*words[:-1], last]), " <-> ".join([*words[:-1], last]), by_pairs,
            NOTHING if pairs else last)


def completions(prefix: str) -> list[str] | None:
    """The words of the vocabulary (SearchWord, kept in step with the index) that `prefix` begins, itself included
    when it is one, or None when there are more than EXPAND_MAX, one may have been cut to WORD_MAX, or the prefix
    is a number: then the index is asked for the prefix itself. Asked for the words, FTS5 and GIN look each up in its list; asked for a prefix,
    they first gather every item holding any word it begins (11 ms of 13 on PostgreSQL for "tran duy hung" at
    1,000,000 items, "hung" being in 53,566 of them)."""
    if len(prefix) >= WORD_MAX or prefix.isdigit():  # the vocabulary keeps no numbers (index._learn)
        return None
    found_words = db.session.scalars(select(SearchWord.word).where(
        SearchWord.word >= prefix, SearchWord.word < _after(prefix)).order_by(SearchWord.word)
        .limit(EXPAND_MAX + 1)).all()
    if len(found_words) > EXPAND_MAX or any(len(w) >= WORD_MAX for w in found_words):
        return None
    return found_words


def _after(prefix: str) -> str:
    """The first string past every word `prefix` begins (words are letters and digits, compared bytewise)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _dialect(dialect: str | None) -> str:
    return dialect or db.session.get_bind().dialect.name


def matching(typed: str, *, dialect: str | None = None, window: int | None = None) -> Subquery | None:
    """The items matching `typed` (the newest `window` of them, and as many phrase matches) as a subquery
    (pid, phrase, score) to join on Petition.id; None when nothing searchable was typed (only punctuation, say),
    which the lists treat as no search at all. The search runs here, once per request (`found`), and the
    subquery holds its rows."""
    words = terms(typed)
    if not words:
        return None
    postgres = _dialect(dialect) == "postgresql"
    hits = found(words, window or WINDOW, postgres).hits
    if postgres:
        rows = _POSTGRES_FOUND.bindparams(pids=[h[0] for h in hits], scores=[h[1] for h in hits],
                                          phrases=[h[2] for h in hits])
    else:
        rows = _SQLITE_FOUND.bindparams(hits=json.dumps(hits))
    return rows.columns(pid=Integer, score=Float, phrase=Integer).subquery("found")


def capped(typed: str, *, dialect: str | None = None, window: int | None = None) -> bool:
    """Whether `typed` matches more items than a search weighs (the list then says older ones were left out)."""
    words = terms(typed)
    return bool(words) and found(words, window or WINDOW, _dialect(dialect) == "postgresql").capped


@dataclass(frozen=True)
class Found:
    hits: list[tuple[int, float, int]]  # (pid, score, phrase): the phrase window, then the other words' window
    capped: bool  # more items hold the words than the window weighs


FOUND = "search_found"  # the session's memo of searches (see found)


def found(words: list[str], window: int, postgres: bool) -> Found:
    """A search, run once per request: a list page builds its query twice (its rows, its pages), may count, and
    says whether the search was capped; the index's statement (`_SQLITE`, `_POSTGRES`) is the costly part (at
    1,000,000 items asking it for each of those took 17 ms on SQLite where once takes 6), so it runs once and the
    lists join its rows. Its rows: the phrase's window (kind 1) and the words' window with one row more, which
    tells `capped` (kind 0, or 2 for a row PostgreSQL saw holding the phrase); a phrase match is shown once, as
    one. The memo lives in the session (the request's) and is dropped whenever the index is written (`forget`,
    called by search/index.py)."""
    memo = db.session.info.setdefault(FOUND, {})
    if (key := (tuple(words), window)) not in memo:
        begun = completions(words[-1])
        if begun == []:  # no item holds a word the last one begins: nothing matches
            memo[key] = Found([], False)
            return memo[key]
        rows = None if postgres else _from_sets(words, window, begun)
        if rows is None:
            rows = db.session.execute(search_statement(words, window, postgres, begun)).all()
        hits = [(pid, score, 1) for pid, score, kind in rows if kind == 1]
        phrases = {pid for pid, _score, _kind in hits}
        words_rows = sorted((r for r in rows if r[2] != 1), key=lambda r: r[0], reverse=True)
        hits += [(pid, score, 0) for pid, score, kind in words_rows[:window] if kind == 0 and pid not in phrases]
        memo[key] = Found(hits, len(words_rows) > window)
    return memo[key]


def _from_sets(words: list[str], window: int, begun: list[str] | None) -> list[tuple[int, float, int]] | None:
    """SQLite: the search's rows with the words' window taken from the sets of common words (search/sets.py), the
    phrase asked of FTS5 alone; None when the sets cannot answer (see sets.newest), or the last word is asked as a
    prefix (its words unknown)."""
    if begun is None:
        return None
    # On the session's connection, which does not flush: `completions` has asked the session, which did.
    newest = sets.newest(db.session.connection(), [[w] for w in words[:-1]] + [begun], window + 1)
    if newest is None:
        return None
    _every, phrase, phrase_text = _sqlite_queries(words, begun)
    rows = db.session.execute(_SQLITE_PHRASE.bindparams(search_phrase=phrase, phrase_text=phrase_text,
                                                        window=window)).tuples().all()
    return rows + [(pid, pid, 0) for pid in newest]


def search_statement(words: list[str], window: int, postgres: bool, begun: list[str] | None = None):
    """The index's statement for these folded words, its values bound (also for EXPLAIN); `begun`: the words the
    last one begins (`completions`), None to ask for it as a prefix."""
    if postgres:
        return postgres_statement(words, window, begun)
    every, phrase, phrase_text = _sqlite_queries(words, begun)
    return _SQLITE.bindparams(search_all=every, search_phrase=phrase, phrase_text=phrase_text, window=window)


def postgres_statement(words: list[str], window: int, begun: list[str] | None = None):
    """The PostgreSQL search statement for these folded words, its values bound (also for EXPLAIN)."""
    every, phrase, pairs, word = _postgres_queries(words, begun)
    floor = hot_floor()
    return _POSTGRES.bindparams(bindparam("hot_floor", NO_FLOOR if floor is None else floor, literal_execute=True),
                                search_all=every, search_phrase=phrase, search_pairs=pairs, search_word=word,
                                window=window, recent=rows_to_walk(words, window))


_HOT_FLOOR = text("SELECT pg_get_expr(ix.indpred, ix.indrelid) FROM pg_index AS ix "
                  "WHERE ix.indexrelid = to_regclass(:name)")
_FLOOR_WRITTEN = re.compile(r"^\(?petition_id > (\d+)\)?$")


def hot_floor() -> int | None:
    """The floor of the newest rows' index (PostgreSQL: the N of its "petition_id > N", as the catalogue holds it),
    or None when there is none (SQLite; a database before its migration)."""
    if _dialect(None) != "postgresql":
        return None
    written = db.session.scalar(_HOT_FLOOR, {"name": PG_HOT_INDEX})
    match = _FLOOR_WRITTEN.match(written or "")
    return int(match.group(1)) if match else None


def forget() -> None:
    """Drop the memo of searches: the index has changed."""
    db.session.info.pop(FOUND, None)


def rows_to_walk(words: list[str], window: int) -> int:
    """How many of the newest index rows a PostgreSQL search walks: RECENT, or none when a typed word is held by too
    few items to fill the window within the walk, by the nightly counts (a word missing from them is rare): the
    newest rows' index is asked instead (see _POSTGRES). The last word is a prefix: the items holding any word it
    starts. A code (its number: one item) or a rare name goes to the indexes, which find it at once; a word newer
    than the counts only makes the walk run for nothing: it costs its bounded time, the answer is the same."""
    *whole, prefix = words
    counts, total = _counts(whole)
    if not total:  # never counted (a new database): walk, the answer does not depend on it
        return RECENT
    # Words are folded letters and digits, those starting with "ung" sorting from "ung" to before "unh" (an estimate
    # only: a collation that orders them otherwise changes whether the walk runs, never the answer).
    starting = db.session.scalar(select(func.coalesce(func.sum(SearchTerm.docs), 0)).where(
        SearchTerm.term >= prefix, SearchTerm.term < _after(prefix))) if prefix else total
    # The items holding every word are fewer than those holding the rarest (often far fewer: the five words of
    # "nạo vét hồ Văn Chương" are each in one item of forty, all five in one of eighty), and a walk that comes up
    # short costs its whole length before the newest rows' index is asked: walk only when the rarest promises
    # WALK_MARGIN windows.
    rarest = min([counts.get(w, 0) for w in whole] + [starting])
    return RECENT if _fills(rarest, total, window * WALK_MARGIN) else 0


def any_of(words: list[str], *, dialect: str | None = None, window: int | None = None) -> Subquery | None:
    """The newest `window` items holding ANY of these folded words, with the same columns (the duplicate finder's
    candidates, whose wording differs from the new item's): the database's relevance ranks those sharing the most
    and rarest."""
    words = [w for w in words if w][:MAX_TERMS * 2]
    if not words:
        return None
    window = window or DUPLICATE_WINDOW
    if _dialect(dialect) == "postgresql":
        every, statement = " | ".join(words), _POSTGRES_ANY.bindparams(recent=rows_to_walk_for_any(words, window))
    else:
        every, statement = " OR ".join(f'"{w}"' for w in words), _SQLITE_ANY
    return (statement.bindparams(search_all=every, window=window)
            .columns(pid=Integer, score=Float, phrase=Integer).subquery("found"))


# For many items at once (the duplicate finder's batches: an import's rows, a page of a session's items): per word,
# the newest `per_word` items holding it, every word in one statement. Asked per word, not per item, because a
# ranked query per item costs tens of milliseconds on PostgreSQL, which thousands of rows cannot afford; and the
# rows of a batch share many of their words.
_SQLITE_HOLDING = text("SELECT rowid AS pid FROM petition_search_fts WHERE petition_search_fts MATCH :word "
                       "ORDER BY rowid DESC LIMIT :per_word")
_POSTGRES_HOLDING = text(
    "SELECT asked.word, found.pid FROM unnest(CAST(:words AS text[])) AS asked(word) CROSS JOIN LATERAL "
    "(SELECT petition_id AS pid FROM petition_search WHERE body_tsv "
    "@@ to_tsquery('simple', asked.word) ORDER BY petition_id + 0 DESC LIMIT :per_word) AS found")
HOLDING_BATCH = 400  # words per statement (SQLite allows 500 terms in a UNION ALL)


def newest_holding(words: list[str], per_word: int, *, dialect: str | None = None) -> dict[str, list[int]]:
    """For each folded word (a token: letters and digits only), the ids of the newest `per_word` items whose index
    row holds it, newest first."""
    holders: dict[str, list[int]] = {}
    postgres = _dialect(dialect) == "postgresql"
    for start in range(0, len(words), HOLDING_BATCH):
        chunk = [w for w in words[start:start + HOLDING_BATCH] if w]
        if not chunk:
            continue
        if postgres:
            rows = db.session.execute(_POSTGRES_HOLDING, {"words": chunk, "per_word": per_word})
        else:
            rows = db.session.execute(union_all(*(
                select(literal(word).label("word"), holding.c.pid) for word, holding in (
                    (word, _SQLITE_HOLDING.bindparams(bindparam("word", f'"{word}"', unique=True),
                                                      bindparam("per_word", per_word, unique=True))
                     .columns(pid=Integer).subquery()) for word in chunk))))
        for word, pid in rows:
            holders.setdefault(word, []).append(pid)
    return holders


def rows_to_walk_for_any(words: list[str], window: int) -> int:
    """rows_to_walk for "any of these words": worth walking when together they are held by enough items to fill the
    window within it."""
    counts, total = _counts(words)
    return RECENT if not total or _fills(sum(counts.values()), total, window) else 0


def _counts(words: list[str]) -> tuple[dict[str, int], int]:
    """The nightly counts of these words (a word missing is rare), and the number of items counted (0: never)."""
    counts = word_counts.counted(words)
    return counts, counts.pop("", 0)


def _fills(holders: int, total: int, window: int) -> bool:
    """Whether items held by `holders` of `total` are expected to number `window` among the RECENT newest."""
    return holders * min(RECENT, total) >= window * total
