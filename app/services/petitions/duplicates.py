"""Duplicates: the items a recommendation may be merged into, ranked for the office leader who chooses one (the
merge form lists them with both texts side by side): the likely duplicates the search index finds (similar wording,
app/services/search/duplicates.py) first, then same field and same locality, the same session, the same locality,
the newest."""
from __future__ import annotations

from sqlalchemy import case, func, select

from app import permissions
from app.extensions import db
from app.models import Petition, User
from app.services.search.duplicates import TEXT_FLOOR, duplicate_candidates, text_similarity

MERGEABLE_STATES = ("recorded", "classified")  # still being compiled: a duplicate can join them
DEFAULT_LIMIT = 20


def _ranks(petition: Petition) -> list:
    """The ranking terms, most important first, each 1 or 0; a term about a value the item lacks is left out."""
    locality = (petition.locality or "").strip().lower()
    place = func.lower(func.trim(Petition.locality))
    ranks = []
    if petition.field_id and locality:
        ranks.append(case(((Petition.field_id == petition.field_id) & (place == locality), 1), else_=0))
    if petition.session_id:
        ranks.append(case((Petition.session_id == petition.session_id, 1), else_=0))
    if locality:
        ranks.append(case((place == locality, 1), else_=0))
    return ranks


def merge_candidates(petition: Petition, limit: int = DEFAULT_LIMIT) -> list[Petition]:
    """Open items `petition` may be a duplicate of, best first (at most `limit`, 1..100): those whose wording is
    close (the search index's duplicate suggestions), then same field and locality, same session, same locality,
    the most recent."""
    limit = max(1, min(limit, 100))
    likely = [c.petition for c in duplicate_candidates(petition, limit=limit)
              if c.petition.status in MERGEABLE_STATES and c.petition.id != petition.id]
    query = (select(Petition)
             .where(Petition.status.in_(MERGEABLE_STATES), Petition.id != petition.id)
             .order_by(*(rank.desc() for rank in _ranks(petition)), Petition.id.desc())
             .limit(limit))
    seen = {p.id for p in likely}
    return (likely + [p for p in db.session.scalars(query) if p.id not in seen])[:limit]


def may_choose(user: User, petition: Petition) -> bool:
    """Whether `user` is offered candidates at all: only who may merge this item now."""
    return permissions.can(user, "merge", petition)


def likely_pairs(items: list[Petition]) -> list[tuple[Petition, Petition]]:
    """Among the items of one meeting (in recording order), the later ones that read like an earlier one still open:
    (duplicate, kept) pairs, so the office leader merges from the meeting's page without searching. Each later item
    is paired once, with the most similar earlier one; "similar" is the search area's one measure of wording."""
    open_items = [p for p in items if p.status in MERGEABLE_STATES]
    pairs = []
    for i, later in enumerate(open_items):
        best, score = None, TEXT_FLOOR
        for earlier in open_items[:i]:
            closeness = text_similarity(f"{later.summary} {later.content}", f"{earlier.summary} {earlier.content}")
            if closeness >= score:
                best, score = earlier, closeness
        if best is not None:
            pairs.append((later, best))
    return pairs
