"""Duplicates: the items a recommendation may be merged into, ranked for the office leader who chooses one (the
merge form lists them with both texts side by side). The ranking is deliberately simple and lives here alone, so
the search and matching issue can replace it: same field and same locality first, then the same session, then
the same locality, then the newest."""
from __future__ import annotations

from sqlalchemy import case, func, select

from app import permissions
from app.extensions import db
from app.models import Petition, User

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
    """Open items `petition` may be a duplicate of, best first (at most `limit`, 1..100): same field and
    locality, then same session, then same locality, then the most recent."""
    query = (select(Petition)
             .where(Petition.status.in_(MERGEABLE_STATES), Petition.id != petition.id)
             .order_by(*(rank.desc() for rank in _ranks(petition)), Petition.id.desc())
             .limit(max(1, min(limit, 100))))
    return list(db.session.scalars(query))


def may_choose(user: User, petition: Petition) -> bool:
    """Whether `user` is offered candidates at all: only who may merge this item now."""
    return permissions.can(user, "merge", petition)
