"""Importing an office's summary spreadsheet: check it (nothing written, the file kept for the confirmation), map
the columns of a sheet whose header is not recognised (remembered for sheets of that shape), choose what to do
with agencies the catalogue lacks, then import every row or none; the page lists every problem with its row."""
from __future__ import annotations

import hashlib

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.intake import bp, require
from app.blueprints.intake.forms import SheetImportForm
from app.extensions import db
from app.models import SheetImport
from app.services.errors import Rejected
from app.services.imports import importer, mappings, pending
from app.services.imports import runs as import_runs
from app.services.imports.columns import COLUMNS, LABELS
from app.services.text import ascii_id, ascii_int
from app.web.edge import commit_or_flash

AGENCY_PREFIX = "agency__"  # one select per unknown agency: "new" (create it) or an existing agency's id
COLUMN_PREFIX = "column__"  # one select per column on the mapping page


def _import_page(form: SheetImportForm, status: int = 200, plan=None, problems=None, headline: str = "",
                 unmapped=None):
    return render_template("intake/import.html", form=form, plan=plan, problems=problems or [],
                           headline=headline, history=importer.recent_imports(), unmapped=unmapped,
                           column_labels=LABELS, agency_prefix=AGENCY_PREFIX, column_prefix=COLUMN_PREFIX), status


def _refused(form: SheetImportForm, error, sha: str, data: bytes):
    problems = error.problem_texts() if isinstance(error, Rejected) else []
    book = getattr(error, "book", None)
    unmapped = book.unmapped if book is not None else None
    if unmapped is not None:  # keep the file for the mapping page's answer
        pending.keep(sha, data)
        form.pending.data, form.check_only.data = sha, True
    return _import_page(form, error.status, problems=problems, headline=error.message, unmapped=unmapped)


def _agency_choices() -> dict[str, str]:
    """What the clerk chose for each unknown agency; anything but "new" or an id is ignored (creates it)."""
    choices = {}
    for name, value in request.form.items():
        if name.startswith(AGENCY_PREFIX) and (value == importer.NEW or ascii_id(value)):
            choices[name[len(AGENCY_PREFIX):]] = value
    return choices


def _column_choices() -> dict[int, str]:
    chosen = {}
    for name, value in request.form.items():
        index = ascii_int(name[len(COLUMN_PREFIX):], 0, 200) if name.startswith(COLUMN_PREFIX) else None
        if index is not None and value in COLUMNS:
            chosen[index] = value
    return chosen


@bp.route("/imports", methods=["GET", "POST"])
def imports():
    """Check a summary spreadsheet (nothing written), then import it: every row or none."""
    require("import_sheet")
    form = SheetImportForm().fill()
    if not form.is_submitted():
        return _import_page(form)
    if not form.validate():
        return _import_page(form, 400)
    if form.pending.data:
        name, data = form.pending_name.data or "bang-tong-hop.xlsx", pending.load(form.pending.data)
        if data is None:
            form.file.errors.append(_("Tệp đã kiểm tra không còn; hãy chọn lại tệp."))
            return _import_page(form, 400)
    else:
        name, data = form.file.data.filename, form.file.data.read()
    sha = hashlib.sha256(data).hexdigest()
    form.pending_name.data = name
    options = {"session_id": form.session.data or None, "timing": form.timing.data or None,
               "sheet": form.sheet.data or None, "agency_choices": _agency_choices()}
    if "save_mapping" in request.form:
        saved = commit_or_flash(lambda: mappings.remember_for_sheet(current_user, data, options["sheet"],
                                                                    _column_choices()),
                                lambda _m: _("Đã ghi nhớ cách ghép cột cho các bảng cùng mẫu."), flash_error=False)
        if not saved.ok:
            return _refused(form, saved.error, sha, data)
    if form.check_only.data or "save_mapping" in request.form:
        outcome = commit_or_flash(lambda: importer.plan(current_user, name, data, **options), flash_error=False)
        if not outcome.ok:
            return _refused(form, outcome.error, sha, data)
        plan = outcome.value
        pending.keep(plan.sha256, data)
        form.fill(plan.book.sheet_names)
        form.pending.data, form.pending_name.data, form.check_only.data = plan.sha256, plan.filename, False
        return _import_page(form, plan=plan)
    if import_runs.should_queue(data):  # a large sheet: the job process imports it, this page shows its progress
        queued = commit_or_flash(lambda: import_runs.submit(current_user, name, data, options), flash_error=False)
        if not queued.ok:
            return _refused(form, queued.error, sha, data)
        return redirect(url_for("intake.import_run", run_id=queued.value.id))
    outcome = commit_or_flash(lambda: importer.run(current_user, name, data, **options),
                              lambda done: _("Đã nhập %(n)s kiến nghị từ “%(name)s”.", n=done.item_count,
                                             name=done.filename), flash_error=False)
    if not outcome.ok:
        return _refused(form, outcome.error, sha, data)
    if form.pending.data:
        pending.discard(form.pending.data)
    return redirect(url_for("intake.import_detail", import_id=outcome.value.id))


@bp.get("/imports/run/<run_id>")
def import_run(run_id: str):
    """A large import's progress, then its result (or every problem), for the clerk who confirmed it."""
    require("import_sheet")
    return render_template("intake/import_run.html", info=import_runs.status(import_runs.get(run_id, current_user)))


@bp.get("/imports/run/<run_id>.json")
def import_run_status(run_id: str):
    require("import_sheet")
    return jsonify(import_runs.status(import_runs.get(run_id, current_user)))


@bp.get("/imports/<int:import_id>")
def import_detail(import_id: int):
    require("import_sheet")
    done = db.get_or_404(SheetImport, import_id)
    return render_template("intake/import_detail.html", done=done, petitions=importer.imported_items(done))
