"""Word sets (tập hợp từ phổ biến), SQLite only: for each common word, the items whose index row holds it, as
compressed bitmaps of their ids (Roaring bitmaps, pyroaring's portable format, one per 65,536 ids: CHUNK_BITS), so
that a search for several common words intersects sets instead of stepping through their lists.

Why: FTS5 answers "tran" AND "duy" AND "hung" by stepping through the three words' lists side by side, and a list
can only be skipped a page at a time: when the words are each in one item of twenty, every entry of every list is
read. A search that finds nothing therefore cost what the lists hold, which grows with the books (2.8 ms at
1,000,000 items against 0.05 ms at 10,000; docs/PERFORMANCE.md, "Word sets"). Intersecting the sets costs a few
hundred microseconds at 1,000,000 items. PostgreSQL's GIN index intersects its posting trees itself, and keeps no
sets.

What the sets answer for, and how they stay true:
- A word has a set when the nightly counts (SearchTerm) put it in at least SET_MIN_DOCS items; `build()` (the
  nightly job, after the counts) writes each set from the index, one word per transaction, and drops the sets of
  words that became rare. Rarer words are left to FTS5, whose lists for them are short.
- The sets answer for the items up to a cover: the empty word's set holds one member, the highest item id the last
  build read (the house's convention: the empty word of SearchTerm holds the number of items counted). A search
  reads the items above the cover from FTS5 word by word (a list's entries past a rowid are found at once; FTS5
  asked for the words together steps through the lists from their start whatever the bound), at most ABOVE_MAX of
  them: the nightly build moves the cover up. An import adds items above the cover and writes no set.
- Every other change to an index row (an edit, a transfer's agency, an answer, a merge, a deletion) moves the item
  in or out of the sets of the words it gained or lost, in the same transaction (`follow`, called by
  index.refresh): a set is exact at all times for the items up to the cover. Bits above the cover may be missing;
  a search never reads them. Whatever writes `petition_search` around index.refresh (a migration, a restore of
  part of a table) must drop the sets (`drop`) or build them again.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from pyroaring import BitMap
from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.engine import Connection

from app.extensions import db
from app.models import PetitionSearch, SearchTerm, SearchWordSet
from app.services.search import word_counts

SET_MIN_DOCS = 500  # items holding a word for it to have a set: under this, FTS5 steps through its list in ~10 µs
RARE_ROWS_MAX = 2_000  # a search's rare words' rows (by the counts) it reads from FTS5 to intersect with the sets
# FTS5 list entries a search is expected to step through (by the counts) above which the sets answer it: FTS5 steps
# through about 50 a microsecond, and reading and intersecting the sets costs a few hundred microseconds.
FTS5_STEPS_MAX = 20_000
ABOVE_MAX = 5_000  # items added since the sets were built that a search reads from FTS5 word by word; more: FTS5
COVER = ""  # the empty word's set: one member, the highest item id the sets answer for
IDS_MAX = 2**32 - 1  # a Roaring bitmap holds 32-bit ids
CHUNK_BITS = 16  # a set is kept in pieces of 65,536 ids (one Roaring container, 8 KB at most): an edit rewrites one
RARE_DOCS = 5  # the items a word missing from the counts is taken to be in (index.TERM_MIN_DOCS: fewer)
IN_BATCH = 500
# Literal SQL: the items holding any of some words (tokens of letters and digits, quoted: FTS5's syntax stays out),
# all of them, up to a bound and above it (run by the driver's cursor, `_ids`: SQLite's named style).
_HOLDING = text("SELECT rowid FROM petition_search_fts WHERE petition_search_fts MATCH :words")
_HOLDING_UP_TO = text("SELECT rowid FROM petition_search_fts WHERE petition_search_fts MATCH :words "
                      "AND rowid <= :bound")
_HOLDING_ABOVE = text("SELECT rowid FROM petition_search_fts WHERE petition_search_fts MATCH :words "
                      "AND rowid > :bound")


def _quoted(words: Sequence[str]) -> str:
    return " OR ".join(f'"{w}"' for w in words)


def cover(conn: Connection) -> int | None:
    """The highest item id the sets answer for, or None when they were never built (or were dropped)."""
    members = conn.scalar(select(SearchWordSet.members).where(SearchWordSet.word == COVER))
    return BitMap.deserialize(members).max() if members else None


def _sets(conn: Connection, words: list[str]) -> dict[str, BitMap]:
    """The sets of those of `words` that have one, each the union of its pieces."""
    pieces: dict[str, list[BitMap]] = defaultdict(list)
    for word, members in conn.execute(select(SearchWordSet.word, SearchWordSet.members).where(
            SearchWordSet.word.in_(words))):
        pieces[word].append(BitMap.deserialize(members))
    return {word: BitMap.union(*parts) for word, parts in pieces.items()}


def _pieces(items: BitMap) -> dict[int, BitMap]:
    """`items` cut into its pieces by CHUNK_BITS (an empty set keeps one empty piece: the word has a set)."""
    if not items:
        return {0: BitMap()}
    size = 1 << CHUNK_BITS
    return {chunk: items & BitMap(range(chunk * size, (chunk + 1) * size))
            for chunk in range(items.min() >> CHUNK_BITS, (items.max() >> CHUNK_BITS) + 1)
            if items.range_cardinality(chunk * size, (chunk + 1) * size)}


def newest(conn: Connection, groups: list[list[str]], window: int) -> list[int] | None:
    """The ids of the newest `window` items holding a word of each group (a group: one word, or the words the last
    one typed begins), newest first; None when FTS5 answers as quickly or the sets cannot answer: a search of one
    word (FTS5 hands a list's newest entries at once), FTS5 expected to step through at most FTS5_STEPS_MAX list
    entries (short lists, or words together in so many items that the window comes off the lists' ends), no sets
    built, none of its words common, rare words whose rows (by the nightly counts) exceed RARE_ROWS_MAX, or more
    than ABOVE_MAX items added since the sets were built.

    Each group is the union of its words' sets up to the cover, of its rare words' items up to the cover (from
    FTS5) and of its words' items above the cover (from FTS5, word by word: a list's entries past a rowid are
    found at once, where FTS5 asked for every word together steps through the lists from their start whatever the
    bound); the groups are intersected."""
    if len(groups) < 2:
        return None
    words = sorted({w for group in groups for w in group})
    counts = word_counts.counted(words, conn)
    if _fts5_steps(groups, counts, counts.pop("", 0), window) <= FTS5_STEPS_MAX:
        return None
    sets = _sets(conn, [*words, COVER])
    if COVER not in sets or len(sets) < 2:
        return None
    upto = sets.pop(COVER).max()
    if sum(counts.get(w, RARE_DOCS) for w in words if w not in sets) > RARE_ROWS_MAX:
        return None
    added = (conn.scalar(select(func.max(PetitionSearch.petition_id))) or 0) - upto
    if added > ABOVE_MAX:
        return None
    held: BitMap | None = None
    for group in sorted(groups, key=lambda g: sum(counts.get(w, RARE_DOCS) for w in g)):
        items = BitMap().union(*(sets[w] for w in group if w in sets))
        items.remove_range(upto + 1, IDS_MAX + 1)  # the sets answer up to the cover, FTS5 above it
        if few := [w for w in group if w not in sets]:
            items |= _ids(conn, _HOLDING_UP_TO, few, upto)
        if added > 0:
            items |= _ids(conn, _HOLDING_ABOVE, group, upto)
        held = items if held is None else held & items
        if not held:
            break
    return list(reversed(held[-window:])) if held else []


def _fts5_steps(groups: list[list[str]], counts: dict[str, int], total: int, window: int) -> float:
    """The list entries FTS5 is expected to step through for this search, by the counts: every entry of every list
    when the items holding all the groups are fewer than the window (the words taken as independent: at 1,000,000
    items "tran", "duy" and "hung" were expected in 43 items and are in none), else the share of the lists, read
    newest first, that holds a window of them. Words often together ("ngap ung": expected in 2,200 items, in 25,000)
    are taken for rarer together than they are: the sets answer those too, about as quickly."""
    if not total:
        return 0.0
    held = [sum(counts.get(w, RARE_DOCS) for w in group) for group in groups]
    expected = float(total)
    for docs in held:
        expected *= min(docs, total) / total
    return sum(held) * min(1.0, window / max(expected, 1.0))


def _ids(conn: Connection, statement, words: list[str], bound: int = 0) -> BitMap:
    """The items holding any of these words (on one side of `bound`: _HOLDING_UP_TO, _HOLDING_ABOVE), read from
    FTS5 by the driver's own cursor: SQLAlchemy's rows took ten times as long to hand over the ids, a few thousand
    for a search, 40 million for the nightly build at 1,000,000 items."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        return BitMap(pid for (pid,) in cursor.execute(statement.text, {"words": _quoted(words), "bound": bound}))
    finally:
        cursor.close()


def follow(conn: Connection, before: dict[int, str], after: dict[int, str]) -> None:
    """Move items in and out of the sets of the words their index rows gained or lost: `before` the rows' folded
    text as it was (items that had a row), `after` as it is now (items that have one). Called by index.refresh in
    the same transaction as the rows it writes; only words that have a set are touched, in word order."""
    gained: dict[str, list[int]] = defaultdict(list)
    lost: dict[str, list[int]] = defaultdict(list)
    for pid in before.keys() | after.keys():
        old, new = set(before.get(pid, "").split()), set(after.get(pid, "").split())
        for word in new - old:
            gained[word].append(pid)
        for word in old - new:
            lost[word].append(pid)
    changed = sorted(gained.keys() | lost.keys())
    table = SearchWordSet.__table__
    for start in range(0, len(changed), IN_BATCH):
        kept = list(conn.execute(select(SearchWordSet.word.distinct()).where(
            SearchWordSet.word.in_(changed[start:start + IN_BATCH]), SearchWordSet.word != COVER)).scalars())
        moves: dict[tuple[str, int], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for word in kept:
            for pid in gained.get(word, ()):
                if pid <= IDS_MAX:
                    moves[(word, pid >> CHUNK_BITS)][0].append(pid)
            for pid in lost.get(word, ()):
                if pid <= IDS_MAX:
                    moves[(word, pid >> CHUNK_BITS)][1].append(pid)
        if not moves:
            continue
        # The pieces by word and chunk (a row-value IN list was not looked up by the key: it read every row).
        stored = {(word, chunk): members for word, chunk, members in conn.execute(
            select(SearchWordSet.word, SearchWordSet.chunk, SearchWordSet.members).where(
                SearchWordSet.word.in_(sorted({w for w, _c in moves})),
                SearchWordSet.chunk.in_(sorted({c for _w, c in moves})))) if (word, chunk) in moves}
        updated, added = [], []
        for key in sorted(moves):
            ins, outs = moves[key]
            items = BitMap.deserialize(stored[key]) if key in stored else BitMap()
            items |= BitMap(ins)
            items -= BitMap(outs)
            if key in stored:
                updated.append({"w": key[0], "c": key[1], "members": items.serialize()})
            elif items:  # the first of the word's items in that piece
                added.append({"word": key[0], "chunk": key[1], "members": items.serialize()})
        if updated:
            conn.execute(table.update().where(table.c.word == bindparam("w"), table.c.chunk == bindparam("c")),
                         updated)
        if added:
            conn.execute(insert(table), added)


def any_kept(conn: Connection) -> bool:
    """Whether any set is kept (the index writer reads the rows' old text only then)."""
    return conn.dialect.name == "sqlite" and conn.scalar(select(SearchWordSet.word).limit(1)) is not None


def build(between: Callable[[], object] | None = None, *, min_docs: int | None = None) -> int:
    """Write the set of each word the nightly counts put in at least SET_MIN_DOCS items, from the index, one word at
    a time (`between` called after each: the job commits there, so writers wait for one word at most), drop the
    others' sets, then move the cover up to the highest item id there was when the build began. Returns how many
    sets there are. SQLite only (nothing to do on PostgreSQL)."""
    conn = db.session.connection()
    if conn.dialect.name != "sqlite":
        return 0
    least = SET_MIN_DOCS if min_docs is None else min_docs
    upto = conn.scalar(select(func.max(PetitionSearch.petition_id)))
    words = list(conn.execute(select(SearchTerm.term).where(SearchTerm.term != "", SearchTerm.docs >= least)
                              .order_by(SearchTerm.term)).scalars())
    if upto is None or upto > IDS_MAX:
        drop()
        return 0
    for word in words:
        # The delete first: it takes the write lock, so the list read next is the index as no one else changes it
        # before the set is written (edits after that move items in the set themselves, follow).
        conn.execute(delete(SearchWordSet).where(SearchWordSet.word == word))
        items = _ids(conn, _HOLDING, [word])
        conn.execute(insert(SearchWordSet), [{"word": word, "chunk": chunk, "members": piece.serialize()}
                                             for chunk, piece in _pieces(items).items()])
        if between is not None:
            between()
        conn = db.session.connection()
    conn.execute(delete(SearchWordSet).where(SearchWordSet.word.not_in([*words, COVER])))
    conn.execute(delete(SearchWordSet).where(SearchWordSet.word == COVER))
    conn.execute(insert(SearchWordSet), {"word": COVER, "chunk": 0, "members": BitMap([upto]).serialize()})
    return len(words)


def drop(conn: Connection | None = None) -> None:
    """Drop every set (a rebuild of the index writes them again after it)."""
    (conn or db.session.connection()).execute(delete(SearchWordSet))
