"""Standing committee pages (Thường trực HĐND): transfer queue, answers to judge, roadmaps, overdue board."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.blueprints.petitions import list_context, selected_with_versions
from app.blueprints.workflow_forms import BatchTransferForm
from app.extensions import db
from app.i18n import lang
from app.models import Answer
from app.services import batch, deadlines
from app.services.errors import DomainError
from app.services.listing import PetitionFilters, petition_query

bp = Blueprint("committee", __name__, url_prefix="/committee")
# Office leaders and administrators follow the committee's boards too; only the committee acts on them.
READERS = frozenset({"committee", "office_leader", "admin"})


@bp.before_request
def committee_only():
    if current_user.is_authenticated and current_user.role not in READERS:
        abort(403)


def _queue(status: str, default_sort: str = "created", default_dir: str = "asc"):
    args = request.args.to_dict()
    args.setdefault("sort", default_sort)
    args.setdefault("dir", default_dir)
    filters = PetitionFilters.from_args(args)
    filters.status = status
    return filters


def _transfer_page(form: BatchTransferForm, status: int = 200):
    filters = _queue("awaiting_transfer")
    ctx = list_context(filters)
    # What the deadline would be if the letter is dated today, with the rule that gives it.
    ctx["previews"] = {p.id: deadlines.compute_for(p, form.letter_date.data or _today(), "answer")[0]
                       for p in ctx["page"].items}
    return render_template("committee/transfers.html", form=form, **ctx), status


def _today():
    from app import clock

    return clock.today()


@bp.route("/transfers", methods=["GET", "POST"])
def transfers():
    form = BatchTransferForm()
    if request.method == "GET" and form.letter_date.data is None:
        form.letter_date.data = _today()
    if not form.is_submitted():
        return _transfer_page(form)
    if current_user.role != "committee":
        abort(403)
    if not form.validate():
        flash(_("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
        return _transfer_page(form, 400)
    try:
        done = batch.transfer_many(current_user, selected_with_versions(), letter_number=form.letter_number.data,
                                   letter_date=form.letter_date.data)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger" if exc.status != 409 else "warning")
        return _transfer_page(form, exc.status)
    flash(_("Đã duyệt chuyển %(n)s kiến nghị theo công văn %(no)s.", n=len(done), no=form.letter_number.data),
          "success")
    for p in done:
        flash(f"{p.code}: " + _("hạn trả lời %(d)s", d=p.due_date.strftime("%d/%m/%Y")) + " — "
              + deadlines.explain(p, lang()), "info")
    return redirect(url_for("committee.transfers"))


@bp.get("/reviews")
def reviews():
    filters = _queue("answered", "due", "asc")
    ctx = list_context(filters)
    ids = [p.id for p in ctx["page"].items]
    latest = {}  # the answer each item is judged on: the last one submitted
    for a in db.session.scalars(select(Answer).where(Answer.petition_id.in_(ids), Answer.status == "submitted")
                                .order_by(Answer.submitted_at, Answer.id)):
        latest[a.petition_id] = a
    return render_template("committee/reviews.html", latest=latest, **ctx)


@bp.get("/roadmaps")
def roadmaps():
    filters = _queue("on_roadmap", "due", "asc")
    ctx = list_context(filters)
    ids = [p.id for p in ctx["page"].items]
    from app.models import ProgressEntry

    latest = {}
    for e in db.session.scalars(select(ProgressEntry).where(ProgressEntry.petition_id.in_(ids))
                                .order_by(ProgressEntry.entry_date, ProgressEntry.id)):
        latest[e.petition_id] = e
    return render_template("committee/roadmaps.html", latest=latest, **ctx)


@bp.get("/overdue")
def overdue():
    """Every open item past its due date; most days late first unless sorted otherwise."""
    args = request.args.to_dict()
    args.setdefault("sort", "due")
    args.setdefault("dir", "asc")
    filters = PetitionFilters.from_args(args)
    filters.overdue = True
    query = petition_query(current_user, filters)
    return render_template("committee/overdue.html", **list_context(filters, query))
