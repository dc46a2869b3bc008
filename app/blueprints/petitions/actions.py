"""One POST per lifecycle action on the detail page (/petitions/<ref>/<action>): permission, form, ONE service
call, commit. What each action calls and says when done is the table ACTIONS."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import permissions
from app.blueprints.petitions import bp
from app.blueprints.petitions.forms import CorrectForm, EditDraftForm
from app.blueprints.petitions.pages import render_detail
from app.services import catalogue
from app.services.errors import NotFound
from app.services.petitions import answers, batch, intake, pages, reviews, transfers
from app.web.actions import ACTION_FORMS
from app.web.edge import (
    DANGER,
    WARNING,
    commit_or_flash,
    find_petition,
    flash_invalid,
    get_petition,
    safe_next,
)
from app.web.i18n import lang
from workflows.petition import state_label


@dataclass(frozen=True)
class ActionView:
    call: Callable  # (user, petition, form, version) -> result of ONE service call
    done: str  # flashed on success


def _files() -> list[tuple[str, bytes]]:
    return [(f.filename, f.read()) for f in request.files.getlist(f"{request.view_args['action']}-files")
            if f and f.filename]


def _classify(u, p, f, v):
    field = catalogue.field(f.field.data)
    if field is None:
        raise NotFound(_("Lĩnh vực không tồn tại."))
    return intake.classify(u, p, field=field, competence_level=f.competence_level.data,
                           lead_agency=catalogue.agency(f.lead_agency.data),
                           coordinating=catalogue.agencies(f.coordinating.data), expected_version=v)


def _not_found(code: str) -> str:
    return _("Không tìm thấy kiến nghị %(code)s.", code=code)


def _merge(u, p, f, v):
    into = find_petition(f.into.data)
    if into is None:
        raise NotFound(_not_found(f.into.data))
    return intake.merge(u, p, into=into, expected_version=v)


def _confirm_merge(petition, form):
    """The confirmation step of a merge: both texts side by side, nothing changed yet."""
    into = find_petition(form.into.data)
    if into is None:
        flash(_not_found(form.into.data), DANGER)
        return render_detail(petition, bound={"merge": form}, status=404, open_action="merge")
    form.confirmed.data = "yes"
    return render_template("petitions/merge_confirm.html", p=petition, into=into, form=form,
                           next=safe_next(request.form.get("next"), "petitions.index") if request.form.get("next") else "")


def _send_answer(u, p, f, v):
    """"Gửi trả lời": the leader's own answer, drafted and submitted at once."""
    return batch.send_answer(u, p, _files(), text=f.text.data, result_category=f.result_category.data,
                             expected_date=f.expected_date.data, letter_number=f.letter_number.data or "",
                             letter_date=f.letter_date.data, expected_version=v)


# Two consecutive steps of one user in one press: the action, the button's name, the step that follows, the view.
FOLLOW_UPS: dict[str, tuple[str, str, ActionView]] = {
    "draft_answer": ("send", "submit_answer", ActionView(_send_answer, _l("Đã gửi văn bản trả lời đến Thường trực HĐND."))),
    "reroute": ("submit", "submit_for_transfer", ActionView(lambda u, p, f, v: batch.reroute_and_submit(
        u, p, expected_version=v, **_rerouting(f)), _l("Đã phân loại lại và trình Thường trực duyệt chuyển."))),
}


def _after(action: str, petition):
    """Where a done action lands: the page it was pressed on (a board or the desk, `next`), else for an answer the
    agency's next item to answer (the desk when none is left), else the item itself."""
    if request.form.get("next"):
        return safe_next(request.form.get("next"))
    if action == "draft_answer":
        following = pages.next_to_answer(current_user, petition)
        return url_for("petitions.detail", ref=following.code) if following else url_for("main.index")
    return url_for("petitions.detail", ref=petition.code)


def _rerouting(f) -> dict:
    """The re-route form's choices, as intake.reroute takes them."""
    field = catalogue.field(f.field.data)
    if field is None:
        raise NotFound(_("Lĩnh vực không tồn tại."))
    return dict(lead_agency=catalogue.agency(f.lead_agency.data), coordinating=catalogue.agencies(f.coordinating.data),
                field=field, competence_level=f.competence_level.data, reason=f.reason.data or "",
                send_to_returning_agency=f.send_to_returning_agency.data)


def _reroute(u, p, f, v):
    return intake.reroute(u, p, expected_version=v, **_rerouting(f))


def _return(service):
    def call(u, p, f, v):
        return service(u, p, reason=f.reason.data or "", suggested_agency=catalogue.agency(f.suggested_agency.data),
                       suggested_text=f.suggested_text.data or "", expected_version=v)
    return call


def _transfer(u, p, f, v):
    if not f.chose_agencies():
        return transfers.transfer(u, p, letter_number=f.letter_number.data, letter_date=f.letter_date.data,
                                  expected_version=v)
    return transfers.transfer(u, p, letter_number=f.letter_number.data, letter_date=f.letter_date.data,
                              lead_agency=catalogue.agency(f.lead_agency.data),
                              coordinating=catalogue.agencies(f.coordinating.data), expected_version=v)


ACTIONS: dict[str, ActionView] = {
    "classify": ActionView(_classify, _l("Đã phân loại kiến nghị.")),
    "set_aside": ActionView(lambda u, p, f, v: intake.set_aside(
        u, p, kind=f.kind.data, reason=f.reason.data, expected_version=v), _l("Đã tách riêng: không phải kiến nghị.")),
    "mark_answered_at_meeting": ActionView(lambda u, p, f, v: intake.mark_answered_at_meeting(
        u, p, explanation=f.explanation.data, expected_version=v), _l("Đã ghi nhận giải trình tại hội nghị.")),
    "merge": ActionView(_merge, _l("Đã gộp kiến nghị trùng.")),
    "submit_for_transfer": ActionView(lambda u, p, f, v: intake.submit_for_transfer(
        u, p, expected_version=v), _l("Đã trình Thường trực duyệt chuyển.")),
    "forward": ActionView(lambda u, p, f, v: intake.forward(
        u, p, receiving_body=f.receiving_body.data, letter_number=f.letter_number.data, expected_version=v),
        _l("Đã chuyển cấp trên.")),
    "transfer": ActionView(_transfer, _l("Đã duyệt chuyển cơ quan giải quyết.")),
    "send_back": ActionView(lambda u, p, f, v: transfers.send_back(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã trả lại Văn phòng.")),
    "draft_answer": ActionView(lambda u, p, f, v: batch.draft_answer_with_files(
        u, p, _files(), text=f.text.data, result_category=f.result_category.data,
        expected_date=f.expected_date.data, letter_number=f.letter_number.data or "",
        letter_date=f.letter_date.data, expected_version=v), _l("Đã lưu dự thảo trả lời, chờ lãnh đạo duyệt.")),
    "propose_return": ActionView(_return(answers.propose_return),
                                 _l("Đã đề xuất trả lại, chờ lãnh đạo cơ quan duyệt.")),
    "return_not_competent": ActionView(_return(answers.return_not_competent), _l("Đã trả lại: không đúng thẩm quyền.")),
    "submit_answer": ActionView(lambda u, p, f, v: batch.submit_answer_with_files(
        u, p, _files(), letter_number=f.letter_number.data or "", letter_date=f.letter_date.data,
        signer=f.signer.data or "", expected_version=v), _l("Đã duyệt và gửi văn bản trả lời.")),
    "send_back_draft": ActionView(lambda u, p, f, v: answers.send_back_draft(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã trả lại cho chuyên viên.")),
    "accept": ActionView(lambda u, p, f, v: reviews.accept(
        u, p, comment=f.comment.data or "", expected_version=v), _l("Đã chấp nhận trả lời và kết thúc.")),
    "accept_on_roadmap": ActionView(lambda u, p, f, v: reviews.accept_on_roadmap(
        u, p, expected_date=f.expected_date.data, comment=f.comment.data or "", expected_version=v),
        _l("Đã chấp nhận, theo dõi theo lộ trình.")),
    "request_reanswer": ActionView(lambda u, p, f, v: reviews.request_reanswer(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã yêu cầu trả lời lại.")),
    "report_progress": ActionView(lambda u, p, f, v: answers.report_progress(
        u, p, percent=f.percent.data, text=f.text.data, entry_date=f.entry_date.data, expected_version=v),
        _l("Đã cập nhật tiến độ.")),
    "mark_done": ActionView(lambda u, p, f, v: reviews.mark_done(
        u, p, comment=f.comment.data or "", result_category=f.result_category.data, expected_version=v),
        _l("Đã xác nhận hoàn thành.")),
    "reroute": ActionView(_reroute, _l("Đã phân loại lại và đề xuất cơ quan chủ trì mới.")),
    "withdraw": ActionView(lambda u, p, f, v: intake.withdraw(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã rút kiến nghị.")),
}


@bp.post(f"/<ref>/<any({', '.join(ACTIONS)}):action>")
def act(ref: str, action: str):
    petition = get_petition(ref)
    if not permissions.can(current_user, action, petition, check_state=False):
        abort(403)  # this role may never do this here: no form, no data
    form = ACTION_FORMS[action](prefix=action)
    if hasattr(form, "fill"):
        form.fill()
    if not permissions.can(current_user, action, petition):
        # Someone moved the item first: say so, change nothing, keep what was typed.
        flash(_("Thao tác không còn hợp lệ: kiến nghị đang ở trạng thái “%(s)s”. Không có gì bị thay đổi.",
                s=state_label(petition.status, lang())), WARNING)
        typed = [(str(f.label.text), f.data) for f in form
                 if f.type in ("StringField", "TextAreaField") and isinstance(f.data, str) and f.data.strip()]
        return render_detail(petition, status=409, unsent=typed)
    if not form.validate():
        flash_invalid()
        return render_detail(petition, bound={action: form}, status=400, open_action=action)
    if action == "merge" and not form.is_confirmed():
        return _confirm_merge(petition, form)
    spec = ACTIONS[action]
    if action in FOLLOW_UPS and request.form.get(FOLLOW_UPS[action][0]) == "yes":
        _button, then, spec = FOLLOW_UPS[action]
        if not permissions.can_do_both(current_user, action, then, petition):
            abort(403)  # e.g. an officer's draft goes through the leader
    outcome = commit_or_flash(lambda: spec.call(current_user, petition, form, form.expected_version()), spec.done)
    if not outcome.ok:
        petition = get_petition(ref)
        if outcome.status == 409:
            # The page now shows the current state; what was typed is kept and may be sent again knowingly.
            form.version.data = str(petition.version)
        return render_detail(petition, bound={action: form}, status=outcome.status, open_action=action)
    return redirect(_after(action, petition))


@bp.post("/<ref>/correct")
def correct(ref: str):
    """Sửa phân loại of an item the office still holds: field, competence level, proposed agencies, summary."""
    petition = get_petition(ref)
    if not permissions.can_correct(current_user, petition):
        abort(403)
    form = CorrectForm(prefix="correct").fill()
    if not form.validate():
        flash_invalid()
        return render_detail(petition, correct_form=form, status=400)

    def call():
        field = catalogue.field(form.field.data)
        if field is None:
            raise NotFound(_("Lĩnh vực không tồn tại."))
        return intake.correct(current_user, petition, field=field, competence_level=form.competence_level.data,
                              lead_agency=catalogue.agency(form.lead_agency.data),
                              coordinating=catalogue.agencies(form.coordinating.data), summary=form.summary.data,
                              expected_version=form.expected_version())

    outcome = commit_or_flash(call, lambda changes: _("Đã sửa phân loại.") if changes else _("Không có gì thay đổi."))
    if not outcome.ok:
        return render_detail(get_petition(ref), correct_form=form, status=outcome.status)
    return redirect(url_for("petitions.detail", ref=petition.code))


@bp.post("/<ref>/draft")
def edit_draft(ref: str):
    """Sửa dự thảo: the author corrects the draft answer until the leader submits it."""
    petition = get_petition(ref)
    if not permissions.can_edit_draft(current_user, petition, answers.current_draft(petition)):
        abort(403)
    form = EditDraftForm(prefix="edit_draft")
    if not form.validate():
        flash_invalid()
        return render_detail(petition, draft_form=form, status=400)
    outcome = commit_or_flash(lambda: answers.edit_draft(
        current_user, petition, text=form.text.data, result_category=form.result_category.data,
        expected_date=form.expected_date.data, letter_number=form.letter_number.data or "",
        letter_date=form.letter_date.data, expected_version=form.expected_version()), _("Đã lưu dự thảo."))
    if not outcome.ok:
        return render_detail(get_petition(ref), draft_form=form, status=outcome.status)
    return redirect(url_for("petitions.detail", ref=petition.code))
