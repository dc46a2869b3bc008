"""/auth/login and /auth/logout: every attempt goes through the throttle and the account log; a sign-in is a
server-side row whose token both cookies carry, and logout revokes it."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.blueprints.auth import bp
from app.blueprints.auth.forms import LoginForm
from app.services.accounts import sessions, sign_in
from app.web.edge import INFO, WARNING, commit_or_flash, safe_next


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.is_submitted() else 200
    # A refusal (wait after failures) is committed too: the failure that caused it is counted and logged.
    outcome = commit_or_flash(lambda: sign_in.sign_in(form.username.data, form.password.data, form.remember.data),
                              flash_error=False, commit_errors=True)
    if not outcome.ok:
        form.password.errors.append(outcome.error.message)
        return render_template("auth/login.html", form=form), outcome.status
    if outcome.value is None:
        form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        return render_template("auth/login.html", form=form), 200
    done = outcome.value
    # The account's own language wins over what was picked on the sign-in page.
    session.pop("lang", None)
    login_user(done.user, remember=done.session.remember)
    if done.remember_refused:
        flash(_("Tài khoản quản trị không được ghi nhớ đăng nhập: phiên làm việc kết thúc khi đóng trình duyệt."),
              WARNING)
    return redirect(safe_next(request.args.get("next")))


@bp.post("/logout")
@login_required
def logout():
    commit_or_flash(lambda: sessions.sign_out(current_user))
    logout_user()
    flash(_("Bạn đã đăng xuất."), INFO)
    return redirect(url_for("auth.login"))
