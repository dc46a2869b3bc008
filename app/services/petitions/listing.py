"""Filtering, sorting and paging of petition lists, shared by every list page and every export.

The filter names are also the URL query parameters, so a list's filters live in its URL and an
export of "what I am looking at" is the same query string on the export route.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import ColumnElement, Select, bindparam, func, select, union_all
from sqlalchemy.orm import aliased, selectinload

from app import clock, permissions
from app.extensions import db
from app.models import Petition, PetitionSearch, User
from app.services.deadlines import flags
from app.services.search import query as search
from app.services.text import ascii_id, fold_tokens, order_vi
from workflows.petition import OPEN_STATES

SORTS = {  # the sort's name in the URL -> Petition's attribute
    "code": "code",
    "created": "created_at",
    "due": "due_date",
    "status": "status",
    "locality": "locality",
    "relevance": None,  # best matches of the search first (the default while searching)
}
NULLABLE_SORTS = {"due"}
PAGE_SIZES = (20, 50, 100)
MAX_PAGE = 100_000  # beyond the last page anyway; keeps the OFFSET within what a database accepts
COUNT_LIMIT = 10_000  # "more than 10,000": a count asked for stops there, so it costs the same at any size
OPEN_LIST = tuple(sorted(OPEN_STATES))  # one fixed order: the partial index's list (models/petition.py)


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
    count: bool = False  # count the matching items (only when asked: ?count=1), up to COUNT_LIMIT

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
            count=args.get("count") == "1",
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


def petition_query(user: User, filters: PetitionFilters, today: date | None = None, where=()) -> Select:
    """Petitions this user may see, filtered and sorted (not paged); `where`: a page's own extra conditions."""
    query = _filtered(select(Petition).where(permissions.visible_filter(user), *where), filters, today, user)
    found = search.matching(filters.q) if filters.q else None
    if found is not None:
        query = query.join(found, found.c.pid == Petition.id)
        if filters.sort == "relevance":
            return query.order_by(found.c.phrase.desc(), found.c.score.desc(), Petition.id.desc()).options(
                selectinload(Petition.field), selectinload(Petition.lead_agency))
    # Rows show their field and lead agency: two bounded queries for the page, not one per row.
    return query.order_by(*_order(Petition, filters)).options(
        selectinload(Petition.field), selectinload(Petition.lead_agency))


def page_query(user: User, filters: PetitionFilters, today: date | None = None, where=()) -> Select:
    """What a list page reads its rows from: petition_query's, except for a user whose visibility comes in parts
    (an agency: its items as lead agency, the items it only coordinates; permissions.visible_parts). "Lead OR
    coordinating" cannot be read in order from one index, so each part's first rows up to the end of the page are
    read in the list's order from its own index, and merged: UNION ALL, then the list's order again over at most
    parts x (page x per_page + 1) rows, whatever the number of items the agency may see. Counting (?count=1)
    and exports still use petition_query. A search keeps its own ranked window (petition_query)."""
    parts = permissions.visible_parts(user)
    if len(parts) == 1 or search.terms(filters.q):
        return petition_query(user, filters, today, where)
    window = filters.page * filters.per_page + 1
    # The parts are the agency's own items, then those it only coordinates (permissions.visible_parts).
    branches = [_filtered(select(Petition).where(part, *where), filters, today, user, lead)
                .order_by(*_order(Petition, filters)).limit(window).subquery()
                for part, lead in zip(parts, (True, False), strict=True)]
    shown = aliased(Petition, union_all(*(select(branch) for branch in branches)).subquery("page_rows"))
    return select(shown).order_by(*_order(shown, filters)).options(
        selectinload(shown.field), selectinload(shown.lead_agency))


def _filtered(query: Select, filters: PetitionFilters, today: date | None, user: User,
              lead: bool | None = None) -> Select:
    if filters.status:
        query = query.where(permissions.status_condition(user, filters.status, lead))
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
    return query


def _order(entity, filters: PetitionFilters) -> list:
    """The list's order over `entity` (Petition, or the merged rows of page_query)."""
    name = SORTS[filters.sort] if filters.sort != "relevance" else "created_at"
    column = getattr(entity, name)
    if filters.sort == "locality":
        column = order_vi(column)  # names in Vietnamese alphabetical order, not by code point
    ascending = filters.dir == "asc"
    order = column.asc() if ascending else column.desc()
    if filters.sort in NULLABLE_SORTS and not filters.overdue:
        # Only a nullable column needs NULLS LAST (overdue items all have a due date); elsewhere it would keep the
        # databases off the index.
        order = order.nulls_last()
    # Ties in the direction of the sort, so one index (column, id) serves both directions, read forwards or back.
    return [order, entity.id.asc() if ascending else entity.id.desc()]


def open_items() -> ColumnElement[bool]:
    """Still open (not in a final state): `status IN (...)` written into the SQL in a fixed order, the list of the
    partial index of the agencies' open items by due date (ix_petition_agency_open_due), which a database uses only
    for a query whose list is visibly the index's own (see deadlines.flags._with_agency)."""
    return Petition.status.in_(bindparam("open_states", OPEN_LIST, expanding=True, literal_execute=True, unique=True))


def with_coordinators(query: Select) -> Select:
    """The list's rows with their coordinating agencies (the transfer queue shows them): one more query a page."""
    return query.options(selectinload(Petition.coordinating_agencies))


@dataclass
class ListPage:
    """One page of a list, read without counting the whole result: per_page + 1 rows say whether a next page
    exists; the total is counted only when asked, and then only up to COUNT_LIMIT ("more than N")."""

    items: list
    page: int
    per_page: int
    has_next: bool
    total: int | None = None  # None: not counted
    total_capped: bool = False  # True: more than `total`

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def at_least(self) -> int:
        """The items known to exist from this page alone (at least this many match)."""
        return (self.page - 1) * self.per_page + len(self.items) + (1 if self.has_next else 0)

    @property
    def pages(self) -> int | None:
        if self.total is None or self.total_capped:
            return None
        return max(1, -(-self.total // self.per_page))

    def iter_pages(self) -> list[int | None]:
        """First page, the neighbours of this one, and the last when known; None marks a gap."""
        last = self.pages or (self.page + 1 if self.has_next else self.page)
        shown = sorted({1, *range(max(1, self.page - 2), min(last, self.page + 2) + 1), *([last] if self.pages else [])})
        out: list[int | None] = []
        for n in shown:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


def page_of(query: Select, filters: PetitionFilters, rows_from: Select | None = None) -> ListPage:
    """The page `filters` asks for: an index-backed order read from the top, one row more than shown. `rows_from`:
    the same rows read another way (page_query), when `query` (which counts) would read them slowly."""
    offset = (filters.page - 1) * filters.per_page
    source = query if rows_from is None else rows_from
    rows = list(db.session.scalars(source.limit(filters.per_page + 1).offset(offset)))
    page = ListPage(rows[:filters.per_page], filters.page, filters.per_page, len(rows) > filters.per_page)
    if filters.count:
        page.total, page.total_capped = bounded_count(query)
    elif not page.has_next:
        page.total = page.at_least  # the last page: the count is known without asking
    return page


def bounded_count(query: Select, limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """How many rows `query` matches, counting at most `limit` + 1 of them: (count, more than limit)."""
    n = db.session.scalar(bounded_count_query(query, limit)) or 0
    return min(n, limit), n > limit


def bounded_count_query(query: Select, limit: int = COUNT_LIMIT) -> Select:
    ids = query.with_only_columns(Petition.id).order_by(None).limit(limit + 1).subquery()
    return select(func.count()).select_from(ids)


def _searching(args) -> bool:
    return bool(search.terms(args.get("q", "")[:200]))
