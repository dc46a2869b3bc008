"""Likely duplicates (gợi ý kiến nghị trùng): the same recommendation raised at several meetings, worded differently.

Candidates come from the search index, never from a scan: the newest items sharing any of the new item's
distinctive words (its rarest words, by the counts in `search_term`, leaving out those in more than one item in
fifty), the index's relevance deciding which of them are read; each is then scored with rapidfuzz on the folded contents (the mean of token-sort and token-set ratios, so
a reordered or shortened copy still scores high). The same field and the same locality raise the score, but only
above a floor set by the wording alone: two unrelated items of one field in one ward are not duplicates.
Among the open items and those recorded in the last year (a merged item is already someone's duplicate).

`duplicate_candidates(petition, limit)` is the ranking the item page and the merge form use. `candidates_of_many`
applies the same rule to many items at once (a page of a session's items, an import's rows), asking the index per
word rather than per item so that thousands of rows stay affordable; `session_clusters(session, page)` groups one
page of an office's items still being compiled in a session with their likely duplicates anywhere in that session,
to merge before transfer.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from rapidfuzz import fuzz
from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import selectinload

from app import clock, permissions
from app.extensions import db
from app.models import Petition, Session, User
from app.services.petitions.listing import ListPage
from app.services.search import query as search
from app.services.search import word_counts
from app.services.text import fold_tokens
from workflows.petition import OPEN_STATES

TEXT_FLOOR = 70  # the wording alone must be at least this close (0-100)
THRESHOLD = 75  # wording plus the bonuses below
FIELD_BONUS = 5
LOCALITY_BONUS = 5
POOL = 40  # candidates read from the index per item, before scoring
RAREST = 12  # the item's rarest words ask the index
FEWEST = 4  # however common its words, an item asks with at least this many
COMMON_SHARE = 0.02  # a word in more than this share of the items tells nothing apart...
COMMON_MIN = 50  # ...once it is in more than this many (in small books every shared word counts)
RECENT_DAYS = 365
COMPILING = ("recorded", "classified")  # still with the office: what may be merged
ASKED = 6  # in a batch, an item asks the index with its rarest few words...
PER_WORD = 50  # ...each bringing the newest items holding it...
BATCH_POOL = 20  # ...and those sharing the most of its words are scored
ROWS_PER_STATEMENT = 5000  # words or ids in one IN list
LOOKUP_BUDGET = 50_000  # items holding the words a batch asks for, by the counts (see words_within_budget)
PER_PAGE = 50  # a session's items per page of its clusters
# Syllables nearly every recommendation uses ("cử tri đề nghị ... trên địa bàn ..."): they find everything.
COMMON = frozenset(
    ["cu", "tri", "de", "nghi", "kien", "nghi", "cac", "co", "quan", "chuc", "nang", "som", "xem", "xet", "giai", "quyet", "tren", "dia", "ban", "nguoi", "dan", "viec", "cua", "va", "cho", "tai", "theo", "voi", "trong", "khi", "nay", "nhung", "duoc", "khong", "con", "mot", "nhieu", "da", "dang", "se", "can", "phai", "ve", "tu", "den", "hien", "nay", "thanh", "pho", "xa", "phuong", "quan", "huyen", "ubnd", "so"])


@dataclass(frozen=True)
class Draft:
    """A recommendation not stored yet (an import's row), as the duplicate finder reads one: no id."""

    content: str
    locality: str = ""
    field_id: int | None = None
    summary: str = ""
    id: None = None


Worded = Petition | Draft  # what can ask for its likely duplicates


@dataclass(frozen=True)
class Candidate:
    """A likely duplicate of some item, with why: the wording's closeness and what else they share."""

    petition: Petition
    score: int
    text_score: int
    same_field: bool
    same_locality: bool

    @property
    def mergeable(self) -> bool:
        """Whether an item may be merged into this one (a merge target must still be open)."""
        return self.petition.status in OPEN_STATES


def _words(petition: Worded, folded: dict[str, str] | None = None) -> list[str]:
    seen: dict[str, None] = {}
    summary = fold_tokens(petition.summary) if petition.summary else []
    for word in [*summary, *folded_text(petition.content or "", folded).split()]:
        if len(word) > 1 and word not in COMMON and not word.isdigit():
            seen.setdefault(word)
    return list(seen)


def _rarest(words: list[str], counts: dict[str, int]) -> list[str]:
    common = max(COMMON_MIN, COMMON_SHARE * counts.get("", 0))
    ranked = sorted(words, key=lambda w: counts.get(w, 0))
    rare = [w for w in ranked if counts.get(w, 0) <= common]
    # An item made only of common words still asks with its rarest few: some candidates beat none.
    return (rare if len(rare) >= FEWEST else ranked[:FEWEST])[:RAREST]


def distinctive_words(petition: Petition) -> list[str]:
    """The item's words that can tell it apart, rarest first (words of equal count in the text's order): those in
    at most one item in fifty, or else its FEWEST rarest."""
    words = _words(petition)
    return _rarest(words, word_counts.counted(set(words)))


def text_similarity(a: str, b: str, folded: dict[str, str] | None = None) -> int:
    """How close two wordings are once folded, 0-100. `folded`, when given, keeps each text's folding for the
    next call (a batch compares each text with many others)."""
    fa, fb = folded_text(a or "", folded), folded_text(b or "", folded)
    if not fa or not fb:
        return 0
    return round((fuzz.token_sort_ratio(fa, fb) + fuzz.token_set_ratio(fa, fb)) / 2)


def folded_text(text: str, folded: dict[str, str] | None = None) -> str:
    """The text as compared: folded words joined by spaces (kept in `folded` when given)."""
    if folded is None:
        return " ".join(fold_tokens(text))
    if text not in folded:
        folded[text] = " ".join(fold_tokens(text))
    return folded[text]


def likely_duplicate(petition: Worded, other: Worded, folded: dict[str, str] | None = None) -> Candidate | None:
    """`other` as a likely duplicate of `petition` (either may be a Draft: not stored yet), or None."""
    text_score = text_similarity(petition.content, other.content, folded)
    if text_score < TEXT_FLOOR:
        return None
    same_field = bool(petition.field_id and petition.field_id == other.field_id)
    same_locality = bool(petition.locality and fold_tokens(petition.locality) == fold_tokens(other.locality))
    score = min(100, text_score + FIELD_BONUS * same_field + LOCALITY_BONUS * same_locality)
    return Candidate(other, score, text_score, same_field, same_locality) if score >= THRESHOLD else None


def _pool(petition: Petition, words: list[str], conditions: Sequence[ColumnElement[bool]], *columns) -> Select | None:
    """`columns` of the index's candidates for `petition` (at most POOL, the most relevant first), before any
    scoring, among the items meeting `conditions` (`_conditions`) other than itself; None when it has no
    distinctive word."""
    found = search.any_of(words)
    if found is None:
        return None
    query = (select(*columns).join_from(Petition, found, found.c.pid == Petition.id).where(*conditions)
             .order_by(found.c.score.desc(), Petition.id).limit(POOL))
    return query.where(Petition.id != petition.id) if petition.id is not None else query


def _conditions(user: User | None, where: Sequence[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    """Who may be a candidate: open or recent, not merged (already someone's duplicate), seen by `user` when given,
    and `where`. Built once for a batch."""
    recent = clock.utcnow() - timedelta(days=RECENT_DAYS)
    return [Petition.status != "merged", or_(Petition.status.in_(OPEN_STATES), Petition.created_at >= recent), *where,
            *([permissions.visible_filter(user)] if user is not None else [])]


def candidate_query(petition: Petition, *, user: User | None = None,
                    where: Sequence[ColumnElement[bool]] = ()) -> Select | None:
    """The index's candidates for `petition` as Petition rows (the query whose plan the benchmark shows)."""
    return _pool(petition, distinctive_words(petition), _conditions(user, where), Petition)


def duplicate_candidates(petition: Petition, limit: int = 5, *, user: User | None = None,
                         where: Sequence[ColumnElement[bool]] = ()) -> list[Candidate]:
    """The likely duplicates of `petition`, best first: open or recent items (of those `user` may see, when
    given; meeting the conditions `where`, when given)."""
    query = candidate_query(petition, user=user, where=where)
    if query is None:
        return []
    scored = [c for c in (likely_duplicate(petition, other) for other in db.session.scalars(query)) if c is not None]
    scored.sort(key=lambda c: (-c.score, c.petition.id))
    return scored[:limit]


def candidates_of_many(petitions: Sequence[Worded], limit: int = 5, *, user: User | None = None,
                       where: Sequence[ColumnElement[bool]] = (), load=(),
                       folded: dict[str, str] | None = None) -> list[list[Candidate]]:
    """The likely duplicates of each of `petitions` (stored, or Drafts: an import's rows), best first, by the
    same rule as duplicate_candidates, in a number of statements that does not grow with them (one per thousands
    of words or candidates): the words' counts, the index's newest items holding each asked word, and the
    candidates' rows (with the `load` options).

    A ranked index query per item (duplicate_candidates) costs tens of milliseconds on PostgreSQL: too much for an
    import's thousands of rows. So each item asks with its ASKED rarest words, each word bringing the newest
    PER_WORD items holding it (the items of a batch share many words, each asked once), and its candidates are the
    BATCH_POOL items sharing the most of those words, the newest first, scored with rapidfuzz as one item's are.
    The words asked stay within LOOKUP_BUDGET (`words_within_budget`). `folded`: the texts already folded by the caller
    (text_similarity's memo), filled in turn."""
    folded = {} if folded is None else folded
    words_of = [_words(p, folded) for p in petitions]
    counts = word_counts.counted({w for words in words_of for w in words}) if petitions else {}
    rarest = [_rarest(words, counts)[:ASKED] for words in words_of]
    affordable = words_within_budget(rarest, counts)
    asked = [[w for w in words if w in affordable] for words in rarest]
    holding = search.newest_holding(sorted(affordable), PER_WORD)
    pools = []
    for petition, words in zip(petitions, asked, strict=True):
        shared = Counter(pid for w in words for pid in holding.get(w, ()) if pid != petition.id)
        pools.append(sorted(shared, key=lambda pid: (-shared[pid], -pid))[:BATCH_POOL])
    rows = _candidate_rows({pid for pool in pools for pid in pool}, _conditions(user, where), load)
    found = []
    for petition, pool in zip(petitions, pools, strict=True):
        scored = [c for c in (likely_duplicate(petition, rows[pid], folded) for pid in pool if pid in rows)
                  if c is not None]
        scored.sort(key=lambda c: (-c.score, c.petition.id))
        found.append(scored[:limit])
    return found


def words_within_budget(rarest: list[list[str]], counts: dict[str, int]) -> set[str]:
    """The words a batch asks the index for: every item's rarest word first, then every item's second, and so on,
    while the items holding them (by the nightly counts; a word not counted yet as PER_WORD) add up to at most
    LOOKUP_BUDGET. PostgreSQL reads every item holding a word to find its newest (about 20 µs each on a cold cache:
    a word held by 12,000 of 1,000,000 items took 120 ms), so an unbounded batch of common words took 30 s; the
    budget keeps a batch to about a second. Rare words, the ones that single out a twin, are cheap and come first."""
    chosen: set[str] = set()
    spent = 0
    for rank in range(ASKED):
        for words in rarest:
            if rank < len(words) and words[rank] not in chosen:
                cost = max(counts.get(words[rank], 0), PER_WORD)
                if spent + cost <= LOOKUP_BUDGET:
                    chosen.add(words[rank])
                    spent += cost
    return chosen


def _candidate_rows(ids: set[int], conditions: list[ColumnElement[bool]], load) -> dict[int, Petition]:
    """The candidates among `ids` that meet `conditions`, by id."""
    ordered, rows = sorted(ids), {}
    for start in range(0, len(ordered), ROWS_PER_STATEMENT):
        rows.update((p.id, p) for p in db.session.scalars(
            select(Petition).where(Petition.id.in_(ordered[start:start + ROWS_PER_STATEMENT]), *conditions)
            .options(*load)))
    return rows


@dataclass(frozen=True)
class Cluster:
    """Items of one session that are likely the same recommendation: the oldest first (the one to keep)."""

    items: list[Petition]
    score: int  # the best pair's score


@dataclass
class ClusterPage:
    """The clusters of one page of a session's items being compiled; `items` is that page (a ListPage: the pager)."""

    clusters: list[Cluster]
    items: ListPage


def session_clusters(session: Session, user: User | None = None, page: int = 1) -> ClusterPage:
    """Clusters of likely duplicates among the session's items still being compiled (recorded, classified): those
    of the items on `page` (PER_PAGE of them, the oldest first), each with its likely duplicates anywhere in the
    session. The statements are as many for a session of 5 items as of 5,000: the page, the words' counts, one
    UNION ALL for every item's pool and the candidates' rows. A cluster spanning two pages shows on both."""
    compiling = [Petition.session_id == session.id, Petition.status.in_(COMPILING)]
    query = select(Petition).where(*compiling)
    if user is not None:
        query = query.where(permissions.visible_filter(user))
    page = max(1, page)
    load = (selectinload(Petition.meeting),)
    rows = list(db.session.scalars(query.options(*load).order_by(Petition.id)
                                   .offset((page - 1) * PER_PAGE).limit(PER_PAGE + 1)))
    listed = ListPage(rows[:PER_PAGE], page, PER_PAGE, len(rows) > PER_PAGE)
    if not listed.has_next:
        listed.total = listed.at_least
    found = candidates_of_many(listed.items, POOL, user=user, where=compiling, load=load)
    items = {p.id: p for p in listed.items}
    parent = {p.id: p.id for p in listed.items}

    def root(pid: int) -> int:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    edges: list[tuple[int, int]] = []  # (item id, pair score)
    for item, candidates in zip(listed.items, found, strict=True):
        for candidate in candidates:
            other = candidate.petition
            items.setdefault(other.id, other)
            parent.setdefault(other.id, other.id)
            a, b = root(item.id), root(other.id)
            parent[max(a, b)] = min(a, b)
            edges.append((item.id, candidate.score))
    groups: dict[int, list[Petition]] = {}
    for pid in sorted(items):
        groups.setdefault(root(pid), []).append(items[pid])
    best: dict[int, int] = {}
    for pid, score in edges:
        best[root(pid)] = max(best.get(root(pid), 0), score)
    clusters = [Cluster(members, best.get(top, 0)) for top, members in groups.items() if len(members) > 1]
    return ClusterPage(sorted(clusters, key=lambda c: (-len(c.items), -c.score, c.items[0].id)), listed)
