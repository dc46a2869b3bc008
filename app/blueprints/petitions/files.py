"""A petition's files: upload (the detail page's form), download (with the same rules as the page), and the
413 answer for a body too large to parse, said on the page the user came from."""
from __future__ import annotations

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.blueprints.petitions import bp
from app.blueprints.petitions.pages import render_detail
from app.services.petitions import attachments
from app.web.edge import DANGER, commit_or_flash, get_file, get_petition
from app.web.errors import render_error
from app.web.forms import UploadForm


@bp.post("/<ref>/attachments")
def upload(ref: str):
    petition = get_petition(ref)
    if not permissions.can_attach(current_user, petition):
        abort(403)
    form = UploadForm(prefix="upload")
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.file.errors) or _("Không tải được tệp."), DANGER)
        return render_detail(petition, status=400)
    outcome = commit_or_flash(lambda: attachments.attach(current_user, form.file.data.filename,
                                                         form.file.data.read(), petition=petition),
                              _("Đã tải tệp lên."))
    if not outcome.ok:
        return render_detail(petition, status=outcome.status)
    return redirect(url_for("petitions.detail", ref=petition.code) + "#files")


@bp.get("/files/<int:file_id>")
def download(file_id: int):
    row = get_file(file_id)
    return send_file(attachments.path_of(row), mimetype=row.content_type, as_attachment=True,
                     download_name=row.filename)


@bp.app_errorhandler(413)
def too_large(exc):  # noqa: ARG001 - Flask's signature
    """The body was refused before parsing: say why, in Vietnamese, on the page the user came from."""
    message = attachments.too_large().message
    ref = (request.view_args or {}).get("ref") if request.blueprint == "petitions" else None
    if ref and current_user.is_authenticated:
        flash(message, DANGER)
        return render_detail(get_petition(ref), status=413)
    return render_error(413, message)
