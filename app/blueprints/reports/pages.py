"""/reports: the report page, downloads (inline when small, queued for the job process when large), list
exports, and a queued report's page (its JSON for polling, its file, the retry button)."""
from __future__ import annotations

import dataclasses
from datetime import date

from flask import Response, abort, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import clock, permissions
from app.blueprints.reports import bp
from app.blueprints.reports.forms import RetryForm
from app.services import catalogue, dates
from app.services.errors import InvalidData
from app.services.reporting import assessments
from app.services.reporting import data as report_data
from app.services.reporting import files as report_files
from app.services.reporting import runs as report_runs
from app.services.reporting.files import ReportRequest
from app.services.text import ascii_int
from app.web.edge import commit_or_flash
from app.web.forms import parse_typed_date


def _int(name: str) -> int | None:
    value = request.values.get(name, "")
    return ascii_int(value, 1) if value else None


def _date(name: str) -> date | None:
    text = request.values.get(name, "").strip()
    if not text:
        return None
    day = parse_typed_date(text)  # dd/mm/yyyy like every date field, or ISO
    if day is None:
        raise InvalidData("Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")
    dates.check(day)
    return day


def _respond(req: ReportRequest):
    """Small reports are built now; large ones are queued for the job process and the user watches their page.
    The figures as JSON are always answered at once (no document to lay out)."""
    if req.format == "json":
        report = report_files.generate(current_user, req)
        return Response(report.data, mimetype=report.mimetype)
    if report_runs.should_queue(current_user, req):
        outcome = commit_or_flash(lambda: report_runs.submit(current_user, req), flash_error=False)
        if not outcome.ok:
            raise outcome.error  # a download link answers with the refusal's own page, as an inline one does
        return redirect(url_for("reports.run", run_id=outcome.value.id))
    report = report_files.generate(current_user, req)
    response = Response(report.data, mimetype=report.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response.headers["X-Report-Seconds"] = f"{report.seconds:.2f}"
    return response


def _chosen_day() -> date | None:
    """The cut-off date a link to the report page chose; a mistyped one is today's (the page only pre-fills)."""
    try:
        return _date("as_of")
    except InvalidData:
        return None


def _key_of(session: int | None, as_of: date | None, agency: int | None) -> str:
    """The report an assessment in the form belongs to, as the form's hidden field names it."""
    return f"{session or ''}|{as_of.isoformat() if as_of else ''}|{agency or ''}"


@bp.get("/")
def index():
    """The report form; `session`, `as_of` and `agency` choose the report whose kept assessment it shows."""
    return _form_page(_int("session"), _chosen_day() or clock.today(), _int("agency"))


def _form_page(session_id: int | None, as_of: date, agency_id: int | None, typed: dict | None = None,
               status: int = 200):
    agencies = catalogue.active_agency_rows() if permissions.allows(current_user, "see_every_agency") else []
    default = report_data.default_session()
    session_id = session_id or (default.id if default else None)
    kept = assessments.form(current_user, session_id, as_of, agency_id) if session_id else None
    if kept is not None and typed is not None:
        kept = {**kept, **typed}  # a refused form shows what was typed
    return render_template("reports/index.html", sessions=catalogue.session_rows(), agencies=agencies,
                           default_session_id=session_id, as_of=as_of, agency_id=agency_id, kept=kept,
                           assessment_for=_key_of(session_id, as_of, agency_id),
                           kinds=permissions.report_kinds(current_user, report_files.KINDS)), status


def _keep_assessment(req: ReportRequest):
    """Keep the committee's assessment typed in the form (its own commit); the report then prints it. Returns the
    request carrying it, or the form again with what was typed and the refusal. An empty box removes the
    assessment only of the report the form showed it for: one chosen in the form afterwards keeps its own."""
    typed, responsible = request.form.get("assessment", ""), request.form.get("responsible", "")
    shown_for = request.form.get("assessment_for", "")
    if not (typed.strip() or responsible.strip()) and shown_for != _key_of(req.session, req.as_of, req.agency):
        return req
    outcome = commit_or_flash(lambda: assessments.write(current_user, req.kind, req.session, req.as_of, req.agency,
                                                        typed, responsible))
    if not outcome.ok:
        return _form_page(req.session, req.as_of or clock.today(), req.agency,
                          {"assessment": typed, "responsible": responsible}, outcome.error.status)
    return dataclasses.replace(req, assessment=typed.strip(), responsible=responsible.strip())


@bp.route("/download", methods=["GET", "POST"])
def download():
    """GET for the quick links; POST from the report form, which may carry the committee's assessment."""
    req = ReportRequest(kind=request.values.get("kind", ""), format=request.values.get("format", "pdf"),
                        session=_int("session"), agency=_int("agency"), as_of=_date("as_of"),
                        code=request.values.get("code", "").strip())
    if req.kind in assessments.KINDS and ("assessment" in request.form or "responsible" in request.form):
        kept = _keep_assessment(req)
        if not isinstance(kept, ReportRequest):
            return kept  # refused: the form again
        req = kept
    return _respond(req)


@bp.get("/item/<code>.pdf")
def item_pdf(code: str):
    return _respond(ReportRequest(kind="item", code=code))


@bp.get("/export/petitions.xlsx")
def export_petitions():
    """The Excel export of any filtered list: the list page's own query string."""
    return _respond(ReportRequest(kind="list", format="xlsx", filters=request.args.to_dict()))


@bp.get("/run/<run_id>")
def run(run_id: str):
    info = report_runs.status(report_runs.get(run_id, current_user))
    return render_template("reports/run.html", info=info, retry_form=RetryForm())


@bp.get("/run/<run_id>.json")
def run_status(run_id: str):
    return jsonify(report_runs.status(report_runs.get(run_id, current_user)))


@bp.get("/run/<run_id>/file")
def run_file(run_id: str):
    report_run = report_runs.get(run_id, current_user)
    if report_run.state != "done":
        abort(409)
    return send_file(report_runs.result_path(report_run), mimetype=report_files.FORMATS[report_run.format],
                     as_attachment=True, download_name=report_run.filename)


@bp.post("/run/<run_id>/retry")
def retry_run(run_id: str):
    report_runs.get(run_id, current_user)  # someone else's run answers 403 here, as its page does
    if RetryForm().validate_on_submit():
        commit_or_flash(lambda: report_runs.retry(current_user, run_id),
                        _("Đã đưa báo cáo vào hàng đợi; trang này tự cập nhật khi báo cáo xong."))
    return redirect(url_for("reports.run", run_id=run_id))
