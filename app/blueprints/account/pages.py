"""/account/password and /account/language."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.account import bp
from app.blueprints.account.forms import LanguageForm, PasswordForm
from app.services.accounts import passwords, users
from app.web.edge import commit_or_flash, safe_next


@bp.route("/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        outcome = commit_or_flash(lambda: passwords.change_own_password(
            current_user, form.current.data, form.new.data, form.repeat.data), _("Đã đổi mật khẩu."),
            flash_error=False)
        if outcome.ok:
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
