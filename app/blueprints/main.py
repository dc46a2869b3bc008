"""The landing page (a per-role dashboard once signed in), the health checks (no sign-in needed), and where
browsers report Content-Security-Policy violations (logged, so a page that breaks the policy is seen and fixed)."""
from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.extensions import csrf
from app.services.admin import health as checks
from app.services.petitions import batch
from app.services.petitions.pages import last_returns, latest_answers, pending_drafts
from app.services.reporting import dashboard
from app.services.text import strip_unsafe
from app.web.actions import action_forms, inline_actions
from app.web.charts import Bar, bar_chart
from app.web.edge import commit_or_flash, selected_with_versions
from app.web.i18n import lang
from workflows.petition import TERMINAL_STATES, state_label

bp = Blueprint("main", __name__)


def _charts(board: dashboard.Dashboard) -> dict:
    status_bars = [Bar(state_label(s, lang()), n, href=f"/petitions?status={s}",
                       color="#6c757d" if s in TERMINAL_STATES else "#0d6efd") for s, n in board.by_status]
    rate_bars = [Bar(r.name, r.percent, f"{r.percent}% ({r.on_time}/{r.total})", href=f"/petitions?agency={r.agency_id}",
                     color="#198754" if r.percent >= 80 else "#fd7e14" if r.percent >= 50 else "#dc3545")
                 for r in board.on_time]
    return {
        "status_chart": bar_chart(status_bars, _("Kiến nghị theo trạng thái"),
                                  _("Số kiến nghị ở mỗi trạng thái; số liệu đầy đủ ở bảng bên dưới.")),
        "rate_chart": bar_chart(rate_bars, _("Tỷ lệ trả lời đúng hạn theo cơ quan"),
                                _("Phần trăm kiến nghị được trả lời đúng hạn, theo cơ quan chủ trì."), max_value=100),
    }


RETURNS = ("return_not_competent", "propose_return")  # the agency's two ways of saying "not ours"


def _reroutes(returned) -> dict[int, dict]:
    """The office's desk: each returned item's re-route, pre-filled as on its page (the returning agency's
    suggestion, never the returning agency), with the return that explains it."""
    forms, returns = {}, last_returns([p.id for p in returned])
    for p in returned:
        seen = SimpleNamespace(last_return=returns.get(p.id), return_proposal=None)
        form = action_forms(p, page=seen).get("reroute")
        if form is not None and permissions.can_do_both(current_user, "reroute", "submit_for_transfer", p):
            forms[p.id] = {"reroute": form, "last_return": seen.last_return}
    return forms


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("main/index.html")
    board = dashboard.for_user(current_user)
    # The committee decides from its desk: the same forms as the item page, posted to the same routes.
    answers = latest_answers([p.id for p in board.work]) if board.group == "committee" else {}
    inline = inline_actions(board.work, answers) if board.group == "committee" else \
        _reroutes(board.work) if board.group == "office" else {}
    # An agency leader reads the drafts waiting for him on the desk and signs the ones he ticks there.
    drafts = pending_drafts([p.id for p in board.work if p.status == "answer_drafted"]) \
        if permissions.can_ever(current_user, "submit_answer") else {}
    # An item not the agency's to answer is returned from its page, opened at the return (one fold less).
    returnable = {p.id for p in board.work if board.group == "agency" and any(
        permissions.can(current_user, action, p) for action in RETURNS)}
    return render_template("main/dashboard.html", board=board, inline=inline, answers=answers, drafts=drafts,
                           returnable=returnable, **_charts(board))


@bp.post("/agency/approve")
def approve_drafts():
    """Duyệt và gửi the drafts ticked on the agency leader's desk, where their texts are read: back to the desk
    (the desk's own route, so a refusal re-renders the desk as it now stands)."""
    if not permissions.can_ever(current_user, "submit_answer"):
        abort(403)
    outcome = commit_or_flash(lambda: batch.submit_answers(current_user, selected_with_versions()),
                              lambda done: _("Đã duyệt và gửi %(n)s văn bản trả lời đến Thường trực HĐND.", n=len(done)))
    if not outcome.ok:  # the desk as it now stands, with the message naming the item that stopped the batch
        return index(), outcome.status
    return redirect(url_for("main.index"))


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers. No database, so a database outage does not get every worker restarted."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    """Readiness: the database answers and its schema is at this code's newest migration; 503 otherwise, so a
    load balancer sends no traffic to a server that cannot serve it."""
    state = checks.readiness()
    return jsonify(state.as_json()), 200 if state.ready else 503


@bp.get("/health")
def health():
    """The first check, kept for probes configured with it: the database answers a query."""
    if checks.database_reachable():
        return jsonify({"status": "ok"})
    return jsonify({"status": "unavailable"}), 503


@bp.post("/csp-report")
@csrf.exempt  # the browser posts the report itself, without a form token
def csp_report():
    """A browser's report of something the Content-Security-Policy refused: logged as a warning."""
    def one_line(text: str, limit: int) -> str:  # what a browser sends must not forge log lines
        return " ".join(strip_unsafe(text).split())[:limit]

    body = one_line(request.get_data(cache=False)[:4000].decode("utf-8", "replace"), 4000)
    current_app.logger.warning("CSP violation on %s: %s", one_line(request.headers.get("Referer", "?"), 300), body)
    return "", 204
