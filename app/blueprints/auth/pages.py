"""/auth/login and /auth/logout."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from app.blueprints.auth import bp
from app.blueprints.auth.forms import LoginForm
from app.extensions import db
from app.services.accounts import sign_in
from app.web.edge import INFO, safe_next


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = sign_in.sign_in(form.username.data, form.password.data, request.remote_addr or "?")
        except sign_in.TooManyAttempts as exc:
            form.password.errors.append(_("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(n)d phút.",
                                          n=exc.minutes))
            return render_template("auth/login.html", form=form), 429
        db.session.commit()  # a failure is recorded (the throttle counts it), a success clears the count
        if user is None:
            form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        else:
            # The account's own language wins over what was picked on the sign-in page.
            session.pop("lang", None)
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("Bạn đã đăng xuất."), INFO)
    return redirect(url_for("auth.login"))
