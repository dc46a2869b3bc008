"""Forms of the administration pages (labels and messages are Vietnamese msgids, translated by the catalog)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from app.web.forms import REQUIRED, BaseForm, IntegerField, VNDateField, ascii_number, required


def _email():
    # A light check on purpose: the e-mail_validator package is not a dependency, and delivery is the real test.
    return Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Địa chỉ thư điện tử không hợp lệ."))


class UserForm(BaseForm):
    username = StringField(_l("Tên đăng nhập"), validators=[required(), Length(max=80)])
    full_name = StringField(_l("Họ và tên"), validators=[required(), Length(max=120)])
    email = StringField(_l("Thư điện tử"), validators=[Optional(), _email(),
                                                        Length(max=200)])
    role = SelectField(_l("Vai trò"), validators=[required()])
    agency = SelectField(_l("Cơ quan (bắt buộc với tài khoản cơ quan giải quyết)"), coerce=ascii_number, default=0)
    committee = SelectField(_l("Ban HĐND"), coerce=ascii_number, default=0)
    submit = SubmitField(_l("Lưu"))


class AgencyForm(BaseForm):
    code = StringField(_l("Mã"), validators=[required(), Length(max=30)])
    name = StringField(_l("Tên cơ quan"), validators=[required(), Length(max=200)])
    competence_level = SelectField(_l("Thẩm quyền"), validators=[required()])
    parent = SelectField(_l("Cơ quan cấp trên"), coerce=ascii_number, default=0)
    email = StringField(_l("Thư điện tử"), validators=[Optional(), _email(),
                                                        Length(max=200)])
    active = BooleanField(_l("Đang hoạt động"), default=True)
    submit = SubmitField(_l("Lưu"))


class CommitteeForm(BaseForm):
    code = StringField(_l("Mã"), validators=[required(), Length(max=20)])
    name = StringField(_l("Tên Ban"), validators=[required(), Length(max=200)])
    submit = SubmitField(_l("Lưu"))


class FieldForm(BaseForm):
    code = StringField(_l("Mã"), validators=[required(), Length(max=20)])
    name = StringField(_l("Tên lĩnh vực"), validators=[required(), Length(max=200)])
    committee = SelectField(_l("Ban phụ trách"), coerce=ascii_number, default=0)
    submit = SubmitField(_l("Lưu"))


class TermForm(BaseForm):
    name = StringField(_l("Tên nhiệm kỳ"), validators=[required(), Length(max=120)])
    number = StringField(_l("Khóa"), validators=[required(), Length(max=20)])
    start_year = IntegerField(_l("Năm bắt đầu"), validators=[InputRequired(message=REQUIRED),
                                                           NumberRange(1945, 2200)])
    end_year = IntegerField(_l("Năm kết thúc"), validators=[InputRequired(message=REQUIRED),
                                                          NumberRange(1945, 2200)])
    submit = SubmitField(_l("Lưu"))


class SessionForm(BaseForm):
    term = SelectField(_l("Nhiệm kỳ"), coerce=ascii_number, validators=[required()])
    number = IntegerField(_l("Kỳ họp thứ"), validators=[InputRequired(message=REQUIRED), NumberRange(1, 99)])
    name = StringField(_l("Tên kỳ họp"), validators=[required(), Length(max=120)])
    opening = VNDateField(_l("Ngày khai mạc"), validators=[InputRequired(message=REQUIRED)])
    closing = VNDateField(_l("Ngày bế mạc"), validators=[Optional()])
    submit = SubmitField(_l("Lưu"))


class RuleForm(BaseForm):
    name = StringField(_l("Tên quy tắc"), validators=[required(), Length(max=200)])
    purpose = SelectField(_l("Áp dụng cho"), choices=[SelectChoice("answer", _l("Trả lời lần đầu")),
                                                      SelectChoice("reanswer", _l("Trả lời lại"))])
    kind = SelectField(_l("Cách tính"), choices=[SelectChoice("working_days", _l("Số ngày làm việc kể từ ngày chuyển")),
                                                 SelectChoice("calendar_days", _l("Số ngày kể từ ngày chuyển")),
                                                 SelectChoice("before_session", _l("Số ngày trước ngày khai mạc kỳ họp"))])
    days = IntegerField(_l("Số ngày"), validators=[InputRequired(message=REQUIRED), NumberRange(0, 3650)])
    very_overdue_days = IntegerField(_l("Quá hạn nghiêm trọng sau thêm (ngày)"),
                                     validators=[InputRequired(message=REQUIRED), NumberRange(0, 3650)])
    competence_level = SelectField(_l("Chỉ áp dụng cho thẩm quyền"), default="")
    agency = SelectField(_l("Chỉ áp dụng cho cơ quan"), coerce=ascii_number, default=0)
    active = BooleanField(_l("Đang áp dụng"), default=True)
    submit = SubmitField(_l("Lưu và tính lại thời hạn"))


class FieldSynonymForm(BaseForm):
    """Another name of a field as offices' sheets write it ("Tài nguyên - Môi trường"), for the import."""

    name = StringField(_l("Tên gọi khác (như ghi trong bảng tổng hợp)"), validators=[required(), Length(max=200)])
    field = SelectField(_l("Là lĩnh vực"), coerce=ascii_number, default=0)
    submit = SubmitField(_l("Thêm tên gọi khác"))


class CalendarDayForm(BaseForm):
    day = VNDateField(_l("Ngày"), validators=[InputRequired(message=REQUIRED)])
    kind = SelectField(_l("Loại"), choices=[SelectChoice("day_off", _l("Ngày nghỉ (địa phương)")),
                                            SelectChoice("working_day", _l("Ngày làm bù"))])
    name = StringField(_l("Tên hoặc lý do"), validators=[required(), Length(max=200)])
    submit = SubmitField(_l("Thêm và tính lại thời hạn"))


class ConfirmForm(BaseForm):
    """An empty form: only the CSRF token, for POST buttons (reset, sign out, remove)."""


class ActiveForm(BaseForm):
    """Deactivate (0) or reactivate (1) an account: anything else changes nothing."""

    active = SelectField(choices=[SelectChoice("0", _l("Khóa")), SelectChoice("1", _l("Mở lại"))],
                         validators=[required()])
