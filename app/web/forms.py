"""The one form base: Vietnamese validator messages, the version seen (optimistic locking), dd/mm/yyyy dates,
choices labelled in the reader's language. Every form of every blueprint derives from BaseForm."""
from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional
from wtforms.widgets import TextInput

from app.services import catalogue
from app.web.i18n import lang
from workflows.vocabulary import label

REQUIRED = _l("Trường này là bắt buộc.")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

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
    """CSRF-protected, with WTForms' own messages in the reader's language."""

    Meta = type("Meta", (VietnameseMeta, FlaskForm.Meta), {})


class VersionedForm(BaseForm):
    """Every form acting on a petition carries the version the user saw (optimistic locking)."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class UploadForm(BaseForm):
    """One file (a petition's attachment, a meeting's minutes)."""

    file = FileField(_l("Tệp"), validators=[DataRequired(message=_l("Chọn một tệp để tải lên."))])


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
    """dd/mm/yyyy typed as text, the way dates are written here (ISO accepted too)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        super().__init__(label, validators, format=["%d/%m/%Y", "%Y-%m-%d"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")) from exc


def date_field(text, optional=False):
    validators = [Optional()] if optional else [InputRequired(message=REQUIRED)]
    return DateField(text, validators=validators, format=DATE_FORMATS)


def agency_choices(blank: bool = True):
    return ([(0, _l("— Chưa chọn —"))] if blank else []) + catalogue.active_agencies()


def field_choices():
    return catalogue.fields()


def session_choices(blank: bool = True):
    return ([(0, _l("— Không —"))] if blank else []) + catalogue.sessions()
