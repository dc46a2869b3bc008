"""The petition list and the detail page (which every action re-renders when it cannot go through)."""
from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.blueprints.petitions import bp
from app.blueprints.petitions.forms import ACTION_FORMS, CorrectForm, EditDraftForm
from app.models import Petition
from app.services import catalogue, dates
from app.services.deadlines import rules as deadlines
from app.services.errors import InvalidData
from app.services.petitions import answers, pages, reviews, transfers
from app.services.petitions.listing import PetitionFilters
from app.web.edge import commit_or_flash, get_petition
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
    try:
        dates.check(day, not_after_tomorrow=True)
    except InvalidData as exc:
        return jsonify(error=exc.message), 400
    agency = catalogue.agency(arg_int("lead_agency", 0, 0))
    deadline = deadlines.preview(petition, day, agency.id if agency else None)
    return jsonify(due=deadline.due.strftime("%d/%m/%Y"), summary=deadline.summary(lang()),
                   details=deadline.details(lang()))


def action_forms(petition: Petition, bound: dict | None = None, page=None, latest: dict | None = None) -> dict:
    """A fresh form per action the user may press now (only those), pre-filled with the version seen."""
    forms = {}
    for name in permissions.allowed_actions(current_user, petition):
        if name == "accept" and not reviews.answer_closes(
                (pages.latest_answers([petition.id]) if latest is None else latest).get(petition.id)):
            continue  # an answer "being resolved" is accepted on the roadmap, never as the end of the item
        form = (bound or {}).get(name) or ACTION_FORMS[name](formdata=None, prefix=name)
        if hasattr(form, "fill"):
            form.fill()
        if not form.version.data:
            form.version.data = str(petition.version)
        if name not in (bound or {}):  # a bound form shows what the user typed instead
            _prefill(name, form, petition, page, latest)
        forms[name] = form
    return forms


# The decisions taken from a list without opening the item (the committee's desk and boards).
INLINE = ("transfer", "accept", "accept_on_roadmap", "request_reanswer", "mark_done")


def inline_actions(petitions, latest: dict | None = None) -> dict[int, dict]:
    """Per item, the forms of the INLINE decisions this user may take on it now (prefilled like the item page's),
    so a board or the desk can post them to the same lifecycle route. `latest`: the items' latest answers when the
    caller has read them already."""
    if latest is None:
        latest = pages.latest_answers([p.id for p in petitions])  # one query for the list, not one per row
    return {p.id: {name: form for name, form in action_forms(p, latest=latest).items() if name in INLINE}
            for p in petitions}


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


def _prefill(name: str, form, petition: Petition, page=None, latest: dict | None = None) -> None:
    """The office's classification and proposal, as the starting point of a correction, a re-route or the
    transfer; an officer's proposed return, as the leader's starting point; the agency's proposed completion
    date, as the roadmap's."""
    if name == "accept_on_roadmap":
        answer = (pages.latest_answers([petition.id]) if latest is None else latest).get(petition.id)
        form.expected_date.data = answer.expected_date if answer else None
        return
    if name == "draft_answer" and petition.status == "transferred":
        back = answers.sent_back_draft(petition)  # the leader sent it back: corrected, not typed again
        if back is not None:
            form.text.data, form.result_category.data = back.text, back.result_category
            form.expected_date.data, form.letter_number.data = back.expected_date, back.letter_number
            form.letter_date.data = back.letter_date
        return
    if name == "classify" and not petition.field_id:
        return  # never classified: the form starts blank, so nothing is classified by default
    if name in ("classify", "reroute", "correct"):
        form.field.data, form.competence_level.data = petition.field_id, petition.competence_level
    if name in ("classify", "transfer", "correct"):
        form.lead_agency.data = petition.lead_agency_id or 0
        form.coordinating.data = [a.id for a in petition.coordinating_agencies]
    if name == "correct":
        form.summary.data = petition.summary
    if name == "reroute":
        # The agency that returned the item is never pre-selected: its suggestion is, when from the catalogue.
        suggested = ((page.last_return.data or {}) if page and page.last_return else {}).get("suggested_agency_id")
        form.lead_agency.data = suggested if suggested and suggested != petition.lead_agency_id else 0
        form.coordinating.data = [a.id for a in petition.coordinating_agencies if a.id != suggested]
    if name == "return_not_competent" and page and page.return_proposal:
        data = page.return_proposal.data or {}
        form.reason.data = page.return_proposal.reason
        form.suggested_agency.data = data.get("suggested_agency_id") or 0
        form.suggested_text.data = "" if data.get("suggested_agency_id") else data.get("suggested_agency", "")


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
                              lambda f: _prefill("correct", f, petition))
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
