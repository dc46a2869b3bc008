"""What every petition list page renders: the page of rows, the filter choices and the export link."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from app.services import catalogue
from app.services.petitions.listing import PetitionFilters, page_of, page_query, petition_query
from app.services.search import query as search
from workflows import petition as workflow


def list_context(filters: PetitionFilters, query=None, rows_from=None) -> dict:
    """The template context of a list: `query` defaults to the user's visible petitions under `filters`, read
    page by page through listing.page_query (`rows_from`, when a page gives its own query: the same rows)."""
    if query is None:
        query, rows_from = petition_query(current_user, filters), page_query(current_user, filters)
    page = page_of(query, filters, rows_from)
    return {
        "page": page, "filters": filters,
        "field_choices": catalogue.fields(), "agency_choices": catalogue.active_agencies(),
        "session_choices": catalogue.sessions(),
        "states": list(workflow.STATES),
        "export_href": "/reports/export/petitions.xlsx?" + request.query_string.decode("latin-1"),
        # A search that matches more than it weighs says so (the list then holds the newest matches only).
        "search_capped": search.WINDOW if filters.q and search.capped(filters.q) else 0,
    }


def board_filters(status: str | None = None, sort: str = "created", direction: str = "asc") -> PetitionFilters:
    """A board's filters: the URL's, with the board's own default order and (optionally) fixed status."""
    args = request.args.to_dict()
    args.setdefault("sort", sort)
    args.setdefault("dir", direction)
    filters = PetitionFilters.from_args(args)
    if status is not None:
        filters.status = status
    return filters
