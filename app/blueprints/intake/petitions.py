"""Recommendations received outside a meeting, corrections while the office still holds an item, and the
batch submission of classified items to the standing committee (trình Thường trực)."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.blueprints.intake import bp, require
from app.blueprints.intake.forms import BatchClassifyForm, BatchSubmitForm, EditPetitionForm, PetitionForm
from app.services import catalogue
from app.services.errors import NotFound
from app.services.petitions import batch, intake
from app.web.edge import (
    commit_or_flash,
    flash_invalid,
    get_petition,
    safe_next,
    selected_with_versions,
)
from app.web.lists import board_filters, list_context


@bp.route("/petitions/new", methods=["GET", "POST"])
def new_petition():
    """One recommendation received outside a meeting (letter, hotline, delegate, portal)."""
    require("record")
    form = PetitionForm().fill()
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        outcome = commit_or_flash(
            lambda: intake.record_petition(
                current_user, content=form.content.data, summary=form.summary.data or "",
                channel=form.channel.data, locality=form.locality.data or "", voter_name=form.voter_name.data,
                session=catalogue.session(form.session.data), timing=form.timing.data, urgent=form.urgent.data),
            lambda p: _("Đã ghi nhận kiến nghị %(code)s.", code=p.code))
        if outcome.ok:
            return redirect(url_for("petitions.detail", ref=outcome.value.code))
        status = outcome.status
    return render_template("intake/petition_form.html", form=form, petition=None), status


@bp.route("/petitions/<ref>/edit", methods=["GET", "POST"])
def edit_petition(ref: str):
    petition = get_petition(ref)
    if not permissions.can_edit(current_user, petition):
        abort(403)
    form = EditPetitionForm(obj=petition)
    if request.method == "GET":
        form.version.data = str(petition.version)
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        changes = {k: getattr(form, k).data for k in intake.EDITABLE_FIELDS}
        changes["voter_name"] = changes["voter_name"] or None
        outcome = commit_or_flash(lambda: intake.update_petition(
            current_user, petition, expected_version=form.expected_version(), **changes), _("Đã lưu thay đổi."))
        if outcome.ok:
            return redirect(url_for("petitions.detail", ref=petition.code))
        status = outcome.status
    return render_template("intake/petition_form.html", form=form, petition=petition), status


# The two steps of the office's compiling this page serves: new items to classify, classified ones to submit.
SUBMISSION_STEPS = ("classified", "recorded")


def _step() -> str:
    step = request.values.get("step", "classified")
    return step if step in SUBMISSION_STEPS else "classified"


def _submission_page(form: BatchSubmitForm, status: int = 200, classify_form: BatchClassifyForm | None = None):
    step = _step()
    return render_template("intake/submissions.html", form=form, step=step,
                           classify_form=classify_form or BatchClassifyForm(formdata=None).fill(),
                           **list_context(board_filters(step, "created", "asc"))), status


@bp.post("/submissions/classify")
def classify_selected():
    """Phân loại hàng loạt: one field, competence level and proposed agencies for every ticked item, or none."""
    require("correct_classification")
    classify_form = BatchClassifyForm().fill()
    if not classify_form.validate():
        flash_invalid()
        return _submission_page(BatchSubmitForm(formdata=None), 400, classify_form)

    def call():
        field = catalogue.field(classify_form.field.data)
        if field is None:
            raise NotFound(_("Lĩnh vực không tồn tại."))
        return batch.classify_many(current_user, selected_with_versions(), field=field,
                                   competence_level=classify_form.competence_level.data,
                                   lead_agency=catalogue.agency(classify_form.lead_agency.data),
                                   coordinating=catalogue.agencies(classify_form.coordinating.data))

    outcome = commit_or_flash(call, lambda done: _("Đã phân loại %(n)s kiến nghị: %(codes)s.", n=len(done),
                                                    codes=", ".join(p.code for p in done)))
    if not outcome.ok:
        return _submission_page(BatchSubmitForm(formdata=None), outcome.status, classify_form)
    return redirect(url_for("intake.submissions", step=_step()))


@bp.route("/submissions", methods=["GET", "POST"])
def submissions():
    """Trình Thường trực: the classified items, submitted for transfer approval several at a time; and the
    classification of several items at once (ticked, then one field, level and agency for all)."""
    require("record")
    form = BatchSubmitForm()
    if not form.is_submitted():
        return _submission_page(form)
    if not form.validate():
        flash_invalid()
        return _submission_page(form, 400)
    outcome = commit_or_flash(
        lambda: batch.submit_many(current_user, selected_with_versions()),
        lambda done: _("Đã trình Thường trực duyệt chuyển %(n)s kiến nghị: %(codes)s.", n=len(done),
                       codes=", ".join(p.code for p in done)))
    if not outcome.ok:
        return _submission_page(form, outcome.status)
    # Pressed on a meeting's page: back there (its next step); the batch page otherwise.
    return redirect(safe_next(request.form.get("next"), "intake.submissions") if request.form.get("next")
                    else url_for("intake.submissions"))
