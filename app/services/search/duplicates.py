"""Likely duplicates (gợi ý kiến nghị trùng): the same recommendation raised at several meetings, worded differently.

Candidates come from the search index, never from a scan: the newest items sharing any of the new item's
distinctive words (its rarest words, by the counts in `search_term`, leaving out those in more than one item in
fifty), the index's relevance deciding which of them are read; each is then scored with rapidfuzz on the folded contents (the mean of token-sort and token-set ratios, so
a reordered or shortened copy still scores high). The same field and the same locality raise the score, but only
above a floor set by the wording alone: two unrelated items of one field in one ward are not duplicates.
Among the open items and those recorded in the last year (a merged item is already someone's duplicate).

`duplicate_candidates(petition, limit)` is the ranking the merge form can use; `session_clusters(session)` groups
an office's items still being compiled in one session into clusters of likely duplicates, to merge before transfer.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

from rapidfuzz import fuzz
from sqlalchemy import Select, or_, select

from app import clock, permissions
from app.extensions import db
from app.models import Petition, SearchTerm, Session, User
from app.services.search import query as search
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
# Syllables nearly every recommendation uses ("cử tri đề nghị ... trên địa bàn ..."): they find everything.
COMMON = frozenset(
    ["cu", "tri", "de", "nghi", "kien", "nghi", "cac", "co", "quan", "chuc", "nang", "som", "xem", "xet", "giai", "quyet", "tren", "dia", "ban", "nguoi", "dan", "viec", "cua", "va", "cho", "tai", "theo", "voi", "trong", "khi", "nay", "nhung", "duoc", "khong", "con", "mot", "nhieu", "da", "dang", "se", "can", "phai", "ve", "tu", "den", "hien", "nay", "thanh", "pho", "xa", "phuong", "quan", "huyen", "ubnd", "so"])


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


def _words(petition: Petition) -> list[str]:
    seen: dict[str, None] = {}
    for word in fold_tokens(f"{petition.summary} {petition.content}"):
        if len(word) > 1 and word not in COMMON and not word.isdigit():
            seen.setdefault(word)
    return list(seen)


def distinctive_words(petition: Petition) -> list[str]:
    """The item's words that can tell it apart, rarest first (words of equal count in the text's order): those in
    at most one item in fifty, or else its FEWEST rarest."""
    words = _words(petition)
    counts = dict(db.session.execute(select(SearchTerm.term, SearchTerm.docs)
                                     .where(SearchTerm.term.in_([*words, ""]))).tuples().all())
    common = max(COMMON_MIN, COMMON_SHARE * counts.pop("", 0))
    ranked = sorted(words, key=lambda w: counts.get(w, 0))
    rare = [w for w in ranked if counts.get(w, 0) <= common]
    # An item made only of common words still asks with its rarest few: some candidates beat none.
    return (rare if len(rare) >= FEWEST else ranked[:FEWEST])[:RAREST]


def text_similarity(a: str, b: str) -> int:
    """How close two wordings are once folded, 0-100."""
    fa, fb = " ".join(fold_tokens(a)), " ".join(fold_tokens(b))
    if not fa or not fb:
        return 0
    return round((fuzz.token_sort_ratio(fa, fb) + fuzz.token_set_ratio(fa, fb)) / 2)


def _score(petition: Petition, other: Petition) -> Candidate | None:
    text_score = text_similarity(petition.content, other.content)
    if text_score < TEXT_FLOOR:
        return None
    same_field = bool(petition.field_id and petition.field_id == other.field_id)
    same_locality = bool(petition.locality and fold_tokens(petition.locality) == fold_tokens(other.locality))
    score = min(100, text_score + FIELD_BONUS * same_field + LOCALITY_BONUS * same_locality)
    return Candidate(other, score, text_score, same_field, same_locality) if score >= THRESHOLD else None


def candidate_query(petition: Petition, *, user: User | None = None,
                    among: Collection[int] | None = None) -> Select | None:
    """The index's candidates for `petition` (at most POOL, the most relevant first), before any scoring; None
    when the item has no distinctive word."""
    found = search.any_of(distinctive_words(petition))
    if found is None:
        return None
    recent = clock.utcnow() - timedelta(days=RECENT_DAYS)
    query = (select(Petition).join(found, found.c.pid == Petition.id)
             .where(Petition.id != petition.id, Petition.status != "merged",
                    or_(Petition.status.in_(OPEN_STATES), Petition.created_at >= recent))
             .order_by(found.c.score.desc(), Petition.id).limit(POOL))
    if user is not None:
        query = query.where(permissions.visible_filter(user))
    if among is not None:
        query = query.where(Petition.id.in_(list(among)))
    return query


def duplicate_candidates(petition: Petition, limit: int = 5, *, user: User | None = None,
                         among: Collection[int] | None = None) -> list[Candidate]:
    """The likely duplicates of `petition`, best first: open or recent items (of those `user` may see, when
    given; of the ids `among`, when given)."""
    query = candidate_query(petition, user=user, among=among)
    if query is None:
        return []
    scored = [c for c in (_score(petition, other) for other in db.session.scalars(query)) if c is not None]
    scored.sort(key=lambda c: (-c.score, c.petition.id))
    return scored[:limit]


@dataclass(frozen=True)
class Cluster:
    """Items of one session that are likely the same recommendation: the oldest first (the one to keep)."""

    items: list[Petition]
    score: int  # the best pair's score


def session_clusters(session: Session, user: User | None = None) -> list[Cluster]:
    """Clusters of likely duplicates among the session's items still being compiled (recorded, classified)."""
    query = select(Petition).where(Petition.session_id == session.id, Petition.status.in_(COMPILING))
    if user is not None:
        query = query.where(permissions.visible_filter(user))
    items = {p.id: p for p in db.session.scalars(query.order_by(Petition.id))}
    parent = {pid: pid for pid in items}

    def root(pid: int) -> int:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    edges: list[tuple[int, int]] = []  # (item id, pair score)
    for pid, item in items.items():
        for candidate in duplicate_candidates(item, limit=POOL, among=items.keys()):
            a, b = root(pid), root(candidate.petition.id)
            parent[max(a, b)] = min(a, b)
            edges.append((pid, candidate.score))
    groups: dict[int, list[Petition]] = {}
    for pid in items:
        groups.setdefault(root(pid), []).append(items[pid])
    best: dict[int, int] = {}
    for pid, score in edges:
        best[root(pid)] = max(best.get(root(pid), 0), score)
    clusters = [Cluster(members, best.get(top, 0)) for top, members in groups.items() if len(members) > 1]
    return sorted(clusters, key=lambda c: (-len(c.items), -c.score, c.items[0].id))
