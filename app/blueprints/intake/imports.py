"""Importing an office's summary spreadsheet: check it (nothing written, the file kept for the confirmation), map
the columns of a sheet whose header is not recognised (remembered for sheets of that shape), choose what to do
with agencies the catalogue lacks, then import every row or none; the page lists every problem with its row."""
from __future__ import annotations

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.intake import bp, require
from app.blueprints.intake.forms import SheetImportForm
from app.models import ImportRun, SheetImport
from app.services.errors import Rejected
from app.services.imports import importer, steps
from app.services.imports import runs as import_runs
from app.services.imports.columns import COLUMNS, LABELS
from app.services.text import ascii_id, ascii_int
from app.web.edge import commit_or_flash, get_or_404

AGENCY_PREFIX = "agency__"  # one select per unknown agency: "new" (create it) or an existing agency's id
COLUMN_PREFIX = "column__"  # one select per column on the mapping page


def _import_page(form: SheetImportForm, status: int = 200, plan=None, problems=None, headline: str = "",
                 unmapped=None):
    return render_template("intake/import.html", form=form, plan=plan, problems=problems or [],
                           headline=headline, history=importer.recent_imports(), unmapped=unmapped,
                           column_labels=LABELS, agency_prefix=AGENCY_PREFIX, column_prefix=COLUMN_PREFIX), status


def _refused(form: SheetImportForm, error, sheet: steps.Sheet):
    problems = error.problem_texts() if isinstance(error, Rejected) else []
    book = getattr(error, "book", None)
    unmapped = book.unmapped if book is not None else None
    if unmapped is not None:  # the file is kept (steps) for the mapping page's answer
        form.pending.data, form.check_only.data = sheet.sha256, True
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
        sheet = steps.kept(form.pending.data, form.pending_name.data)
        if sheet is None:
            form.file.errors.append(_("Tệp đã kiểm tra không còn; hãy chọn lại tệp."))
            return _import_page(form, 400)
    else:
        sheet = steps.uploaded(form.file.data.filename, form.file.data.read())
    form.pending_name.data = sheet.name
    options = {"session_id": form.session.data or None, "timing": form.timing.data or None,
               "sheet": form.sheet.data or None, "agency_choices": _agency_choices()}
    if form.check_only.data or "save_mapping" in request.form:
        columns = _column_choices() if "save_mapping" in request.form else None
        # A mapping the clerk chose is kept even when the sheet is then refused (commit_errors).
        outcome = commit_or_flash(lambda: steps.check(current_user, sheet, options, columns),
                                  (lambda _p: _("Đã ghi nhớ cách ghép cột cho các bảng cùng mẫu.")) if columns else None,
                                  flash_error=False, commit_errors=True)
        if not outcome.ok:
            return _refused(form, outcome.error, sheet)
        plan = outcome.value
        form.fill(plan.book.sheet_names)
        form.pending.data, form.pending_name.data, form.check_only.data = plan.sha256, plan.filename, False
        return _import_page(form, plan=plan)
    outcome = commit_or_flash(lambda: steps.confirm(current_user, sheet, options), _imported, flash_error=False)
    if not outcome.ok:
        return _refused(form, outcome.error, sheet)
    if isinstance(outcome.value, ImportRun):  # a large sheet: the job process imports it, its page shows progress
        return redirect(url_for("intake.import_run", run_id=outcome.value.id))
    return redirect(url_for("intake.import_detail", import_id=outcome.value.id))


def _imported(done) -> str | None:
    return None if isinstance(done, ImportRun) else _("Đã nhập %(n)s kiến nghị từ “%(name)s”.", n=done.item_count,
                                                        name=done.filename)


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
    done = get_or_404(SheetImport, import_id)
    return render_template("intake/import_detail.html", done=done, petitions=importer.imported_items(done))
