"""Importing the office's summary spreadsheet: check it (nothing written, the file kept for the confirmation),
then import every row or none; the page lists every problem with its row."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.intake import bp, require
from app.blueprints.intake.forms import SheetImportForm
from app.extensions import db
from app.models import SheetImport
from app.services.errors import Rejected
from app.services.imports import importer, pending
from app.web.edge import commit_or_flash


def _import_page(form: SheetImportForm, status: int = 200, plan=None, problems=None, headline: str = ""):
    return render_template("intake/import.html", form=form, plan=plan, problems=problems or [],
                           headline=headline, history=importer.recent_imports()), status


def _refused(form: SheetImportForm, error):
    problems = error.problem_texts() if isinstance(error, Rejected) else []
    return _import_page(form, error.status, problems=problems, headline=error.message)


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
    options = {"session_id": form.session.data or None, "timing": form.timing.data or None}
    if form.check_only.data:
        outcome = commit_or_flash(lambda: importer.plan(current_user, name, data, **options), flash_error=False)
        if not outcome.ok:
            return _refused(form, outcome.error)
        plan = outcome.value
        pending.keep(plan.sha256, data)
        form.pending.data, form.pending_name.data, form.check_only.data = plan.sha256, plan.filename, False
        return _import_page(form, plan=plan)
    outcome = commit_or_flash(lambda: importer.run(current_user, name, data, **options),
                              lambda done: _("Đã nhập %(n)s kiến nghị từ “%(name)s”.", n=done.item_count,
                                             name=done.filename), flash_error=False)
    if not outcome.ok:
        return _refused(form, outcome.error)
    if form.pending.data:
        pending.discard(form.pending.data)
    return redirect(url_for("intake.import_detail", import_id=outcome.value.id))


@bp.get("/imports/<int:import_id>")
def import_detail(import_id: int):
    require("import_sheet")
    done = db.get_or_404(SheetImport, import_id)
    return render_template("intake/import_detail.html", done=done, petitions=importer.imported_items(done))
