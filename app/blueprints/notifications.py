"""Thông báo: the bell's count, the list of one's notices, mark read, and the e-mail preference."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField

from app.extensions import db
from app.services import notice_mail, notifications
from app.services.errors import DomainError

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


class ReadForm(FlaskForm):
    notice_id = HiddenField()


class PreferenceForm(FlaskForm):
    email_notifications = BooleanField()


@bp.app_context_processor
def bell():
    # A function, not a number: the query runs only on pages that draw the bell, for signed-in users.
    def unread_notices() -> int:
        return notifications.unread_count(current_user) if current_user.is_authenticated else 0

    return {"unread_notices": unread_notices}


def _link(notice, petition) -> str | None:
    if petition is None:
        return None
    return current_app.config.get("PETITION_URL_PATH", "/petitions/{id}").format(id=petition.id)


@bp.get("/")
def index():
    rows = [(n, p, notice_mail.title(n.kind, p, n.deadline_ref), _link(n, p))
            for n, p in notifications.for_user(current_user)]
    preference = PreferenceForm(email_notifications=current_user.email_notifications)
    return render_template("notifications/index.html", rows=rows, read_form=ReadForm(), preference=preference,
                           unread=notifications.unread_count(current_user))


@bp.post("/read")
def mark_read():
    form = ReadForm()
    if form.validate_on_submit():
        try:
            notice_id = int(form.notice_id.data) if form.notice_id.data else None
            notifications.mark_read(current_user, notice_id)
            db.session.commit()
        except (ValueError, DomainError) as exc:
            db.session.rollback()
            flash(getattr(exc, "message", _("Thông báo không hợp lệ.")), "error")
    return redirect(url_for("notifications.index"))


@bp.post("/preference")
def preference():
    form = PreferenceForm()
    if form.validate_on_submit():
        notifications.set_email_preference(current_user, form.email_notifications.data)
        db.session.commit()
        flash(_("Đã bật nhận thông báo qua thư điện tử.") if form.email_notifications.data
              else _("Đã tắt nhận thông báo qua thư điện tử."), "success")
    return redirect(url_for("notifications.index"))
