"""The petition list and the detail page (which every action re-renders when it cannot go through)."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.blueprints.petitions import bp
from app.blueprints.petitions.forms import ACTION_FORMS
from app.models import Petition
from app.services.petitions import pages
from app.services.petitions.listing import PetitionFilters
from app.web.edge import get_petition
from app.web.forms import UploadForm
from app.web.i18n import lang
from app.web.lists import list_context
from workflows import vocabulary


@bp.get("")
def index():
    filters = PetitionFilters.from_args(request.args)
    return render_template("petitions/list.html", title=_("Danh sách kiến nghị"), **list_context(filters))


@bp.get("/<ref>")
def detail(ref: str):
    return render_detail(get_petition(ref))


def action_forms(petition: Petition, bound: dict | None = None) -> dict:
    """A fresh form per action the user may press now (only those), pre-filled with the version seen."""
    forms = {}
    for name in permissions.allowed_actions(current_user, petition):
        form = (bound or {}).get(name) or ACTION_FORMS[name](formdata=None, prefix=name)
        if hasattr(form, "fill"):
            form.fill()
        if not form.version.data:
            form.version.data = str(petition.version)
        if name not in (bound or {}):  # a bound form shows what the user typed instead
            _prefill(name, form, petition)
        forms[name] = form
    return forms


def _prefill(name: str, form, petition: Petition) -> None:
    """The office's classification and proposal, as the starting point of a correction or the transfer."""
    if name == "classify" and not petition.field_id:
        return  # never classified: the form starts blank, so nothing is classified by default
    if name == "classify":
        form.field.data, form.competence_level.data = petition.field_id, petition.competence_level
    if name in ("classify", "transfer"):
        form.lead_agency.data = petition.lead_agency_id or 0
        form.coordinating.data = [a.id for a in petition.coordinating_agencies]


def render_detail(petition: Petition, bound: dict | None = None, status: int = 200, open_action: str = "",
                  unsent: list[tuple[str, str]] | None = None):
    """The detail page; after a refused action, `bound` holds the form as typed and `unsent` what was not saved."""
    return render_template(
        "petitions/detail.html", page=pages.detail(current_user, petition, lang()), p=petition,
        forms=action_forms(petition, bound), open_action=open_action, unsent=unsent or [],
        upload_form=UploadForm(formdata=None, prefix="upload"), vocab=vocabulary, lang=lang(),
    ), status
