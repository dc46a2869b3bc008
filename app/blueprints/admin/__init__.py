"""Administration (quản trị): users, agencies, fields, committees, sessions, deadline rules, calendar, lifecycle."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.extensions import db
from app.services.errors import DomainError

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admin_only():
    # Login is already required app-wide (auth_loader); here the role decides, for every admin route at once.
    if not permissions.can_administer(current_user):
        abort(403)


def save_or_render(form, call: Callable[[], object], done: Callable[[object], tuple[str, str]],
                   template: str, **context):
    """The one shape of every admin form view: validate, call one service, commit, flash, redirect.

    On a validation error or a DomainError the same page is rendered again with what was typed.
    `done(result)` returns (flash message, redirect URL).
    """
    if form.validate_on_submit():
        try:
            result = call()
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            db.session.commit()
            message, url = done(result)
            flash(message, "success")
            return redirect(url)
    elif form.errors and form.is_submitted():
        flash(_("Vui lòng sửa các ô được đánh dấu bên dưới."), "danger")
    return render_template(template, form=form, **context), 400 if form.is_submitted() else 200


@bp.get("/")
def index():
    return render_template("admin/index.html")


from app.blueprints.admin import organisation, schedule, users  # noqa: E402,F401  (routes register on bp)
