"""Keeping the search index in step (cập nhật chỉ mục tìm kiếm): the one place that writes `petition_search` (and,
on PostgreSQL, its word pairs' table).

Every ORM flush that inserts or changes a recommendation, an answer, an agency or a meeting refreshes the rows of
the items concerned, in the same transaction (a Session `after_flush` listener, registered once by create_app), so
recording, editing, classifying, transferring, merging, answering and importing through the services all keep
the index current without each of them having to remember it. Code that writes petitions with Core statements
(the benchmark's load data, a bulk import) calls `refresh(ids)` itself; `rebuild()` (`flask rebuild-search-index`)
rewrites every row, after a migration or a restore. `count_terms()` recounts how many items hold each word
(`search_term`, read by the duplicate finder), nightly and after a rebuild: counts a day old are close enough to
tell a common word from a rare one, and keeping them exact on every write would make every recording update the
same rows ("cu", "tri", ...) and wait on each other.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from sqlalchemy import delete, event, func, insert, or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased

from app import clock
from app.extensions import db
from app.models import (
    Agency,
    Answer,
    Petition,
    PetitionSearch,
    SearchTerm,
    VoterMeeting,
    petition_coordinator,
)
from app.models.petition import PG_HOT_INDEX, SEARCH_PAIRS, WORD_MAX
from app.services import bulk
from app.services.search import query, sets
from app.services.text import fold_tokens

BATCH = 2000
MERGE_PAGES = 500  # index pages a step of the nightly merge writes (SQLite): about 0.1 s that writers wait at most
MERGE_STEPS_MAX = 10_000
TERM_MIN_DOCS = 5  # words in fewer items are rare anyway and not stored (item codes alone would be a row each)
# Literal SQL: each database's own word counts of the index (its word pairs left out: no search counts them).
_SQLITE_TERMS = text("SELECT term, doc FROM petition_search_fts_vocab WHERE doc >= :least AND instr(term, '_') = 0")
# Literal SQL: the vocabulary's new words (SearchWord), a batch's words in one statement.
_SQLITE_LEARN = text("INSERT OR IGNORE INTO search_word (word) SELECT value FROM json_each(:words)")
_POSTGRES_LEARN = text("INSERT INTO search_word (word) SELECT word FROM unnest(CAST(:words AS text[])) AS word "
                       "ORDER BY word COLLATE \"C\" ON CONFLICT DO NOTHING")
# Literal SQL: the index merged into one piece (compact).
_SQLITE_PIECES = text("SELECT count(DISTINCT segid) FROM petition_search_fts_idx")
_SQLITE_MERGE = text("INSERT INTO petition_search_fts (petition_search_fts, rank) VALUES ('merge', :pages)")
_SQLITE_CHANGES = text("SELECT total_changes()")
_POSTGRES_PENDING = text("SELECT gin_clean_pending_list(ix.indexrelid) FROM pg_index AS ix "
                         "JOIN pg_class AS rel ON rel.oid = ix.indexrelid JOIN pg_am AS am ON am.oid = rel.relam "
                         "WHERE am.amname = 'gin' AND ix.indrelid IN (CAST('petition_search' AS regclass), "
                         "CAST('petition_search_pairs' AS regclass))")
_POSTGRES_TERMS = text("SELECT word, ndoc FROM ts_stat('SELECT body_tsv FROM petition_search') "
                       "WHERE ndoc >= :least AND strpos(word, '_') = 0")


def _folded(*parts: str | None) -> str:
    return " ".join(" ".join(fold_tokens(p)) for p in parts if p)


class Written(NamedTuple):
    """What a new item was written with (its columns' values) and its coordinating agencies' ids: its index row is
    made from these, without reading the item back (`refresh(..., written=...)`)."""

    values: dict
    coordinating: Sequence[int]


class _Item(NamedTuple):
    id: int
    code: str
    summary: str | None
    content: str | None
    locality: str | None
    lead: str | None
    venue: str | None


def _rows(conn: Connection, ids: Sequence[int], new: bool = False) -> list[dict]:
    """The index rows of `ids`: the item's own words, its agencies, its submitted answers and the localities of
    the items merged into it (a merged duplicate's locality is one of the survivor's sources). `new` items (just
    created in bulk) have neither answers nor merged items: those two reads are skipped."""
    lead, venue = aliased(Agency), aliased(VoterMeeting)
    items = [_Item(*row) for row in conn.execute(
        select(Petition.id, Petition.code, Petition.summary, Petition.content, Petition.locality,
               lead.name.label("lead"), venue.locality.label("venue"))
        .outerjoin(lead, lead.id == Petition.lead_agency_id).outerjoin(venue, venue.id == Petition.meeting_id)
        .where(Petition.id.in_(ids)))]
    agencies: dict[int, list[str]] = defaultdict(list)
    for pid, name in conn.execute(
            select(petition_coordinator.c.petition_id, Agency.name).join(Agency, Agency.id == petition_coordinator.c.agency_id)
            .where(petition_coordinator.c.petition_id.in_(ids)).order_by(petition_coordinator.c.agency_id)):
        agencies[pid].append(name)
    answers: dict[int, list[str]] = defaultdict(list)
    sources: dict[int, list[str]] = defaultdict(list)
    if not new:
        # Only submitted answers: a draft is the agency's own until its leader sends it, and must not be found by others.
        for pid, answer in conn.execute(select(Answer.petition_id, Answer.text).where(
                Answer.petition_id.in_(ids), Answer.status == "submitted")):
            answers[pid].append(answer)
        for into, locality, venue_locality in conn.execute(
                select(Petition.merged_into_id, Petition.locality, venue.locality)
                .outerjoin(venue, venue.id == Petition.meeting_id).where(Petition.merged_into_id.in_(ids))):
            sources[into] += [locality, venue_locality or ""]
    return _composed(items, agencies, answers, sources)


def _rows_written(conn: Connection, ids: Sequence[int], written: dict[int, Written]) -> list[dict]:
    """_rows for new items from what they were written with: only the names of their agencies and the localities
    of their meetings are read (a few, shared by many items), not the items again (an import of 10,000 rows read
    them back with their coordinating agencies: 0.7 s on PostgreSQL, docs/PERFORMANCE.md)."""
    agency_ids = {a for pid in ids for a in (written[pid].values.get("lead_agency_id"), *written[pid].coordinating)}
    meeting_ids = {written[pid].values.get("meeting_id") for pid in ids}
    names = dict(conn.execute(select(Agency.id, Agency.name).where(Agency.id.in_(agency_ids - {None}))).all())
    venues = dict(conn.execute(select(VoterMeeting.id, VoterMeeting.locality).where(
        VoterMeeting.id.in_(meeting_ids - {None}))).all())
    items, agencies = [], {}
    for pid in ids:
        values, coordinating = written[pid]
        items.append(_Item(pid, values["code"], values.get("summary"), values.get("content"), values.get("locality"),
                           names.get(values.get("lead_agency_id")), venues.get(values.get("meeting_id"))))
        agencies[pid] = [names[a] for a in sorted(coordinating)]  # in _rows' order
    return _composed(items, agencies, {}, {})


def _composed(items: Iterable[_Item], agencies: dict[int, list[str]], answers: dict[int, list[str]],
              sources: dict[int, list[str]]) -> list[dict]:
    now = clock.utcnow()
    rows = []
    for item in items:
        places = _folded(item.locality, item.venue, *sources.get(item.id, ()))
        words = [*fold_tokens(" ".join(p for p in (item.code, item.summary, item.content, item.lead,
                                                   *agencies.get(item.id, ()), *answers.get(item.id, ())) if p)),
                 *places.split()]
        rows.append({"petition_id": item.id, "body": " ".join(words), "places": places, "indexed_at": now,
                     "pairs": " ".join(dict.fromkeys(query.word_pairs(words)))})
    return rows


def refresh(ids: Iterable[int], conn: Connection | None = None, *, new: bool = False,
            written: dict[int, Written] | None = None) -> int:
    """Rewrite the index rows of these items (deleted items lose theirs); returns how many rows were written.
    `new`: the items were just created (a bulk import): they have no row, answer or merged item yet to read;
    `written`: what each was written with (new items only), to make their rows without reading them back."""
    conn = conn or db.session.connection()
    query.forget()  # a search already run in this request would no longer be the truth
    wanted = sorted(set(ids))
    count = 0
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start:start + BATCH]
        rows = _rows(conn, chunk, new) if written is None else _rows_written(conn, chunk, written)
        # The sets of common words (SQLite) follow the rows' words: an edit moves the item in or out of them. New
        # items are above the sets' cover (FTS5 answers for them) unless an id was used again.
        following = sets.any_kept(conn) and (not new or chunk[0] <= (sets.cover(conn) or 0))
        before = dict(conn.execute(select(PetitionSearch.petition_id, PetitionSearch.body).where(
            PetitionSearch.petition_id.in_(chunk))).tuples().all()) if following else {}
        if not new:
            conn.execute(delete(PetitionSearch).where(PetitionSearch.petition_id.in_(chunk)))
        if conn.dialect.name == "postgresql":  # the pairs in their own table (models.petition.SEARCH_PAIRS)
            if not new:
                conn.execute(delete(SEARCH_PAIRS).where(SEARCH_PAIRS.c.petition_id.in_(chunk)))
            bulk.insert_rows(SEARCH_PAIRS, [{"petition_id": r["petition_id"], "pairs": r.pop("pairs")}
                                            for r in rows], conn)
        _learn(conn, {word[:WORD_MAX] for word in set().union(*(row["body"].split() for row in rows))
                      if not word.isdigit()})
        bulk.insert_rows(PetitionSearch.__table__, rows, conn)  # an import's thousands: COPY on PostgreSQL
        if following:
            sets.follow(conn, before, {row["petition_id"]: row["body"] for row in rows})
        count += len(rows)
    return count


def _learn(conn: Connection, words: set[str]) -> None:
    """Add the words the vocabulary lacks (SearchWord), in one statement; in byte order, so two transactions adding
    the same new words never wait on each other crosswise. Numbers are left out (every item's code holds one of
    its own: 10,000 new words an import of 10,000 rows), and a prefix of digits is always asked as a prefix."""
    if words:
        statement = _POSTGRES_LEARN if conn.dialect.name == "postgresql" else _SQLITE_LEARN
        conn.execute(statement, {"words": sorted(words) if conn.dialect.name == "postgresql"
                                 else json.dumps(sorted(words))})


def rebuild() -> int:
    """Every item's row again (`flask rebuild-search-index`): after the upgrade that adds the index, a restore,
    or bulk writes that went around the services."""
    conn = db.session.connection()
    conn.execute(delete(PetitionSearch))
    sets.drop(conn)  # written again from the new rows, after their counts
    written, last = 0, 0
    while True:
        ids = list(conn.execute(select(Petition.id).where(Petition.id > last).order_by(Petition.id).limit(BATCH))
                   .scalars())
        if not ids:
            count_terms()
            sets.build()
            return written
        written += refresh(ids, conn)
        last = ids[-1]


def count_terms() -> int:
    """Recount how many items' index rows hold each word (`search_term`); returns how many words were kept."""
    conn = db.session.connection()
    statement = _POSTGRES_TERMS if conn.dialect.name == "postgresql" else _SQLITE_TERMS
    rows = [{"term": term, "docs": docs} for term, docs in conn.execute(statement, {"least": TERM_MIN_DOCS})
            if 0 < len(term) <= 100]
    conn.execute(delete(SearchTerm))
    total = conn.scalar(select(func.count()).select_from(PetitionSearch))
    conn.execute(insert(SearchTerm), [{"term": "", "docs": total}, *rows])
    return len(rows)


def nightly(between: Callable[[], object]) -> tuple[int, int, int]:
    """The index's nightly care (the job `search_terms`, and the load data after its items): recount the words,
    merge the index into one piece, then write the sets of the common words (search/sets.py) from the new counts;
    `between` (a commit) runs after each step and each piece of a step. Returns the words counted, the pieces
    merged and the sets kept."""
    counted = count_terms()
    between()  # the counts, before the index is merged a step at a time
    merged = compact(between=between)
    kept = sets.build(between=between)
    between()
    return counted, merged, kept


def compact(between: Callable[[], object] | None = None) -> int:
    """Merge the index's pieces into one, nightly after the word counts. On SQLite a step at a time, `between`
    called after each (the job commits there, so that writers waiting for the database get their turn). FTS5 adds
    the rows of each write to a segment of its own and merges segments only now and then, so a word's list lies in
    pieces that every search reads one by one: after 1,000,000 items inserted in batches, a search for words that
    never stand together read the lists of every piece (see docs/PERFORMANCE.md, "The index in one piece"). On
    PostgreSQL the GIN indexes' pending lists (entries a write queued rather than placed, which every search scans
    in full) are moved into the index, as autovacuum would, which the project's server may run without. Returns
    how many pieces went: SQLite's segments merged away, PostgreSQL's pending pages."""
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":  # the pending pages moved into the indexes, the newest rows' index renewed
        pages = int(sum(conn.execute(_POSTGRES_PENDING).scalars()))
        renew_hot_index(conn)
        return pages
    pieces = conn.scalar(_SQLITE_PIECES)
    # FTS5's 'merge' with a negative size: an 'optimize' done a step at a time. Bounded all the same (writers
    # adding segments between the steps must not keep the job going): the steps an index of 20 GB would need.
    for _step in range(MERGE_STEPS_MAX):
        before = conn.scalar(_SQLITE_CHANGES)
        conn.execute(_SQLITE_MERGE, {"pages": -MERGE_PAGES})
        done = conn.scalar(_SQLITE_CHANGES) - before < 2  # only the command itself: nothing left to merge
        if between is not None:
            between()
        conn = db.session.connection()
        if done:
            break
    return max(pieces - conn.scalar(_SQLITE_PIECES), 0)  # the segments merged away (writers may add some)


def renew_hot_index(conn: Connection) -> int | None:
    """PostgreSQL: build the newest rows' index again over the newest query.HOT_ROWS rows, when its floor has fallen
    a quarter of that behind (new items all go into it, so it grows by a day's items); returns the new floor, or
    None when it was left as it is. The new index is built before the old one is dropped, so searches keep one
    (the build takes a SHARE lock: writes wait, about a second per 100,000 rows; the swap a moment)."""
    newest = conn.scalar(select(func.max(PetitionSearch.petition_id))) or 0
    floor, current = max(newest - query.HOT_ROWS, 0), query.hot_floor()
    if current is not None and floor - current < query.HOT_ROWS // 4:
        return None
    # Literal DDL: the floor is an integer computed here (DDL takes no bound parameters).
    conn.execute(text(f"CREATE INDEX {PG_HOT_INDEX}_next ON petition_search USING gin (body_tsv) "
                      f"WHERE petition_id > {int(floor)}"))
    conn.execute(text(f"DROP INDEX IF EXISTS {PG_HOT_INDEX}"))
    conn.execute(text(f"ALTER INDEX {PG_HOT_INDEX}_next RENAME TO {PG_HOT_INDEX}"))
    return floor


def _touched(session: Session) -> set[int]:
    """The items whose index rows a flush may have changed."""
    ids: set[int] = set()
    agencies: set[int] = set()
    meetings: set[int] = set()
    new = session.new  # a fresh set at each access: taken once (an import flushes 1,700 new meetings)
    for obj in (*new, *session.dirty):
        if isinstance(obj, Petition):
            ids.add(obj.id)
            if obj.merged_into_id:
                ids.add(obj.merged_into_id)  # the survivor gains this source's locality
        elif isinstance(obj, Answer):
            ids.add(obj.petition_id)
        # A new agency or meeting has no item pointing at it yet, except new items, which are taken above.
        elif isinstance(obj, Agency) and obj not in new and session.is_modified(obj):
            agencies.add(obj.id)
        elif isinstance(obj, VoterMeeting) and obj not in new and session.is_modified(obj):
            meetings.add(obj.id)
    conn = session.connection()
    if agencies:
        ids |= set(conn.execute(select(Petition.id).where(or_(
            Petition.lead_agency_id.in_(agencies),
            Petition.id.in_(select(petition_coordinator.c.petition_id)
                            .where(petition_coordinator.c.agency_id.in_(agencies)))))).scalars())
    if meetings:
        ids |= set(conn.execute(select(Petition.id).where(Petition.meeting_id.in_(meetings))).scalars())
    ids.discard(None)
    return ids


def _after_flush(session: Session, flush_context) -> None:  # noqa: ARG001 - SQLAlchemy's signature
    ids = _touched(session)
    if ids:
        refresh(ids, session.connection())


def listen() -> None:
    """Keep the index in step with every ORM flush (called once by create_app; idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
