"""A signed-in user's own account (tài khoản của tôi): change password, choose the interface language."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField
from wtforms.validators import DataRequired

from app.extensions import db
from app.services import accounts
from app.services.errors import DomainError

bp = Blueprint("account", __name__, url_prefix="/account")


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(message=_l("Trường này là bắt buộc."))],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("Mật khẩu mới (ít nhất 10 ký tự, gồm chữ và số)"),
                        validators=[DataRequired(message=_l("Trường này là bắt buộc."))],
                        render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[DataRequired(message=_l("Trường này là bắt buộc."))],
                           render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Đổi mật khẩu"))


class LanguageForm(FlaskForm):
    """Only the CSRF token; the chosen language is the button pressed."""


@bp.route("/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts.change_own_password(current_user, form.current.data, form.new.data, form.repeat.data)
        except DomainError as exc:
            db.session.rollback()
            # Put the message on the field it concerns, so it is read next to that field.
            target = form.current if "hiện tại" in exc.template else form.new
            target.errors.append(exc.message)
            status = 400
        else:
            db.session.commit()
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(url_for("main.index"))
    elif form.is_submitted():
        status = 400
    return render_template("account/password.html", form=form), status


@bp.post("/language")
def language():
    """Switch the interface language: kept in the session, and on the account when signed in."""
    chosen = request.form.get("lang", "")
    target = request.form.get("next", "")
    if not (target.startswith("/") and not target.startswith("//") and urlsplit(target).netloc == ""):
        target = url_for("main.index")
    if LanguageForm().validate_on_submit() and chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
        if current_user.is_authenticated:
            accounts.set_locale(current_user, chosen)
            db.session.commit()
    return redirect(target)
