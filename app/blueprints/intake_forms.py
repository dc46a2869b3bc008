"""Forms of the clerks' intake pages: voter meetings, a single recommendation, corrections."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from app.blueprints.workflow_forms import (
    REQUIRED,
    BaseForm,
    VersionedForm,
    date_field,
    opts,
    required,
    vocabulary_choices,
)
from app.extensions import db
from app.models import Constituency, Delegate, Session
from workflows.vocabulary import CHANNELS, MEETING_TYPES

TIMINGS = opts([("before", _l("Trước kỳ họp")), ("after", _l("Sau kỳ họp"))])


def session_choices(blank=True):
    rows = [(s.id, s.name) for s in db.session.scalars(select(Session).order_by(Session.opening))]
    return ([(0, _l("— Không —"))] if blank else []) + rows


class MeetingForm(BaseForm):
    held_on = date_field(_l("Ngày tiếp xúc"))
    place = StringField(_l("Địa điểm"), validators=[required(), Length(max=300)])
    locality = StringField(_l("Xã, phường"), validators=[required(), Length(max=200)])
    meeting_type = SelectField(_l("Hình thức"), choices=vocabulary_choices(MEETING_TYPES))
    timing = SelectField(_l("Thời điểm"), choices=TIMINGS)
    session = SelectField(_l("Kỳ họp"), coerce=int, validators=[Optional()])
    constituency = SelectField(_l("Đơn vị bầu cử"), coerce=int, validators=[Optional()])
    delegates = SelectMultipleField(_l("Đại biểu tham dự"), coerce=int, validators=[Optional()])
    voters_count = IntegerField(_l("Số cử tri tham dự"), default=0, validators=[
        InputRequired(message=REQUIRED), NumberRange(min=0, message=_l("Không được âm."))])
    notes = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=4000)])

    def fill(self):
        self.session.choices = opts(session_choices())
        self.constituency.choices = opts([(0, _l("— Không —"))] + [
            (c.id, c.name) for c in db.session.scalars(select(Constituency).order_by(Constituency.name))])
        self.delegates.choices = opts((d.id, d.full_name) for d in
                                      db.session.scalars(select(Delegate).order_by(Delegate.full_name)))
        return self


class PetitionForm(BaseForm):
    content = TextAreaField(_l("Nội dung kiến nghị"), validators=[required(), Length(max=10000)])
    summary = StringField(_l("Tóm tắt"), validators=[Optional(), Length(max=500)])
    channel = SelectField(_l("Kênh tiếp nhận"), choices=vocabulary_choices(CHANNELS), default="letter")
    locality = StringField(_l("Địa phương"), validators=[Optional(), Length(max=200)])
    voter_name = StringField(_l("Cử tri (nếu có)"), validators=[Optional(), Length(max=200)])
    session = SelectField(_l("Kỳ họp"), coerce=int, validators=[Optional()])
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
    pending = HiddenField(validators=[Optional(), Regexp(r"^[0-9a-f]{64}$")])
    pending_name = HiddenField(validators=[Optional(), Length(max=255)])
    session = SelectField(_l("Kỳ họp"), coerce=int, validators=[Optional()])
    timing = SelectField(_l("Thời điểm"), choices=opts([("", _l("Theo tiêu đề của tệp"))]) + TIMINGS,
                         validators=[Optional()])
    check_only = BooleanField(_l("Chỉ kiểm tra, chưa ghi"), default=True)

    def fill(self):
        self.session.choices = opts([(0, _l("Theo tiêu đề của tệp"))] + session_choices(blank=False))
        return self

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.pending.data and not (self.file.data and getattr(self.file.data, "filename", "")):
            self.file.errors.append(_l("Chọn một tệp để tải lên."))
            ok = False
        return ok
