"""Agency pages (cơ quan giải quyết): the inbox of the agency's own items, with due dates and days left."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.petitions import list_context
from app.models import Petition
from app.services.listing import PetitionFilters, petition_query
from workflows.petition import OPEN_STATES
from workflows.vocabulary import AGENCY_ROLES

bp = Blueprint("agency", __name__, url_prefix="/agency")


@bp.before_request
def agency_only():
    if current_user.is_authenticated and current_user.role not in AGENCY_ROLES:
        abort(403)


@bp.get("/inbox")
def inbox():
    """Open items first by due date; `?all=1` adds closed ones. Visibility comes from listing (own agency)."""
    args = request.args.to_dict()
    args.setdefault("sort", "due")
    args.setdefault("dir", "asc")
    filters = PetitionFilters.from_args(args)
    query = petition_query(current_user, filters)
    if not filters.status and request.args.get("all") != "1":
        query = query.where(Petition.status.in_(OPEN_STATES))
    waiting = {"agency_officer": ("transferred", "reanswer_requested", "on_roadmap"),
               "agency_leader": ("answer_drafted",)}[current_user.role]
    return render_template("agency/inbox.html", title=_("Hộp việc của cơ quan"), waiting=waiting,
                           **list_context(filters, query))
