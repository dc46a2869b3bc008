"""The petition list and the detail page (which every action re-renders when it cannot go through)."""
from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.blueprints.petitions import bp
from app.blueprints.petitions.forms import CorrectForm, EditDraftForm
from app.models import Petition
from app.services import catalogue, dates
from app.services.deadlines import rules as deadlines
from app.services.petitions import pages, transfers
from app.services.petitions.listing import PetitionFilters
from app.web.actions import action_forms, prefill
from app.web.edge import commit_or_flash, get_petition, refusal
from app.web.forms import UploadForm, parse_typed_date
from app.web.i18n import lang
from app.web.inputs import arg_int
from app.web.lists import list_context
from workflows import vocabulary


@bp.get("")
def index():
    filters = PetitionFilters.from_args(request.args)
    return render_template("petitions/list.html", title=_("Danh sách kiến nghị"), **list_context(filters))


@bp.get("/<ref>")
def detail(ref: str):
    petition = get_petition(ref)
    if permissions.allows(current_user, "use_agency_inbox"):
        # The agency has now seen what it was handed: its inbox stops marking it "Mới".
        commit_or_flash(lambda: transfers.record_opening(current_user, petition), flash_error=False)
    # `?open=return` (the desk's "Trả lại" link): the page opens at the return this user may make.
    return render_detail(petition, open_action="return" if request.args.get("open") == "return" else "")


@bp.get("/<ref>/due-preview")
def due_preview(ref: str):
    """The answer due date a transfer would set (the transfer form asks as the letter date or the lead agency
    changes): JSON, computed by the deadline rules server-side; 400 with a message for a date that is not one."""
    petition = get_petition(ref)
    if not permissions.can(current_user, "transfer", petition, check_state=False):
        abort(403)
    day = parse_typed_date(request.args.get("letter_date", ""))
    if day is None:
        return jsonify(error=_("Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")), 400
    refused = refusal(lambda: dates.check(day, not_after_tomorrow=True))
    if refused is not None:
        return jsonify(error=refused.message), 400
    agency = catalogue.agency(arg_int("lead_agency", 0, 0))
    deadline = deadlines.preview(petition, day, agency.id if agency else None)
    return jsonify(due=deadline.due.strftime("%d/%m/%Y"), summary=deadline.summary(lang()),
                   details=deadline.details(lang()))


def _extra_form(form_class, prefix: str, bound, petition: Petition, prefill) -> object:
    """The correction or draft-edit form: as typed after a refusal, else pre-filled from the item."""
    if bound is not None:
        return bound
    form = form_class(formdata=None, prefix=prefix)
    if hasattr(form, "fill"):
        form.fill()
    form.version.data = str(petition.version)
    prefill(form)
    return form


# The next step of each stage, opened on arrival (the others stay folded). The committee's judgements of an
# answer are left folded: none of them is the obvious one.
# Steps one user may take together with the one before (actions.FOLLOW_UPS): the button shows only to who may.
FOLLOW_UP_STEPS = {"draft_answer": "submit_answer", "reroute": "submit_for_transfer"}
NEXT_STEPS = ("classify", "submit_for_transfer", "transfer", "draft_answer", "submit_answer", "report_progress",
              "reroute")


def render_detail(petition: Petition, bound: dict | None = None, status: int = 200, open_action: str = "",
                  unsent: list[tuple[str, str]] | None = None, correct_form=None, draft_form=None):
    """The detail page; after a refused action, `bound` holds the form as typed and `unsent` what was not saved."""
    page = pages.detail(current_user, petition, lang())
    correct = draft = None
    if page.can_correct:
        correct = _extra_form(CorrectForm, "correct", correct_form, petition,
                              lambda f: prefill("correct", f, petition))
    if page.editable_draft is not None:
        d = page.editable_draft
        draft = _extra_form(EditDraftForm, "edit_draft", draft_form, petition, lambda f: f.process(
            data={"text": d.text, "result_category": d.result_category, "expected_date": d.expected_date,
                  "letter_number": d.letter_number, "letter_date": d.letter_date, "version": str(petition.version)}))
    forms = action_forms(petition, bound, page)
    if open_action == "return":
        open_action = next((name for name in ("return_not_competent", "propose_return") if name in forms), "")
    open_action = open_action or next((name for name in NEXT_STEPS if name in forms), "")
    transfer_preview = None
    if "transfer" in forms:  # the due date a transfer dated as the form says would set
        form = forms["transfer"]
        if form.letter_date.data and dates.plausible(form.letter_date.data, not_after_tomorrow=True):
            transfer_preview = deadlines.preview(petition, form.letter_date.data, form.lead_agency.data or None)
    return render_template(
        "petitions/detail.html", page=page, p=petition,
        forms=forms, open_action=open_action, unsent=unsent or [], transfer_preview=transfer_preview,
        follow_ups={name: then for name, then in FOLLOW_UP_STEPS.items()
                    if name in forms and permissions.can_do_both(current_user, name, then, petition)},
        correct_form=correct, draft_form=draft,
        upload_form=UploadForm(formdata=None, prefix="upload"), vocab=vocabulary, lang=lang(),
    ), status
