"""WTForms for the workflow pages: one form per lifecycle action, plus intake forms; messages in Vietnamese."""
from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.extensions import db
from app.i18n import lang
from app.models import Agency, Field
from workflows.vocabulary import COMPETENCE_LEVELS, RESULT_CATEGORIES, SET_ASIDE_KINDS, label

REQUIRED = _l("Trường này là bắt buộc.")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
BAD_DATE = _l("Ngày không hợp lệ (dd/mm/yyyy).")


def opts(pairs):
    """Choices as SelectChoice objects (WTForms 3.3 deprecates tuples, and tests turn warnings into errors)."""
    return [SelectChoice(value, label) for value, label in pairs]


def vocabulary_choices(vocab):
    """A vocabulary's choices, labelled in the language of the request that renders the form."""
    return opts((code, LazyString(_vocabulary_label, vocab, code)) for code in vocab)


def _vocabulary_label(vocab, code: str) -> str:
    return label(vocab, code, lang())


def required():
    return DataRequired(message=REQUIRED)


def date_field(label, optional=False):
    validators = [Optional()] if optional else [InputRequired(message=REQUIRED)]
    return DateField(label, validators=validators, format=DATE_FORMATS)


# WTForms ships no Vietnamese catalog: its built-in messages are given Vietnamese ids here, so the app's
# catalog (vi default, en translation) decides what the user reads.
WTFORMS_VI = {
    "This field is required.": "Trường này là bắt buộc.",
    "Not a valid date value.": "Ngày không hợp lệ (dd/mm/yyyy).",
    "Not a valid integer value.": "Phải là một số nguyên.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "“%(value)s” không phải là lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "“%(value)s” không phải là các lựa chọn hợp lệ.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Field must be at least %(min)d character long.": "Phải có ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Phải có ít nhất %(min)d ký tự.",
    "The CSRF token is missing.": "Phiên làm việc đã hết hạn hoặc thiếu mã bảo vệ; vui lòng tải lại trang.",
    "The CSRF token has expired.": "Phiên làm việc đã hết hạn; vui lòng tải lại trang.",
    "The CSRF token is invalid.": "Mã bảo vệ không hợp lệ; vui lòng tải lại trang.",
}


class _VietnameseMessages:
    def gettext(self, string):
        from flask_babel import gettext

        vi = WTFORMS_VI.get(string)
        return gettext(vi) if vi else string

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


class VietnameseMeta:
    def get_translations(self, form):  # noqa: ARG002 - WTForms' signature
        return _VietnameseMessages()


class BaseForm(FlaskForm):
    Meta = type("Meta", (VietnameseMeta, FlaskForm.Meta), {})


class VersionedForm(BaseForm):
    """Every form acting on a petition carries the version the user saw (optimistic locking)."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


def agency_choices(blank: bool = True):
    rows = db.session.execute(select(Agency.id, Agency.name).where(Agency.active.is_(True))
                              .order_by(Agency.name)).all()
    return ([(0, _l("— Chưa chọn —"))] if blank else []) + [(r.id, r.name) for r in rows]


def field_choices():
    return [(r.id, r.name) for r in db.session.execute(select(Field.id, Field.name).order_by(Field.name))]


class ClassifyForm(VersionedForm):
    field = SelectField(_l("Lĩnh vực"), coerce=int, validators=[required()])
    # Blank first options: a classification is a decision, never the first entry of a list by accident.
    competence_level = SelectField(_l("Thẩm quyền"), choices=opts([("", _l("— Chọn thẩm quyền —"))])
                                   + vocabulary_choices(COMPETENCE_LEVELS), validators=[required()])
    lead_agency = SelectField(_l("Cơ quan chủ trì (đề xuất)"), coerce=int, validators=[Optional()])
    coordinating = SelectMultipleField(_l("Cơ quan phối hợp"), coerce=int, validators=[Optional()])

    def fill(self):
        self.field.choices = opts([(0, _l("— Chọn lĩnh vực —")), *field_choices()])
        self.lead_agency.choices = opts(agency_choices())
        self.coordinating.choices = opts(agency_choices(blank=False))
        return self


class ReasonForm(VersionedForm):
    reason = TextAreaField(_l("Lý do"), validators=[required(), Length(max=4000)])


class OptionalReasonForm(VersionedForm):
    reason = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=4000)])


class SetAsideForm(ReasonForm):
    kind = SelectField(_l("Loại"), choices=vocabulary_choices(SET_ASIDE_KINDS), validators=[required()])


class AnsweredAtMeetingForm(VersionedForm):
    explanation = TextAreaField(_l("Nội dung giải trình tại hội nghị"), validators=[required()])


class MergeForm(VersionedForm):
    into = StringField(_l("Mã kiến nghị được giữ lại"), validators=[required(), Length(max=20)],
                       render_kw={"list": "merge-candidates", "autocomplete": "off"})


class ConfirmForm(VersionedForm):
    pass


class ForwardForm(VersionedForm):
    receiving_body = StringField(_l("Cơ quan nhận"), validators=[required(), Length(max=300)])
    letter_number = StringField(_l("Số công văn"), validators=[required(), Length(max=60)])


class TransferForm(VersionedForm):
    """The standing committee signs the letter and decides the agencies: the office's proposal is pre-filled."""

    letter_number = StringField(_l("Số công văn chuyển"), validators=[required(), Length(max=60)])
    letter_date = date_field(_l("Ngày công văn"))
    lead_agency = SelectField(_l("Cơ quan chủ trì"), coerce=int,
                              validators=[Optional(), NumberRange(min=1, message=REQUIRED)])
    coordinating = SelectMultipleField(_l("Cơ quan phối hợp"), coerce=int, validators=[Optional()])

    def fill(self):
        self.lead_agency.choices = opts(agency_choices())
        self.coordinating.choices = opts(agency_choices(blank=False))
        return self

    def agencies(self) -> tuple[Agency | None, list[Agency] | None]:
        """The agencies chosen; (None, None) keeps the proposal when the post carried no agency fields
        (a client that only signs the letter), since an empty multi-select cannot be told from an absent one."""
        if not self.lead_agency.raw_data:
            return None, None
        lead = db.session.get(Agency, self.lead_agency.data or 0)
        others = [db.session.get(Agency, i) for i in self.coordinating.data or []]
        return lead, [a for a in others if a is not None]


class DraftAnswerForm(VersionedForm):
    text = TextAreaField(_l("Nội dung trả lời"), validators=[required(), Length(max=20000)],
                         render_kw={"rows": 10})
    result_category = SelectField(_l("Kết quả giải quyết"), choices=vocabulary_choices(RESULT_CATEGORIES),
                                  validators=[required()])
    expected_date = date_field(_l("Thời hạn hoàn thành (nếu theo lộ trình)"), optional=True)
    letter_number = StringField(_l("Số văn bản trả lời"), validators=[Optional(), Length(max=60)])
    letter_date = date_field(_l("Ngày văn bản"), optional=True)
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
    letter_date = date_field(_l("Ngày ký"), optional=True)
    signer = StringField(_l("Người ký"), validators=[Optional(), Length(max=120)])
    files = MultipleFileField(_l("Văn bản đã ký (PDF)"))


class CommentForm(VersionedForm):
    comment = TextAreaField(_l("Nhận xét"), validators=[Optional(), Length(max=4000)])


class RoadmapForm(CommentForm):
    expected_date = date_field(_l("Thời hạn hoàn thành dự kiến"), optional=True)


class MarkDoneForm(CommentForm):
    result_category = SelectField(_l("Kết quả"), choices=vocabulary_choices(RESULT_CATEGORIES), default="resolved")


class ProgressForm(VersionedForm):
    percent = IntegerField(_l("Tỷ lệ hoàn thành (%)"), validators=[
        InputRequired(message=REQUIRED), NumberRange(0, 100, message=_l("Từ 0 đến 100."))])
    text = TextAreaField(_l("Nội dung tiến độ"), validators=[required()])
    entry_date = date_field(_l("Ngày báo cáo"), optional=True)


class UploadForm(BaseForm):
    file = FileField(_l("Tệp"), validators=[DataRequired(message=_l("Chọn một tệp để tải lên."))])


class BatchSubmitForm(BaseForm):
    """Only the CSRF token: the selected items and the versions seen come as ids / v-<id> fields."""


class BatchTransferForm(BaseForm):
    letter_number = StringField(_l("Số công văn chuyển"), validators=[required(), Length(max=60)])
    letter_date = date_field(_l("Ngày công văn"))


class PetitionRow(Form):
    Meta = VietnameseMeta

    content = TextAreaField(_l("Nội dung kiến nghị"), validators=[Optional(), Length(max=10000)])
    summary = StringField(_l("Tóm tắt"), validators=[Optional(), Length(max=500)])
    locality = StringField(_l("Địa phương"), validators=[Optional(), Length(max=200)])
    voter_name = StringField(_l("Cử tri (nếu có)"), validators=[Optional(), Length(max=200)])
    urgent = BooleanField(_l("Khẩn"))


class MeetingPetitionsForm(BaseForm):
    rows = FieldList(FormField(PetitionRow), min_entries=5, max_entries=30)
