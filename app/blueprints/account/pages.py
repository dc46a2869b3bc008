"""/account (one's sign-ins, signing other browsers out), /account/password and /account/language."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app import permissions
from app.blueprints.account import bp
from app.blueprints.account.forms import ConfirmForm, LanguageForm, PasswordForm
from app.services.accounts import passwords, sessions, users
from app.web.edge import INFO, commit_or_flash, safe_next


@bp.get("/")
def index():
    """The account page: who I am, and every browser signed in as me, which I can sign out."""
    return render_template("account/index.html", rows=sessions.active_sessions(current_user),
                           current=sessions.current(current_user), form=ConfirmForm(),
                           remembered=permissions.may_be_remembered(current_user))


@bp.post("/sessions/<int:session_id>/revoke")
def revoke_session(session_id: int):
    if ConfirmForm().validate_on_submit():
        commit_or_flash(lambda: sessions.revoke_own(current_user, session_id), _("Đã đăng xuất phiên đó."))
    return redirect(url_for("account.index"))


@bp.post("/sessions/revoke-others")
def revoke_others():
    if ConfirmForm().validate_on_submit():
        commit_or_flash(lambda: sessions.revoke_others(current_user),
                        lambda n: _("Đã đăng xuất %(n)d phiên khác.", n=n))
    return redirect(url_for("account.index"))


@bp.post("/sessions/revoke-all")
def revoke_all():
    """Sign out everywhere: every browser, this one too, so the next page is the sign-in page."""
    if ConfirmForm().validate_on_submit():
        outcome = commit_or_flash(lambda: sessions.sign_out_own_everywhere(current_user))
        if outcome.ok:
            logout_user()
            flash(_("Đã đăng xuất khỏi mọi nơi (%(n)d phiên).", n=outcome.value), INFO)
            return redirect(url_for("auth.login"))
    return redirect(url_for("account.index"))


@bp.route("/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        outcome = commit_or_flash(lambda: passwords.change_own_password(
            current_user, form.current.data, form.new.data, form.repeat.data),
            _("Đã đổi mật khẩu. Mọi trình duyệt khác đang đăng nhập tài khoản này đã bị đăng xuất."),
            flash_error=False)
        if outcome.ok:
            # Every sign-in ended with the change; this browser continues on the new one.
            # The user object itself, not the current_user proxy: Flask-Login stores what it is given in
            # g._login_user, and a proxy stored there would resolve to itself.
            login_user(current_user._get_current_object(), remember=outcome.value.remember)
            return redirect(url_for("main.index"))
        # The message goes next to the field it concerns, so it is read there.
        target = form.current if isinstance(outcome.error, passwords.WrongCurrentPassword) else form.new
        target.errors.append(outcome.error.message)
    return render_template("account/password.html", form=form), status


@bp.post("/language")
def language():
    """Switch the interface language: kept in the session, and on the account when signed in."""
    chosen = request.form.get("lang", "")
    target = safe_next(request.form.get("next", ""))
    if LanguageForm().validate_on_submit() and chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
        if current_user.is_authenticated:
            commit_or_flash(lambda: users.set_locale(current_user, chosen))
    return redirect(target)
