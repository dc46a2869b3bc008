"""Agency pages (cơ quan giải quyết): the inbox of the agency's own items, with due dates and days left, and "Mới" on
what nobody of the agency has opened yet."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.blueprints import main
from app.services.petitions import batch, listing, transfers
from app.web.edge import commit_or_flash, selected_with_versions
from app.web.lists import board_filters, list_context

bp = Blueprint("agency", __name__, url_prefix="/agency")
# What waits for each agency role's hand in the inbox (highlighted there).
WAITING = {"agency_officer": ("transferred", "reanswer_requested", "on_roadmap"),
           "agency_leader": ("answer_drafted", "return_proposed")}


@bp.before_request
def agency_only():
    if current_user.is_authenticated and not permissions.allows(current_user, "use_agency_inbox"):
        abort(403)


@bp.get("/inbox")
def inbox():
    """Open items first by due date; `?all=1` adds closed ones. Visibility comes from listing (own agency)."""
    filters = board_filters(sort="due")
    where = () if filters.status or request.args.get("all") == "1" else (listing.open_items(),)
    context = list_context(filters, listing.petition_query(current_user, filters, where=where),
                           listing.page_query(current_user, filters, where=where))
    # "Mới": handed to the agency and not yet opened by anyone of it.
    new_ids = transfers.unopened(current_user.agency_id, [p.id for p in context["page"].items])
    return render_template("agency/inbox.html", title=_("Hộp việc của cơ quan"), waiting=WAITING[current_user.role],
                           new_ids=new_ids, **context)


@bp.post("/approve")
def approve_drafts():
    """Duyệt và gửi the drafts ticked on the leader's desk, where their texts are read: back to the desk."""
    if not permissions.can_ever(current_user, "submit_answer"):
        abort(403)
    outcome = commit_or_flash(lambda: batch.submit_answers(current_user, selected_with_versions()),
                              lambda done: _("Đã duyệt và gửi %(n)s văn bản trả lời đến Thường trực HĐND.", n=len(done)))
    if not outcome.ok:  # the desk as it now stands, with the message naming the item that stopped the batch
        return main.index(), outcome.status
    return redirect(url_for("main.index"))
