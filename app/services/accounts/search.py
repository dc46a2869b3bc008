"""Finding staff accounts on the admin page: by name or user name, typed with or without Vietnamese accents.

Filtered in Python (see text.fold): a council has hundreds of accounts, not millions."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.services.text import fold

PER_PAGE = 50
MAX_PAGE = 100_000  # a page number beyond this is read as the last page


@dataclass
class NumberedPage:
    """A page of an administrator's list (accounts, the account log): its number among `pages`, of `total` rows."""

    total: int
    page: int
    pages: int

    @classmethod
    def of(cls, total: int, asked: int, **rows) -> NumberedPage:
        pages = max(1, -(-total // PER_PAGE))
        return cls(total=total, page=min(max(1, asked), pages), pages=pages, **rows)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PER_PAGE

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass
class UserPage(NumberedPage):
    users: list[User] = field(default_factory=list)


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
    found = UserPage.of(len(rows), page)
    found.users = rows[found.offset: found.offset + PER_PAGE]
    return found
