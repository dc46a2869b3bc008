"""One POST endpoint per lifecycle action on the detail page: permission, form, one service call, commit."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app import permissions
from app.blueprints import workflow_forms as wf
from app.blueprints.petitions import bp, get_petition, render_detail
from app.extensions import db
from app.i18n import lang
from app.models import Agency, Field, Petition
from app.services import answers, batch, petitions, reviews
from app.services.errors import DomainError, NotFound
from workflows.petition import state_label


@dataclass(frozen=True)
class ActionView:
    form: type
    call: Callable  # (user, petition, form, version) -> result of ONE service call
    done: str  # flash message on success


def _files() -> list[tuple[str, bytes]]:
    return [(f.filename, f.read()) for f in request.files.getlist(f"{request.view_args['action']}-files")
            if f and f.filename]


def _agency(agency_id: int | None) -> Agency | None:
    return db.session.get(Agency, agency_id) if agency_id else None


def _classify(u, p, f, v):
    field = db.session.get(Field, f.field.data)
    if field is None:
        raise NotFound(_("Lĩnh vực không tồn tại."))
    coordinating = [a for a in (db.session.get(Agency, i) for i in f.coordinating.data or []) if a]
    return petitions.classify(u, p, field=field, competence_level=f.competence_level.data,
                              lead_agency=_agency(f.lead_agency.data), coordinating=coordinating,
                              expected_version=v)


def _merge(u, p, f, v):
    into = db.session.scalar(select(Petition).where(Petition.code == f.into.data.strip().upper()))
    if into is None or not permissions.can_view(u, into):
        raise NotFound(_("Không tìm thấy kiến nghị %(code)s.", code=f.into.data))
    return petitions.merge(u, p, into=into, expected_version=v)


def _transfer(user, petition, form, version):
    lead, coordinating = form.agencies()
    return petitions.transfer(user, petition, letter_number=form.letter_number.data,
                              letter_date=form.letter_date.data, lead_agency=lead, coordinating=coordinating,
                              expected_version=version)


ACTIONS: dict[str, ActionView] = {
    "classify": ActionView(wf.ClassifyForm, _classify, _l("Đã phân loại kiến nghị.")),
    "set_aside": ActionView(wf.SetAsideForm, lambda u, p, f, v: petitions.set_aside(
        u, p, kind=f.kind.data, reason=f.reason.data, expected_version=v), _l("Đã tách riêng: không phải kiến nghị.")),
    "mark_answered_at_meeting": ActionView(wf.AnsweredAtMeetingForm, lambda u, p, f, v: petitions.mark_answered_at_meeting(
        u, p, explanation=f.explanation.data, expected_version=v), _l("Đã ghi nhận giải trình tại hội nghị.")),
    "merge": ActionView(wf.MergeForm, _merge, _l("Đã gộp kiến nghị trùng.")),
    "submit_for_transfer": ActionView(wf.ConfirmForm, lambda u, p, f, v: petitions.submit_for_transfer(
        u, p, expected_version=v), _l("Đã trình Thường trực duyệt chuyển.")),
    "forward": ActionView(wf.ForwardForm, lambda u, p, f, v: petitions.forward(
        u, p, receiving_body=f.receiving_body.data, letter_number=f.letter_number.data, expected_version=v),
        _l("Đã chuyển cấp trên.")),
    "transfer": ActionView(wf.TransferForm, _transfer,
        _l("Đã duyệt chuyển cơ quan giải quyết.")),
    "send_back": ActionView(wf.ReasonForm, lambda u, p, f, v: petitions.send_back(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã trả lại Văn phòng.")),
    "draft_answer": ActionView(wf.DraftAnswerForm, lambda u, p, f, v: batch.draft_answer_with_files(
        u, p, _files(), text=f.text.data, result_category=f.result_category.data,
        expected_date=f.expected_date.data, letter_number=f.letter_number.data or "",
        letter_date=f.letter_date.data, expected_version=v), _l("Đã lưu dự thảo trả lời, chờ lãnh đạo duyệt.")),
    "return_not_competent": ActionView(wf.ReasonForm, lambda u, p, f, v: answers.return_not_competent(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã trả lại: không đúng thẩm quyền.")),
    "submit_answer": ActionView(wf.SubmitAnswerForm, lambda u, p, f, v: batch.submit_answer_with_files(
        u, p, _files(), letter_number=f.letter_number.data or "", letter_date=f.letter_date.data,
        signer=f.signer.data or "", expected_version=v), _l("Đã duyệt và gửi văn bản trả lời.")),
    "send_back_draft": ActionView(wf.ReasonForm, lambda u, p, f, v: answers.send_back_draft(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã trả lại dự thảo cho chuyên viên.")),
    "accept": ActionView(wf.CommentForm, lambda u, p, f, v: reviews.accept(
        u, p, comment=f.comment.data or "", expected_version=v), _l("Đã chấp nhận trả lời và kết thúc.")),
    "accept_on_roadmap": ActionView(wf.RoadmapForm, lambda u, p, f, v: reviews.accept_on_roadmap(
        u, p, expected_date=f.expected_date.data, comment=f.comment.data or "", expected_version=v),
        _l("Đã chấp nhận, theo dõi theo lộ trình.")),
    "request_reanswer": ActionView(wf.ReasonForm, lambda u, p, f, v: reviews.request_reanswer(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã yêu cầu trả lời lại.")),
    "report_progress": ActionView(wf.ProgressForm, lambda u, p, f, v: answers.report_progress(
        u, p, percent=f.percent.data, text=f.text.data, entry_date=f.entry_date.data, expected_version=v),
        _l("Đã cập nhật tiến độ.")),
    "mark_done": ActionView(wf.MarkDoneForm, lambda u, p, f, v: reviews.mark_done(
        u, p, comment=f.comment.data or "", result_category=f.result_category.data, expected_version=v),
        _l("Đã xác nhận hoàn thành.")),
    "reroute": ActionView(wf.OptionalReasonForm, lambda u, p, f, v: petitions.reroute(
        u, p, reason=f.reason.data or "", expected_version=v), _l("Đã chuyển về bước phân loại lại.")),
    "withdraw": ActionView(wf.ReasonForm, lambda u, p, f, v: petitions.withdraw(
        u, p, reason=f.reason.data, expected_version=v), _l("Đã rút kiến nghị.")),
}


def act(ref: str, action: str):
    petition = get_petition(ref)
    if not permissions.can(current_user, action, petition, check_state=False):
        abort(403)  # this role may never do this here: no form, no data
    spec = ACTIONS[action]
    form = spec.form(prefix=action)
    if hasattr(form, "fill"):
        form.fill()
    if not permissions.can(current_user, action, petition):
        # Someone moved the item first: say so, change nothing, keep what was typed.
        flash(_("Thao tác không còn hợp lệ: kiến nghị đang ở trạng thái “%(s)s”. Không có gì bị thay đổi.",
                s=state_label(petition.status, lang())), "warning")
        typed = [(str(f.label.text), f.data) for f in form
                 if f.type in ("StringField", "TextAreaField") and isinstance(f.data, str) and f.data.strip()]
        return render_detail(petition, status=409, unsent=typed)
    if not form.validate():
        flash(_("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
        return render_detail(petition, bound={action: form}, status=400, open_action=action)
    try:
        spec.call(current_user, petition, form, form.expected_version())
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger" if exc.status != 409 else "warning")
        petition = get_petition(ref)
        if exc.status == 409:
            # The page now shows the current state; what was typed is kept and may be sent again knowingly.
            form.version.data = str(petition.version)
        return render_detail(petition, bound={action: form}, status=exc.status, open_action=action)
    flash(str(spec.done), "success")
    return redirect(url_for("petitions.detail", ref=petition.code))


for _name in ACTIONS:
    bp.add_url_rule(f"/<ref>/{_name}", endpoint=f"act_{_name}", view_func=act, methods=["POST"],
                    defaults={"action": _name})
