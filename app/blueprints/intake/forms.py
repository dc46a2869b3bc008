"""Forms of the clerks' intake pages: voter meetings, recommendations (one or several), corrections, imports."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from app.services import catalogue
from app.services.petitions.batch import MAX_ROWS
from app.services.petitions.meetings import MAX_VOTERS
from app.web.actions import ClassificationFields
from app.web.forms import (
    REQUIRED,
    BaseForm,
    IntegerField,
    VersionedForm,
    VietnameseMeta,
    ascii_number,
    date_field,
    opts,
    required,
    session_choices,
    vocabulary_choices,
)
from workflows.vocabulary import CHANNELS, MEETING_TYPES

TIMINGS = opts([("before", _l("Trước kỳ họp")), ("after", _l("Sau kỳ họp"))])


class MeetingForm(BaseForm):
    held_on = date_field(_l("Ngày tiếp xúc"))
    place = StringField(_l("Địa điểm"), validators=[required(), Length(max=300)])
    locality = StringField(_l("Xã, phường"), validators=[required(), Length(max=200)])
    # "Hình thức" says before or after a session; the meeting's timing is derived from it (meetings.timing_of).
    meeting_type = SelectField(_l("Hình thức"), choices=vocabulary_choices(MEETING_TYPES))
    session = SelectField(_l("Kỳ họp"), coerce=ascii_number, validators=[Optional()],
                          description=_l("Để trống: chọn theo ngày tiếp xúc."))
    constituency = SelectField(_l("Đơn vị bầu cử"), coerce=ascii_number, validators=[Optional()])
    delegates = SelectMultipleField(_l("Đại biểu tham dự"), coerce=ascii_number, validators=[Optional()],
                                    render_kw={"data-search": "1"})
    voters_count = IntegerField(_l("Số cử tri tham dự"), default=0, validators=[
        InputRequired(message=REQUIRED), NumberRange(min=0, message=_l("Không được âm.")),
        NumberRange(max=MAX_VOTERS, message=_l("Không quá %(max)s."))])
    notes = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=4000)])

    def fill(self):
        self.session.choices = opts([(0, _l("— Theo ngày tiếp xúc —")), *catalogue.sessions()])
        self.constituency.choices = opts([(0, _l("— Không —")), *catalogue.constituencies()])
        self.delegates.choices = opts(catalogue.delegates())
        return self


class PetitionForm(BaseForm):
    content = TextAreaField(_l("Nội dung kiến nghị"), validators=[required(), Length(max=10000)])
    summary = StringField(_l("Tóm tắt"), validators=[Optional(), Length(max=500)])
    channel = SelectField(_l("Kênh tiếp nhận"), choices=vocabulary_choices(CHANNELS), default="letter")
    locality = StringField(_l("Địa phương"), validators=[Optional(), Length(max=200)])
    voter_name = StringField(_l("Cử tri (nếu có)"), validators=[Optional(), Length(max=200)])
    session = SelectField(_l("Kỳ họp"), coerce=ascii_number, validators=[Optional()])
    timing = SelectField(_l("Thời điểm"), choices=TIMINGS)
    urgent = BooleanField(_l("Khẩn"))

    def fill(self):
        self.session.choices = opts(session_choices())
        return self


class EditPetitionForm(VersionedForm):
    content = TextAreaField(_l("Nội dung kiến nghị"), validators=[required(), Length(max=10000)])
    summary = StringField(_l("Tóm tắt"), validators=[Optional(), Length(max=500)])
    channel = SelectField(_l("Kênh tiếp nhận"), choices=vocabulary_choices(CHANNELS))
    locality = StringField(_l("Địa phương"), validators=[Optional(), Length(max=200)])
    voter_name = StringField(_l("Cử tri (nếu có)"), validators=[Optional(), Length(max=200)])
    timing = SelectField(_l("Thời điểm"), choices=TIMINGS)
    urgent = BooleanField(_l("Khẩn"))


class SheetImportForm(BaseForm):
    """The file, or (after a check) the file kept from the check, named by its SHA-256."""

    file = FileField(_l("Bảng tổng hợp (.xlsx)"))
    pending = HiddenField(validators=[Optional(), Regexp(r"^[0-9a-f]{64}$", message=_l("Tệp đã kiểm tra không còn; hãy chọn lại tệp."))])
    pending_name = HiddenField(validators=[Optional(), Length(max=255)])
    session = SelectField(_l("Kỳ họp"), coerce=ascii_number, validators=[Optional()])
    timing = SelectField(_l("Thời điểm"), choices=opts([("", _l("Theo tiêu đề của tệp"))]) + TIMINGS,
                         validators=[Optional()])
    check_only = BooleanField(_l("Chỉ kiểm tra, chưa ghi"), default=True)
    # The sheet names are known only once the file is read: any short text is accepted here and the import
    # refuses a name the file lacks with its own message.
    sheet = SelectField(_l("Trang tính"), choices=opts([("", _l("Mọi trang có bảng kiến nghị"))]), validate_choice=False,
                        validators=[Optional(), Length(max=100)])

    def fill(self, sheet_names: list[str] | None = None):
        self.session.choices = opts([(0, _l("Theo tiêu đề của tệp"))] + session_choices(blank=False))
        names = sheet_names or ([self.sheet.data] if self.sheet.data else [])
        self.sheet.choices = opts([("", _l("Mọi trang có bảng kiến nghị"))] + [(n, n) for n in names])
        return self

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.pending.data and not (self.file.data and getattr(self.file.data, "filename", "")):
            self.file.errors.append(_l("Chọn một tệp để tải lên."))
            ok = False
        return ok


class PetitionRow(Form):
    Meta = VietnameseMeta

    content = TextAreaField(_l("Nội dung kiến nghị"), validators=[Optional(), Length(max=10000)])
    summary = StringField(_l("Tóm tắt"), validators=[Optional(), Length(max=500)])
    locality = StringField(_l("Địa phương"), validators=[Optional(), Length(max=200)])
    voter_name = StringField(_l("Cử tri (nếu có)"), validators=[Optional(), Length(max=200)])
    urgent = BooleanField(_l("Khẩn"))
    # Optional: with both, the item is classified as it is recorded (competence level: the agency's).
    field = SelectField(_l("Lĩnh vực"), coerce=ascii_number, validators=[Optional()],
                        render_kw={"data-row": "field"})
    lead_agency = SelectField(_l("Cơ quan chủ trì (đề xuất)"), coerce=ascii_number, validators=[Optional()],
                              render_kw={"data-row": "agency"})


def fill_rows(rows: FieldList, classify: bool) -> None:
    """Each row's field and agency lists; a field's option names the agency usually proposed for it (the page
    pre-selects it when the field is chosen). Without `classify` the rows only record."""
    usual = catalogue.usual_agency_by_field() if classify else {}
    fields = [SelectChoice(0, _l("— Phân loại sau —"))] + [
        SelectChoice(fid, name, {"data-agency": str(usual[fid])} if fid in usual else {})
        for fid, name in catalogue.fields()]
    agencies = opts([(0, _l("— Chưa chọn —")), *catalogue.active_agencies()])
    for row in rows:
        row.form.field.choices = fields if classify else [fields[0]]
        row.form.lead_agency.choices = agencies if classify else [agencies[0]]


def rows_within_bound(form) -> bool:
    if len(form.rows.entries) > MAX_ROWS:
        form.form_errors.append(_l("Mỗi lần ghi nhận tối đa %(n)s kiến nghị.", n=MAX_ROWS))
        return False
    return True


class MeetingPetitionsForm(BaseForm):
    """Rows are added in the page as needed (static/js/intake-rows.js); the server takes any number up to
    MAX_ROWS (more is a form error, never a 5xx)."""

    # One more than allowed is read, so a post beyond the bound is refused with a message, not cut silently.
    rows = FieldList(FormField(PetitionRow), min_entries=3, max_entries=MAX_ROWS + 1)

    def fill(self, classify: bool = True):
        fill_rows(self.rows, classify)
        return self

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return rows_within_bound(self) and ok


class NewMeetingForm(MeetingForm):
    """A new meeting with the recommendations raised there typed below it (the rows are optional: left blank,
    the meeting is saved and its rows page comes next)."""

    rows = FieldList(FormField(PetitionRow), min_entries=3, max_entries=MAX_ROWS + 1)

    def fill(self, classify: bool = True):
        super().fill()
        fill_rows(self.rows, classify)
        return self

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return rows_within_bound(self) and ok


class BatchSubmitForm(BaseForm):
    """Only the CSRF token: the selected items and the versions seen come as ids / v-<id> fields."""




class BatchClassifyForm(ClassificationFields, BaseForm):
    """Phân loại hàng loạt: the ticked items (ids / v-<id>) all get this field, level and proposed agencies."""
