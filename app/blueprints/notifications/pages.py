"""/notifications: one's notices, newest unread first; the bell on every page."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.notifications import bp
from app.blueprints.notifications.forms import PreferenceForm, ReadForm
from app.services.notices import notifications, wording
from app.web.edge import DANGER, commit_or_flash


@bp.app_context_processor
def bell():
    # A function, not a number: the query runs only on pages that draw the bell, for signed-in users.
    def unread_notices() -> int:
        return notifications.unread_count(current_user) if current_user.is_authenticated else 0

    return {"unread_notices": unread_notices}


@bp.get("/")
def index():
    rows = [(n, p, wording.title(n.kind, p, n.deadline_ref),
             url_for("petitions.detail", ref=p.id) if p is not None else None)
            for n, p in notifications.for_user(current_user)]
    preference = PreferenceForm(email_notifications=current_user.email_notifications)
    return render_template("notifications/index.html", rows=rows, read_form=ReadForm(), preference=preference,
                           unread=notifications.unread_count(current_user))


@bp.post("/read")
def mark_read():
    form = ReadForm()
    if form.validate_on_submit():
        commit_or_flash(lambda: notifications.mark_read(current_user, form.notice_id.data))
    elif form.is_submitted():
        flash(_("Thông báo không hợp lệ."), DANGER)
    return redirect(url_for("notifications.index"))


@bp.post("/preference")
def preference():
    form = PreferenceForm()
    if form.validate_on_submit():
        enabled = form.email_notifications.data
        commit_or_flash(lambda: notifications.set_email_preference(current_user, enabled),
                        _("Đã bật nhận thông báo qua thư điện tử.") if enabled
                        else _("Đã tắt nhận thông báo qua thư điện tử."))
    return redirect(url_for("notifications.index"))
