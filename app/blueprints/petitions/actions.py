"""One POST per lifecycle action on the detail page (/petitions/<ref>/<action>): permission, form, ONE service
call, commit. What each action calls and says when done is the table ACTIONS."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import permissions
from app.blueprints.petitions import bp
from app.blueprints.petitions.forms import ACTION_FORMS
from app.blueprints.petitions.pages import render_detail
from app.services import catalogue
from app.services.errors import NotFound
from app.services.petitions import answers, batch, intake, reviews, transfers
from app.web.edge import WARNING, commit_or_flash, get_petition, safe_next
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


def _merge(u, p, f, v):
    into = catalogue.petition_by_code(f.into.data)
    if into is None or not permissions.can_view(u, into):
        raise NotFound(_("Không tìm thấy kiến nghị %(code)s.", code=f.into.data))
    return intake.merge(u, p, into=into, expected_version=v)


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
    "return_not_competent": ActionView(lambda u, p, f, v: answers.return_not_competent(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã trả lại: không đúng thẩm quyền.")),
    "submit_answer": ActionView(lambda u, p, f, v: batch.submit_answer_with_files(
        u, p, _files(), letter_number=f.letter_number.data or "", letter_date=f.letter_date.data,
        signer=f.signer.data or "", expected_version=v), _l("Đã duyệt và gửi văn bản trả lời.")),
    "send_back_draft": ActionView(lambda u, p, f, v: answers.send_back_draft(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã trả lại dự thảo cho chuyên viên.")),
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
    "reroute": ActionView(lambda u, p, f, v: intake.reroute(
        u, p, reason=f.reason.data or "", expected_version=v), _l("Đã chuyển về bước phân loại lại.")),
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
        flash(_("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
        return render_detail(petition, bound={action: form}, status=400, open_action=action)
    spec = ACTIONS[action]
    outcome = commit_or_flash(lambda: spec.call(current_user, petition, form, form.expected_version()), spec.done)
    if not outcome.ok:
        petition = get_petition(ref)
        if outcome.status == 409:
            # The page now shows the current state; what was typed is kept and may be sent again knowingly.
            form.version.data = str(petition.version)
        return render_detail(petition, bound={action: form}, status=outcome.status, open_action=action)
    # A page that posts an action for one of its rows (the session's duplicates) gets the user back to it.
    if request.form.get("next"):
        return redirect(safe_next(request.form.get("next"), "petitions.index"))
    return redirect(url_for("petitions.detail", ref=petition.code))
