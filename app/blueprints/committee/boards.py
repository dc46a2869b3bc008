"""The committee's boards: the transfer queue (with the due date each item would get), answers waiting for a
judgement, roadmap items with their latest progress, and every overdue item."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import clock, permissions
from app.blueprints.committee import bp
from app.blueprints.committee.forms import BatchTransferForm
from app.services import dates
from app.services.deadlines import rules as deadlines
from app.services.petitions import listing, pages, transfers
from app.services.petitions.listing import petition_query
from app.web.actions import inline_actions
from app.web.edge import INFO, commit_or_flash, flash_invalid, selected_with_versions
from app.web.i18n import lang
from app.web.lists import board_filters, list_context


def _transfer_page(form: BatchTransferForm, status: int = 200):
    filters = board_filters("awaiting_transfer")
    ctx = list_context(filters, listing.with_coordinators(petition_query(current_user, filters)))
    # What the deadline would be if the letter is dated as typed (today by default), with the rule that gives it.
    # (A date the form refused, year 9999 say, previews nothing: today stands in for it.)
    letter_date = form.letter_date.data if dates.plausible(form.letter_date.data) else clock.today()
    ctx["previews"] = deadlines.preview_many(ctx["page"].items, letter_date, "answer")
    return render_template("committee/transfers.html", form=form,
                           can_transfer=permissions.can_ever(current_user, "transfer"), **ctx), status


@bp.route("/transfers", methods=["GET", "POST"], endpoint="transfers")
def transfers_page():
    form = BatchTransferForm()
    if not form.is_submitted():
        if form.letter_date.data is None:
            form.letter_date.data = clock.today()
        return _transfer_page(form)
    if not permissions.can_ever(current_user, "transfer"):
        abort(403)
    if not form.validate():
        flash_invalid()
        return _transfer_page(form, 400)
    outcome = commit_or_flash(
        lambda: transfers.transfer_many(current_user, selected_with_versions(),
                                        letter_number=form.letter_number.data, letter_date=form.letter_date.data),
        lambda done: _("Đã duyệt chuyển %(n)s kiến nghị theo công văn %(no)s.", n=len(done),
                       no=form.letter_number.data))
    if not outcome.ok:
        return _transfer_page(form, outcome.status)
    for p in outcome.value:
        flash(f"{p.code}: " + _("hạn trả lời") + " " + deadlines.explain_short(p, lang())[0], INFO)
    return redirect(url_for("committee.transfers"))


@bp.get("/reviews")
def reviews():
    ctx = list_context(board_filters("answered", "due"))
    latest = pages.latest_answers([p.id for p in ctx["page"].items])  # read once: shown, and the roadmap's date
    return render_template("committee/reviews.html", latest=latest, inline=inline_actions(ctx["page"].items, latest),
                           **ctx)


@bp.get("/roadmaps")
def roadmaps():
    ctx = list_context(board_filters("on_roadmap", "due"))
    return render_template("committee/roadmaps.html", inline=inline_actions(ctx["page"].items),
                           latest=pages.latest_progress([p.id for p in ctx["page"].items]), **ctx)


@bp.get("/overdue")
def overdue():
    """Every open item past its due date; most days late first unless sorted otherwise."""
    filters = board_filters(sort="due")
    filters.overdue = True
    return render_template("committee/overdue.html", **list_context(filters, petition_query(current_user, filters)))
