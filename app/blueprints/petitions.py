"""The shared petition list (/petitions), the one detail page per recommendation, and its files."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app import permissions
from app.blueprints import workflow_forms as wf
from app.extensions import db
from app.i18n import lang
from app.models import Attachment, Petition, Session
from app.services import answers, attachments, audit, deadlines
from app.services.errors import DomainError
from app.services.listing import PetitionFilters, petition_query
from workflows import petition as lifecycle
from workflows import vocabulary

bp = Blueprint("petitions", __name__, url_prefix="/petitions")


def get_petition(ref: str) -> Petition:
    """By id or code; an item the user may not see answers 404 exactly like a missing one (no leak)."""
    petition = (db.session.get(Petition, int(ref)) if ref.isdigit()
                else db.session.scalar(select(Petition).where(Petition.code == ref)))
    if petition is None or not permissions.can_view(current_user, petition):
        abort(404)
    return petition


def list_context(filters: PetitionFilters, query=None) -> dict:
    """What every list template needs: the page, the filter choices, the export link."""
    page = db.paginate(query if query is not None else petition_query(current_user, filters),
                       page=filters.page, per_page=filters.per_page, error_out=False)
    return {
        "page": page, "filters": filters, "deadlines": deadlines,
        "field_choices": wf.field_choices(), "agency_choices": wf.agency_choices(blank=False),
        "session_choices": [(s.id, s.name) for s in db.session.scalars(select(Session).order_by(Session.opening))],
        "states": list(lifecycle.STATES),
        "export_href": "/reports/export/petitions.xlsx?" + request.query_string.decode("latin-1"),
    }


@bp.get("")
def index():
    filters = PetitionFilters.from_args(request.args)
    return render_template("petitions/list.html", title=_("Danh sách kiến nghị"), **list_context(filters))


def selected_with_versions() -> list[tuple[Petition, int | None]]:
    """The rows ticked on a batch page (ids) with the version each was seen at (v-<id>); 404 if one is gone."""
    ids = list(dict.fromkeys(int(i) for i in request.form.getlist("ids") if i.isdigit()))
    found = {p.id: p for p in db.session.scalars(select(Petition).where(Petition.id.in_(ids)))} if ids else {}
    if len(found) != len(ids):
        abort(404)
    versions = {pid: request.form.get(f"v-{pid}", "") for pid in ids}
    return [(found[pid], int(versions[pid]) if versions[pid].isdigit() else None) for pid in ids]


def action_forms(petition: Petition, bound: dict | None = None) -> dict:
    """A fresh form per action the user may press now (only those), pre-filled with the version seen."""
    from app.blueprints.petition_actions import ACTIONS

    forms = {}
    for name in permissions.allowed_actions(current_user, petition):
        if name not in ACTIONS:
            continue
        form = (bound or {}).get(name) or ACTIONS[name].form(formdata=None, prefix=name)
        if hasattr(form, "fill"):
            form.fill()
        if not form.version.data:
            form.version.data = str(petition.version)
        fresh = name not in (bound or {})  # a bound form shows what the user typed instead
        if name == "classify" and fresh and petition.field_id:
            form.field.data, form.competence_level.data = petition.field_id, petition.competence_level
            form.lead_agency.data = petition.lead_agency_id or 0
            form.coordinating.data = [a.id for a in petition.coordinating_agencies]
        if name == "transfer" and fresh:
            form.lead_agency.data = petition.lead_agency_id or 0
            form.coordinating.data = [a.id for a in petition.coordinating_agencies]
        forms[name] = form
    return forms


def render_detail(petition: Petition, bound: dict | None = None, status: int = 200, open_action: str = "",
                  unsent: list[tuple[str, str]] | None = None):
    from app.models import Review

    reviews = list(db.session.scalars(select(Review).where(Review.petition_id == petition.id).order_by(Review.id)))
    files = attachments.of_petition(petition)
    if current_user.role in ("agency_officer", "agency_leader"):
        # Coordinating agencies see the case, not the lead agency's unsent drafts' files.
        files = [f for f in files if f.answer_id is None or petition.lead_agency_id == current_user.agency_id]
    answer_list = answers.answers_of(petition)
    if current_user.role in ("agency_officer", "agency_leader") and petition.lead_agency_id != current_user.agency_id:
        answer_list = [a for a in answer_list if a.status == "submitted"]
    return render_template(
        "petitions/detail.html", p=petition, events=audit.history(petition), answers=answer_list,
        reviews=reviews, progress=answers.progress_of(petition), files=files,
        forms=action_forms(petition, bound), open_action=open_action, deadlines=deadlines,
        due_explain=deadlines.explain(petition, lang()), deadline_state=deadlines.deadline_status(petition),
        days_left=deadlines.days_left(petition), days_late=deadlines.days_late(petition),
        upload_form=wf.UploadForm(formdata=None, prefix="upload"), unsent=unsent or [],
        can_edit=permissions.can_edit(current_user, petition),
        can_attach=permissions.can_attach(current_user, petition),
        merge_candidates=_merge_candidates(petition) if "merge" in permissions.allowed_actions(current_user, petition)
        else [],
        show_voter=permissions.can_see_voter_name(current_user), vocab=vocabulary, lang=lang(),
    ), status


def _merge_candidates(petition: Petition) -> list[Petition]:
    """Items still being compiled that this one may be a duplicate of (same session first)."""
    return list(db.session.scalars(
        select(Petition).where(Petition.status.in_(("recorded", "classified")), Petition.id != petition.id)
        .order_by((Petition.session_id == petition.session_id).desc(), Petition.code).limit(300)))


@bp.get("/<ref>")
def detail(ref: str):
    return render_detail(get_petition(ref))


@bp.post("/<ref>/attachments")
def upload(ref: str):
    petition = get_petition(ref)
    if not permissions.can_attach(current_user, petition):
        abort(403)
    form = wf.UploadForm(prefix="upload")
    if not form.validate_on_submit():
        flash(" ".join(form.file.errors) or _("Không tải được tệp."), "danger")
        return render_detail(petition, status=400)
    try:
        attachments.attach(current_user, form.file.data.filename, form.file.data.read(), petition=petition)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return render_detail(petition, status=exc.status)
    flash(_("Đã tải tệp lên."), "success")
    return redirect(url_for("petitions.detail", ref=petition.code) + "#files")


@bp.get("/files/<int:file_id>")
def download(file_id: int):
    row = db.session.get(Attachment, file_id)
    if row is None or not attachments.can_download(current_user, row):
        abort(404)
    if current_user.role in ("agency_officer", "agency_leader") and row.answer_id is not None:
        petition = db.session.get(Petition, row.petition_id)
        if petition.lead_agency_id != current_user.agency_id:
            abort(404)
    return send_file(attachments.path_of(row), mimetype=row.content_type, as_attachment=True,
                     download_name=row.filename)


@bp.app_errorhandler(413)
def too_large(exc):  # noqa: ARG001 - Flask's signature
    """The body was refused before parsing: say why, in Vietnamese, on the page the user came from."""
    from app.errors import render_error

    message = attachments.too_large().message
    ref = (request.view_args or {}).get("ref") if request.blueprint == "petitions" else None
    if ref and current_user.is_authenticated:
        flash(message, "danger")
        return render_detail(get_petition(ref), status=413)
    return render_error(413, message)
