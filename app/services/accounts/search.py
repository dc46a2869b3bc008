"""Finding staff accounts on the admin page: by name or user name, typed with or without Vietnamese accents.

Filtered in Python (see text.fold): a council has hundreds of accounts, not millions."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.services.text import fold

PER_PAGE = 50
MAX_PAGE = 100_000  # a page number beyond this is read as the last page


@dataclass
class UserPage:
    users: list[User]
    total: int
    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def search(q: str = "", role: str = "", agency_id: int = 0, status: str = "", page: int = 1) -> UserPage:
    query = select(User).order_by(User.active.desc(), User.username)
    if role:
        query = query.where(User.role == role)
    if agency_id:
        query = query.where(User.agency_id == agency_id)
    if status in ("active", "locked"):
        query = query.where(User.active.is_(status == "active"))
    rows = list(db.session.scalars(query))
    words = fold(q).split()
    if words:
        rows = [u for u in rows if all(w in fold(f"{u.username} {u.full_name} {u.email or ''}") for w in words)]
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(max(1, page), pages)
    return UserPage(rows[(page - 1) * PER_PAGE: page * PER_PAGE], len(rows), page, pages)
