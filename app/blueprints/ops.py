"""Vận hành: administrators see the jobs' last runs, the outbox counts and errors, retry, and edit the policy."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField
from wtforms.validators import NumberRange, Optional

from app import permissions
from app.extensions import db
from app.services import operations, outbox, reminders
from app.services.errors import DomainError
from app.services.notice_mail import KIND_LABELS

bp = Blueprint("ops", __name__, url_prefix="/admin/ops")


class RetryForm(FlaskForm):
    message_id = HiddenField()


class PolicyForm(FlaskForm):
    enabled = BooleanField()
    days = IntegerField(validators=[Optional(), NumberRange(min=0, max=60)])
    to_officers = BooleanField()
    to_leader = BooleanField()
    to_committee = BooleanField()


@bp.app_context_processor
def ops_permission():
    return {"can_view_operations": permissions.can_view_operations}


@bp.before_request
def administrators_only():
    if not permissions.can_view_operations(current_user):
        abort(403)


@bp.get("/")
def index():
    policies = reminders.policies()
    forms = {kind: PolicyForm(prefix=kind, data=vars(p)) for kind, p in policies.items()}
    return render_template("ops/index.html", last=operations.last_runs(), labels=operations.JOB_LABELS,
                           runs=operations.recent_runs(), counts=outbox.counts(), errors=outbox.with_errors(),
                           retry_form=RetryForm(), policy_forms=forms, kind_labels=KIND_LABELS)


@bp.post("/retry")
def retry():
    form = RetryForm()
    if form.validate_on_submit():
        ids = [int(form.message_id.data)] if (form.message_id.data or "").isdigit() else None
        try:
            count = outbox.retry(current_user, ids)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Đã đưa %(n)d thư lỗi trở lại hàng đợi gửi.", n=count), "success")
    return redirect(url_for("ops.index"))


@bp.post("/policy/<kind>")
def policy(kind: str):
    if kind not in reminders.DEFAULT_POLICY:
        abort(404)
    form = PolicyForm(prefix=kind)
    if not form.validate_on_submit():
        flash(_("Số ngày làm việc phải từ 0 đến 60."), "error")
        return redirect(url_for("ops.index"))
    try:
        reminders.save_policy(current_user, kind, enabled=form.enabled.data, days=form.days.data or 0,
                              to_officers=form.to_officers.data, to_leader=form.to_leader.data,
                              to_committee=form.to_committee.data)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("Đã lưu chính sách nhắc hạn."), "success")
    return redirect(url_for("ops.index"))
