"""Signing in (with throttling of failed attempts) and out."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired

from app.extensions import db
from app.services import login_throttle
from app.services.users import authenticate

bp = Blueprint("auth", __name__, url_prefix="/auth")


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(message=_l("Vui lòng nhập tên đăng nhập."))],
                           render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(message=_l("Vui lòng nhập mật khẩu."))],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Ghi nhớ đăng nhập"))
    submit = SubmitField(_l("Đăng nhập"))


def _safe_next(target: str | None) -> str:
    # Only same-site relative paths: an open redirect would let a phishing link borrow our login page.
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        ip = request.remote_addr or "?"
        try:
            # Checked before the password, so a guesser learns nothing once the limit is reached.
            login_throttle.check(form.username.data, ip)
        except login_throttle.TooManyAttempts as exc:
            form.password.errors.append(_("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(n)d phút.",
                                          n=exc.minutes))
            return render_template("auth/login.html", form=form), 429
        user = authenticate(form.username.data, form.password.data)
        if user is None:
            login_throttle.record_failure(form.username.data, ip)
            db.session.commit()
            form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
            status = 200
        else:
            login_throttle.clear(form.username.data, ip)
            db.session.commit()
            # The account's own language wins over what was picked on the sign-in page.
            session.pop("lang", None)
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))
