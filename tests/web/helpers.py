"""Helpers for the page tests: post an action form with its prefix, read a page's text or a part of it, read an item afresh
(sign in with the `auth` fixture)."""
from __future__ import annotations

from app.extensions import db
from app.models import Petition


def text(response) -> str:
    """The page as text (Vietnamese and all)."""
    return response.get_data(as_text=True)


def part(page: str, start: str, end: str) -> str:
    """The page from the first `start` to the first `end` after it (a form, a select): what an assertion reads."""
    piece = page[page.index(start):]
    return piece[:piece.index(end)]


def fresh(petition: Petition) -> Petition:
    """The item as the database now holds it, not as this session remembers it (a view changed it since)."""
    db.session.expire_all()
    return db.session.get(Petition, petition.id)


def act(client, petition, action, **fields):
    """POST one lifecycle action form the way the detail page does (fields carry the action prefix)."""
    data = {f"{action}-{k}": v for k, v in fields.items()}
    data.setdefault(f"{action}-version", str(petition.version))
    return client.post(f"/petitions/{petition.code}/{action}", data=data)
