"""Forms of the petition pages: one form per lifecycle action (ACTION_FORMS), and the file upload."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app import clock
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


class ClassifyForm(VersionedForm):
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


class CorrectForm(ClassifyForm):
    """Sửa phân loại: the same choices as classifying, plus the summary, pre-filled with what the item has."""

    summary = TextAreaField(_l("Tóm tắt"), validators=[required(), Length(max=500)], render_kw={"rows": 2})


class RerouteForm(ClassifyForm):
    """Phân loại lại after a return: the new proposed lead agency is a required, deliberate choice."""

    lead_agency = SelectField(_l("Cơ quan chủ trì mới (đề xuất)"), coerce=ascii_number,
                              validators=[required()])
    send_to_returning_agency = BooleanField(_l("Vẫn đề xuất cơ quan vừa trả lại (đã trao đổi, xác nhận)"))
    reason = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=4000)])

    def fill(self):
        super().fill()
        self.lead_agency.choices = opts(agency_choices())
        return self


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


class OptionalReasonForm(VersionedForm):
    reason = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=4000)])


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


class EditDraftForm(DraftAnswerForm):
    """The author's corrections to a draft answer before the leader submits it (files are added apart)."""

    files = None


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
