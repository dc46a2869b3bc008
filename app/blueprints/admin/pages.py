"""The administration home, and the one shape of every admin form view (save_or_render)."""
from __future__ import annotations

from collections.abc import Callable

from flask import redirect, render_template

from app.blueprints.admin import bp
from app.web.edge import commit_or_flash, flash_invalid


def save_or_render(form, call: Callable[[], object], done: Callable[[object], tuple[str, str]],
                   template: str, **context):
    """Validate, call one service, commit, flash, redirect; else render the page again with what was typed.

    `done(result)` returns (flash message, redirect URL).
    """
    if form.validate_on_submit():
        redirect_to: list[str] = []

        def success(result) -> str:
            message, url = done(result)
            redirect_to.append(url)
            return message

        if commit_or_flash(call, success).ok:
            return redirect(redirect_to[0])
    elif form.errors and form.is_submitted():
        flash_invalid()
    return render_template(template, form=form, **context), 400 if form.is_submitted() else 200


@bp.get("/")
def index():
    return render_template("admin/index.html")
