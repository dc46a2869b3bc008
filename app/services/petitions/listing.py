"""Filtering, sorting and paging of petition lists, shared by every list page and every export.

The filter names are also the URL query parameters, so a list's filters live in its URL and an
export of "what I am looking at" is the same query string on the export route.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import Select, select

from app import clock, permissions
from app.models import Petition, PetitionSearch, User
from app.services.deadlines import flags
from app.services.search import query as search
from app.services.text import ascii_id, fold_tokens, order_vi

SORTS = {
    "code": Petition.code,
    "created": Petition.created_at,
    "due": Petition.due_date,
    "status": Petition.status,
    "locality": Petition.locality,
    "relevance": None,  # best matches of the search first (the default while searching)
}
PAGE_SIZES = (20, 50, 100)
MAX_PAGE = 100_000  # beyond the last page anyway; keeps the OFFSET within what a database accepts


@dataclass
class PetitionFilters:
    status: str = ""
    field: int | None = None
    agency: int | None = None
    session: int | None = None
    locality: str = ""
    overdue: bool = False
    q: str = ""
    sort: str = "created"
    dir: str = "desc"
    page: int = 1
    per_page: int = 50

    @classmethod
    def from_args(cls, args) -> PetitionFilters:
        """Read filters from request.args (a MultiDict); bad values are ignored, never a 500."""
        def as_int(name: str) -> int | None:
            return ascii_id(args.get(name, ""))

        per_page = as_int("per_page")
        return cls(
            status=args.get("status", "").strip(),
            field=as_int("field"),
            agency=as_int("agency"),
            session=as_int("session"),
            locality=args.get("locality", "").strip(),
            overdue=args.get("overdue") in ("1", "true", "on"),
            q=args.get("q", "").strip()[:200],
            sort=args.get("sort") if args.get("sort") in SORTS else ("relevance" if _searching(args) else "created"),
            dir="asc" if args.get("dir") == "asc" else "desc",
            page=min(as_int("page") or 1, MAX_PAGE),
            per_page=per_page if per_page in PAGE_SIZES else 50,
        )

    def to_args(self, **changes) -> dict[str, str]:
        """The non-default filters as query parameters (for links that keep the filters)."""
        default = PetitionFilters()
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        out = {}
        for name, value in values.items():
            if value != getattr(default, name) and value not in (None, "", False):
                out[name] = "1" if value is True else str(value)
        return out


def petition_query(user: User, filters: PetitionFilters, today: date | None = None) -> Select:
    """Petitions this user may see, filtered and sorted (not paged)."""
    query = select(Petition).where(permissions.visible_filter(user))
    if filters.status:
        query = query.where(Petition.status == filters.status)
    if filters.field:
        query = query.where(Petition.field_id == filters.field)
    if filters.agency:
        query = query.where(Petition.lead_agency_id == filters.agency)
    if filters.session:
        query = query.where(Petition.session_id == filters.session)
    place = " ".join(fold_tokens(filters.locality))  # letters and digits only: nothing LIKE would read as a wildcard
    if place:
        # Folded like the search: "cau giay" finds "Cầu Giấy", and the localities of merged sources count too.
        query = query.where(Petition.id.in_(select(PetitionSearch.petition_id).where(
            PetitionSearch.places.like(f"%{place}%"))))
    if filters.overdue:
        query = query.where(flags.overdue_clause(today or clock.today()))
    found = search.matching(filters.q) if filters.q else None
    if found is not None:
        query = query.join(found, found.c.pid == Petition.id)
    if filters.sort == "relevance" and found is not None:
        return query.order_by(found.c.phrase.desc(), found.c.score.desc(), Petition.id.desc())
    column = SORTS[filters.sort] if filters.sort != "relevance" else Petition.created_at
    if filters.sort == "locality":
        column = order_vi(column)  # names in Vietnamese alphabetical order, not by code point
    order = column.asc().nulls_last() if filters.dir == "asc" else column.desc().nulls_last()
    return query.order_by(order, Petition.id.desc())


def _searching(args) -> bool:
    return bool(search.terms(args.get("q", "")[:200]))
