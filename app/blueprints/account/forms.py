"""Forms of one's own account."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SubmitField
from wtforms.validators import Length

from app.services.accounts.passwords import MAX_PASSWORD_LENGTH
from app.web.forms import BaseForm, required


class PasswordForm(BaseForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[required(), Length(max=MAX_PASSWORD_LENGTH)],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("Mật khẩu mới (ít nhất 10 ký tự, không chứa tên đăng nhập, không phải mật khẩu phổ "
                           "biến; nên dùng một cụm nhiều từ)"),
                        validators=[required(), Length(max=MAX_PASSWORD_LENGTH)],
                        render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[required(), Length(max=MAX_PASSWORD_LENGTH)],
                           render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Đổi mật khẩu"))


class LanguageForm(BaseForm):
    """Only the CSRF token; the chosen language is the button pressed."""


class ConfirmForm(BaseForm):
    """Only the CSRF token: sign one session, or every other one, out."""
