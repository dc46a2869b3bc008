"""The one form base: Vietnamese validator messages, the version seen (optimistic locking), dd/mm/yyyy dates in
a plausible window, whole numbers in ASCII digits bounded to the columns' range, choices labelled in the
reader's language. Every form of every blueprint derives from BaseForm and takes its IntegerField from here."""
from __future__ import annotations

import re
from datetime import date

from flask import has_request_context, request
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField
from wtforms import IntegerField as WTFormsIntegerField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError
from wtforms.widgets import TextInput

from app.services import catalogue, dates
from app.services.errors import InvalidData
from app.services.text import MAX_INT, ascii_int
from app.web.i18n import lang
from workflows.messages import N_
from workflows.vocabulary import label

REQUIRED = _l("Trường này là bắt buộc.")
NOT_AN_INTEGER = "Not a valid integer value."  # WTForms' own id: WTFORMS_VI gives it in Vietnamese

# WTForms (and Flask-WTF) ship no Vietnamese catalog: every built-in message of the validators and fields
# they have is given a Vietnamese id here, so the app's catalog (vi default, en translation) decides what the
# user reads. tests/unit/test_form_messages.py fails when a form shows a message missing from this table.
WTFORMS_VI = {
    "This field is required.": N_("Trường này là bắt buộc."),
    "Not a valid date value.": N_("Ngày không hợp lệ (dd/mm/yyyy)."),
    "Not a valid datetime value.": N_("Thời điểm không hợp lệ."),
    "Not a valid time value.": N_("Giờ không hợp lệ."),
    "Not a valid week value.": N_("Tuần không hợp lệ."),
    "Not a valid integer value.": N_("Phải là một số nguyên."),
    "Not a valid decimal value.": N_("Phải là một số."),
    "Not a valid float value.": N_("Phải là một số."),
    "Not a valid choice.": N_("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": N_("Lựa chọn không hợp lệ."),
    "Choices cannot be None.": N_("Lựa chọn không hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.": N_("Lựa chọn không hợp lệ."),
    "'%(value)s' is not a valid choice for this field.": N_("“%(value)s” không phải là lựa chọn hợp lệ."),
    "'%(value)s' are not valid choices for this field.": N_("“%(value)s” không phải là các lựa chọn hợp lệ."),
    "Field cannot be longer than %(max)d character.": N_("Không được dài quá %(max)d ký tự."),
    "Field cannot be longer than %(max)d characters.": N_("Không được dài quá %(max)d ký tự."),
    "Field must be at least %(min)d character long.": N_("Phải có ít nhất %(min)d ký tự."),
    "Field must be at least %(min)d characters long.": N_("Phải có ít nhất %(min)d ký tự."),
    "Field must be exactly %(max)d character long.": N_("Phải có đúng %(max)d ký tự."),
    "Field must be exactly %(max)d characters long.": N_("Phải có đúng %(max)d ký tự."),
    "Field must be between %(min)d and %(max)d characters long.": N_("Phải có từ %(min)d đến %(max)d ký tự."),
    "Number must be at least %(min)s.": N_("Phải từ %(min)s trở lên."),
    "Number must be at most %(max)s.": N_("Không được lớn hơn %(max)s."),
    "Number must be between %(min)s and %(max)s.": N_("Phải từ %(min)s đến %(max)s."),
    "Date must be at least %(min)s.": N_("Ngày phải từ %(min)s trở đi."),
    "Date must be at most %(max)s.": N_("Ngày không được sau %(max)s."),
    "Date must be between %(min)s and %(max)s.": N_("Ngày phải từ %(min)s đến %(max)s."),
    "Field must be equal to %(other_name)s.": N_("Phải trùng với trường %(other_name)s."),
    "Invalid input.": N_("Giá trị không hợp lệ."),
    "Invalid email address.": N_("Địa chỉ thư điện tử không hợp lệ."),
    "Invalid IP address.": N_("Địa chỉ IP không hợp lệ."),
    "Invalid Mac address.": N_("Địa chỉ MAC không hợp lệ."),
    "Invalid URL.": N_("Địa chỉ web không hợp lệ."),
    "Invalid UUID.": N_("Mã định danh không hợp lệ."),
    "Invalid value, must be one of: %(values)s.": N_("Giá trị phải là một trong: %(values)s."),
    "Invalid value, can't be any of: %(values)s.": N_("Giá trị không được là: %(values)s."),
    "This field cannot be edited.": N_("Không được sửa trường này."),
    "This field is disabled and cannot have a value.": N_("Trường này bị khóa, không nhận giá trị."),
    "File does not have an approved extension.": N_("Loại tệp không được chấp nhận."),
    "The CSRF token is missing.": N_("Phiên làm việc đã hết hạn hoặc thiếu mã bảo vệ; vui lòng tải lại trang."),
    "The CSRF token has expired.": N_("Phiên làm việc đã hết hạn; vui lòng tải lại trang."),
    "The CSRF token is invalid.": N_("Mã bảo vệ không hợp lệ; vui lòng tải lại trang."),
    "The CSRF tokens do not match.": N_("Mã bảo vệ không hợp lệ; vui lòng tải lại trang."),
    "CSRF token missing.": N_("Phiên làm việc đã hết hạn hoặc thiếu mã bảo vệ; vui lòng tải lại trang."),
    "CSRF failed.": N_("Mã bảo vệ không hợp lệ; vui lòng tải lại trang."),
    "CSRF token expired.": N_("Phiên làm việc đã hết hạn; vui lòng tải lại trang."),
    "Invalid CSRF Token.": N_("Mã bảo vệ không hợp lệ; vui lòng tải lại trang."),
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
    """CSRF-protected, with WTForms' own messages in the reader's language."""

    Meta = type("Meta", (VietnameseMeta, FlaskForm.Meta), {})


class VersionedForm(BaseForm):
    """Every form acting on a petition carries the version the user saw (optimistic locking)."""

    version = HiddenField()

    def expected_version(self) -> int:
        """The version the user saw. A post without one, or with one that is not a version at all, cannot
        have seen the current state: it is taken as stale (-1 matches no row) and refused as a conflict,
        never acted on blindly."""
        seen = ascii_int(self.version.data or "", 0, MAX_INT)
        return -1 if seen is None else seen


class IntegerField(WTFormsIntegerField):
    """A whole number typed with ASCII digits (no "²", "٣" or "1_000"), within what an INTEGER column holds:
    anything else is the field's error, never a database error. NumberRange validators narrow it further."""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] in ("", None):
            return
        value = ascii_int(valuelist[0])
        if value is None:
            self.data = None
            raise ValueError(self.gettext(NOT_AN_INTEGER))
        self.data = value


def ascii_number(value) -> int:
    """`coerce` of every select of ids: ASCII digits only ("٣" is not 3), within the column's range."""
    number = ascii_int(value)
    if number is None:
        raise ValueError("not an ASCII whole number")
    return number


class PlausibleDate:
    """A date inside the configured window (DATE_EARLIEST .. today + DATE_YEARS_AHEAD); with `not_after_tomorrow`,
    also not later than tomorrow (a letter or an answer is not dated in the future)."""

    def __init__(self, not_after_tomorrow: bool = False):
        self.not_after_tomorrow = not_after_tomorrow

    def __call__(self, form, field):
        if field.data is None:
            return
        try:
            dates.check(field.data, not_after_tomorrow=self.not_after_tomorrow)
        except InvalidData as exc:
            raise ValidationError(exc.message) from None


class UploadForm(BaseForm):
    """One file (a petition's attachment, a meeting's minutes); a post without one re-renders with a message."""

    file = FileField(_l("Tệp"), validators=[FileRequired(message=_l("Chọn một tệp để tải lên."))])


def opts(pairs):
    """Choices as SelectChoice objects (WTForms 3.3 deprecates tuples, and tests turn warnings into errors)."""
    return [SelectChoice(value, text) for value, text in pairs]


def vocabulary_choices(vocab):
    """A vocabulary's choices, labelled in the language of the request that renders the form."""
    return opts((code, LazyString(_vocabulary_label, vocab, code)) for code in vocab)


def _vocabulary_label(vocab, code: str) -> str:
    return label(vocab, code, lang())


def required():
    return DataRequired(message=REQUIRED)


class VNDateField(DateField):
    """THE date field of every form: a text input shown and read as dd/mm/yyyy whatever the browser's locale (the
    page's script adds a mask and a Vietnamese date-picker, static/js/dates.js). The server reads dd/mm/yyyy and
    d/m/yyyy, eight digits typed without separators (25112026) and ISO (yyyy-mm-dd, from older clients); what was
    typed stays in the field on an error; the date must be plausible (services/dates.py), and a letter's or an
    answer's (`not_after_tomorrow`) not after tomorrow."""

    widget = TextInput()
    DISPLAY = "%d/%m/%Y"

    def __init__(self, label=None, validators=None, not_after_tomorrow: bool = False, **kwargs):
        render_kw = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
                     "data-date": "1", "maxlength": "10",
                     "data-picker-label": _l("Chọn ngày"), **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, [*(validators or []), PlausibleDate(not_after_tomorrow)], format=[self.DISPLAY],
                         render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        typed = " ".join(valuelist).strip()
        if not typed:
            self.data = None
            return
        self.data = parse_typed_date(typed)
        if self.data is None:
            raise ValueError(self.gettext(WTFORMS_VI["Not a valid date value."]))

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)  # what was typed, kept as typed
        return self.data.strftime(self.DISPLAY) if self.data else ""


DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_typed_date(typed: str) -> date | None:
    """A date typed the Vietnamese way (25/11/2026, 5/1/2026, 25-11-2026, 25.11.2026, 25112026) or ISO
    (2026-11-25); None for anything else (ASCII digits only: "٢٥/١١/٢٠٢٦" is not a date here)."""
    typed = typed.strip()
    if not typed.isascii():
        return None
    if len(typed) == 8 and typed.isdigit():
        day, month, year = typed[:2], typed[2:4], typed[4:]
    elif match := DAY_MONTH_YEAR.match(typed):
        day, month, year = match.groups()
    elif match := ISO_DATE.match(typed):
        year, month, day = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_field(text, optional=False, not_after_tomorrow=False, **kwargs):
    """A VNDateField, required unless `optional`."""
    validators = [Optional()] if optional else [InputRequired(message=REQUIRED)]
    return VNDateField(text, validators=validators, not_after_tomorrow=not_after_tomorrow, **kwargs)


def _once_per_request(key: str, load):
    """A reference list read once per request (kept in the request's environ, never across requests): a desk with
    a form on each row would otherwise read the same list once per row."""
    if not has_request_context():
        return load()
    cache = request.environ.setdefault("kien_nghi.choices", {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


def agency_choices(blank: bool = True):
    return ([(0, _l("— Chưa chọn —"))] if blank else []) + _once_per_request("agencies", catalogue.active_agencies)


def field_choices():
    return _once_per_request("fields", catalogue.fields)


def session_choices(blank: bool = True):
    return ([(0, _l("— Không —"))] if blank else []) + catalogue.sessions()
