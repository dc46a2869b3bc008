"""/admin/ops: the jobs, the outbox, the reminder policy."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.ops import bp
from app.blueprints.ops.forms import PolicyForm, RetryForm
from app.services.admin import job_runs
from app.services.notices import outbox, reminders
from app.services.notices.wording import KIND_LABELS
from app.web.edge import DANGER, commit_or_flash


@bp.get("/")
def index():
    forms = {kind: PolicyForm(prefix=kind, data=vars(p)) for kind, p in reminders.policies().items()}
    return render_template("ops/index.html", last=job_runs.last_runs(), labels=job_runs.JOB_LABELS,
                           runs=job_runs.recent_runs(), counts=outbox.counts(), errors=outbox.with_errors(),
                           retry_form=RetryForm(), policy_forms=forms, kind_labels=KIND_LABELS, lease=job_runs.lease())


@bp.post("/retry")
def retry():
    form = RetryForm()
    if form.validate_on_submit():
        ids = [form.message_id.data] if form.message_id.data else None
        commit_or_flash(lambda: outbox.retry(current_user, ids),
                        lambda count: _("Đã đưa %(n)d thư lỗi trở lại hàng đợi gửi.", n=count))
    return redirect(url_for("ops.index"))


@bp.post("/policy/<kind>")
def policy(kind: str):
    if kind not in reminders.DEFAULT_POLICY:
        abort(404)
    form = PolicyForm(prefix=kind)
    if not form.validate_on_submit():
        flash(_("Số ngày làm việc phải từ 0 đến 60."), DANGER)
        return redirect(url_for("ops.index"))
    commit_or_flash(lambda: reminders.save_policy(
        current_user, kind, enabled=form.enabled.data, days=form.days.data or 0, to_officers=form.to_officers.data,
        to_leader=form.to_leader.data, to_committee=form.to_committee.data), _("Đã lưu chính sách nhắc hạn."))
    return redirect(url_for("ops.index"))
