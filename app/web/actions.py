"""The lifecycle's actions as forms, shared by every page that offers a decision: the item's page, the committee's
boards and desk (INLINE decisions taken from a list) and the intake's merge suggestions. One form per action
(ACTION_FORMS); `action_forms` builds the ones the user may press now, pre-filled from the item."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app import clock, permissions
from app.models import Petition
from app.services.petitions import answers, pages, reviews
from app.web.forms import (
    REQUIRED,
    IntegerField,
    VersionedForm,
    agency_choices,
    ascii_number,
    date_field,
    field_choices,
    opts,
    required,
    vocabulary_choices,
)
from workflows.vocabulary import CLOSING_CATEGORIES, COMPETENCE_LEVELS, RESULT_CATEGORIES, SET_ASIDE_KINDS


class ClassificationFields:
    """Field, competence level and proposed agencies: one item's classification (ClassifyForm) or the ticked
    items' (the submissions page's batch), the same fields and the same lists."""

    field = SelectField(_l("Lĩnh vực"), coerce=ascii_number, validators=[required()])
    # Blank first options: a classification is a decision, never the first entry of a list by accident.
    competence_level = SelectField(_l("Thẩm quyền"), choices=opts([("", _l("— Chọn thẩm quyền —"))])
                                   + vocabulary_choices(COMPETENCE_LEVELS), validators=[required()])
    lead_agency = SelectField(_l("Cơ quan chủ trì (đề xuất)"), coerce=ascii_number, validators=[Optional()])
    coordinating = SelectMultipleField(_l("Cơ quan phối hợp"), coerce=ascii_number, validators=[Optional()],
                                       render_kw={"data-search": "1"})

    def fill(self):
        self.field.choices = opts([(0, _l("— Chọn lĩnh vực —")), *field_choices()])
        self.lead_agency.choices = opts(agency_choices())
        self.coordinating.choices = opts(agency_choices(blank=False))
        return self


class ClassifyForm(ClassificationFields, VersionedForm):
    pass


class RerouteForm(ClassifyForm):
    """Phân loại lại after a return: the new proposed lead agency is a required, deliberate choice."""

    lead_agency = SelectField(_l("Cơ quan chủ trì mới (đề xuất)"), coerce=ascii_number,
                              validators=[required()])
    send_to_returning_agency = BooleanField(_l("Vẫn đề xuất cơ quan vừa trả lại (đã trao đổi, xác nhận)"))
    reason = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=4000)])


class ReturnForm(VersionedForm):
    """Trả lại / đề xuất trả lại: the reason and, optionally, the agency believed competent."""

    reason = TextAreaField(_l("Lý do không đúng thẩm quyền"), validators=[required(), Length(max=4000)])
    suggested_agency = SelectField(_l("Cơ quan có thẩm quyền (theo đề xuất của cơ quan)"), coerce=ascii_number,
                                   validators=[Optional()])
    suggested_text = StringField(_l("Hoặc ghi tên cơ quan khác"), validators=[Optional(), Length(max=200)])

    def fill(self):
        self.suggested_agency.choices = opts(agency_choices())
        return self


class ApproveReturnForm(ReturnForm):
    """The leader returns the item; an officer's proposal (pre-filled) stands unless the leader changes it."""

    reason = TextAreaField(_l("Lý do không đúng thẩm quyền"), validators=[Optional(), Length(max=4000)])


class ReasonForm(VersionedForm):
    reason = TextAreaField(_l("Lý do"), validators=[required(), Length(max=4000)])


class SetAsideForm(ReasonForm):
    kind = SelectField(_l("Loại"), choices=vocabulary_choices(SET_ASIDE_KINDS), validators=[required()])


class AnsweredAtMeetingForm(VersionedForm):
    explanation = TextAreaField(_l("Nội dung giải trình tại hội nghị"), validators=[required(), Length(max=4000)])


class MergeForm(VersionedForm):
    """The item kept is chosen among ranked candidates (the page lists them as radio buttons, with the code
    as the value); merging ends this item, so the first post only shows both texts side by side and the merge
    happens when `confirmed` comes back from that confirmation page."""

    into = StringField(_l("Kiến nghị được giữ lại"), validators=[
        InputRequired(message=_l("Chọn kiến nghị được giữ lại.")), Length(max=20)])
    confirmed = HiddenField()

    def is_confirmed(self) -> bool:
        return self.confirmed.data == "yes"


class ConfirmForm(VersionedForm):
    pass


class ForwardForm(VersionedForm):
    receiving_body = StringField(_l("Cơ quan nhận"), validators=[required(), Length(max=300)])
    letter_number = StringField(_l("Số công văn"), validators=[required(), Length(max=60)])


class TransferForm(VersionedForm):
    """The standing committee signs the letter and decides the agencies: the office's proposal is pre-filled."""

    letter_number = StringField(_l("Số công văn chuyển"), validators=[required(), Length(max=60)])
    letter_date = date_field(_l("Ngày công văn"), not_after_tomorrow=True, default=clock.today)
    lead_agency = SelectField(_l("Cơ quan chủ trì"), coerce=ascii_number,
                              validators=[Optional(), NumberRange(min=1, message=REQUIRED)])
    coordinating = SelectMultipleField(_l("Cơ quan phối hợp"), coerce=ascii_number, validators=[Optional()],
                                       render_kw={"data-search": "1"})

    def fill(self):
        # Read when shown or checked: the desk's inline transfer shows neither list (the proposal stands).
        self.lead_agency.choices = lambda: opts(agency_choices())
        self.coordinating.choices = lambda: opts(agency_choices(blank=False))
        return self

    def chose_agencies(self) -> bool:
        """False when the post carried no agency fields (a client that only signs the letter): the
        proposal is then kept, since an empty multi-select cannot be told from an absent one."""
        return bool(self.lead_agency.raw_data)


class DraftAnswerForm(VersionedForm):
    text = TextAreaField(_l("Nội dung trả lời"), validators=[required(), Length(max=20000)],
                         render_kw={"rows": 10})
    # No result is pre-set: a wrong default would flow into the reports unnoticed.
    result_category = SelectField(_l("Kết quả giải quyết"), choices=opts([("", _l("— Chọn kết quả —"))])
                                  + vocabulary_choices(RESULT_CATEGORIES), validators=[required()])
    expected_date = date_field(_l("Thời hạn hoàn thành (nếu theo lộ trình)"), optional=True)
    letter_number = StringField(_l("Số văn bản trả lời"), validators=[Optional(), Length(max=60)])
    letter_date = date_field(_l("Ngày văn bản"), optional=True, not_after_tomorrow=True)
    files = MultipleFileField(_l("Tệp đính kèm (PDF, DOCX, XLSX, JPG, PNG)"))

    def validate(self, extra_validators=None):
        # Form-level: the date field is Optional, which stops its own validators when it is empty.
        ok = super().validate(extra_validators)
        if self.result_category.data == "in_progress" and not self.expected_date.data:
            self.expected_date.errors = [*self.expected_date.errors,
                                         _l("Cần ghi thời hạn hoàn thành khi kết quả là “Đang giải quyết”.")]
            return False
        return ok


class SubmitAnswerForm(VersionedForm):
    letter_number = StringField(_l("Số văn bản trả lời"), validators=[Optional(), Length(max=60)])
    letter_date = date_field(_l("Ngày ký"), optional=True, not_after_tomorrow=True)
    signer = StringField(_l("Người ký"), validators=[Optional(), Length(max=120)])
    files = MultipleFileField(_l("Văn bản đã ký (PDF)"))


class CommentForm(VersionedForm):
    comment = TextAreaField(_l("Nhận xét"), validators=[Optional(), Length(max=4000)])


class RoadmapForm(CommentForm):
    expected_date = date_field(_l("Thời hạn hoàn thành dự kiến"), optional=True)


class MarkDoneForm(CommentForm):
    # Only results that close an item: "being resolved" would close it while saying it is not done.
    # None pre-set either: the committee chooses the result it confirms, as the agency does for an answer.
    result_category = SelectField(_l("Kết quả"), validators=[required()], choices=opts(
        [("", _l("— Chọn kết quả —"))]) + vocabulary_choices(
        {k: v for k, v in RESULT_CATEGORIES.items() if k in CLOSING_CATEGORIES}))


class ProgressForm(VersionedForm):
    percent = IntegerField(_l("Tỷ lệ hoàn thành (%)"), validators=[
        InputRequired(message=REQUIRED), NumberRange(0, 100, message=_l("Từ 0 đến 100."))])
    text = TextAreaField(_l("Nội dung tiến độ"), validators=[required(), Length(max=4000)])
    entry_date = date_field(_l("Ngày báo cáo"), optional=True, not_after_tomorrow=True)


# The form each lifecycle action posts from the detail page.
ACTION_FORMS: dict[str, type[VersionedForm]] = {
    "classify": ClassifyForm, "set_aside": SetAsideForm, "mark_answered_at_meeting": AnsweredAtMeetingForm,
    "merge": MergeForm, "submit_for_transfer": ConfirmForm, "forward": ForwardForm, "transfer": TransferForm,
    "send_back": ReasonForm, "draft_answer": DraftAnswerForm, "return_not_competent": ApproveReturnForm,
    "propose_return": ReturnForm,
    "submit_answer": SubmitAnswerForm, "send_back_draft": ReasonForm, "accept": CommentForm,
    "accept_on_roadmap": RoadmapForm, "request_reanswer": ReasonForm, "report_progress": ProgressForm,
    "mark_done": MarkDoneForm, "reroute": RerouteForm, "withdraw": ReasonForm,
}


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
            prefill(name, form, petition, page, latest)
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


def prefill(name: str, form, petition: Petition, page=None, latest: dict | None = None) -> None:
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
