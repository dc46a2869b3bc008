"""Clerks' intake pages (tiếp nhận): voter meetings and the recommendations raised there."""
from __future__ import annotations

import time
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app import permissions
from app.blueprints.intake_forms import (
    EditPetitionForm,
    MeetingForm,
    PetitionForm,
    SheetImportForm,
    session_choices,
)
from app.blueprints.petitions import get_petition, list_context, selected_with_versions
from app.blueprints.workflow_forms import BatchSubmitForm, MeetingPetitionsForm, UploadForm
from app.extensions import db
from app.models import Constituency, Delegate, Petition, Session, SheetImport, VoterMeeting
from app.services import attachments, batch, meetings, petitions, sheet_import
from app.services.errors import DomainError, Rejected
from app.services.listing import PetitionFilters
from workflows.vocabulary import MEETING_TYPES

bp = Blueprint("intake", __name__)


@bp.before_request
def office_only():
    # Agencies never see the office's intake; committee and admin may read meetings.
    if current_user.is_authenticated and current_user.role in ("agency_officer", "agency_leader"):
        abort(403)


def _require_record():
    if not permissions.can_record(current_user):
        abort(403)


def _meeting(meeting_id: int) -> VoterMeeting:
    return db.get_or_404(VoterMeeting, meeting_id)


@bp.get("/meetings")
def meetings_list():
    """Filters (session, locality, type) and the date order live in the URL, like every list."""
    query = select(VoterMeeting)
    session_id = request.args.get("session", type=int)
    if session_id:
        query = query.where(VoterMeeting.session_id == session_id)
    locality = request.args.get("locality", "").strip()[:200]
    if locality:
        query = query.where(VoterMeeting.locality.ilike(f"%{locality}%"))
    if request.args.get("type"):
        query = query.where(VoterMeeting.meeting_type == request.args["type"])
    direction = "asc" if request.args.get("dir") == "asc" else "desc"
    order = VoterMeeting.held_on.asc() if direction == "asc" else VoterMeeting.held_on.desc()
    page = db.paginate(query.order_by(order, VoterMeeting.id.desc()), per_page=30, error_out=False)
    counts = dict(db.session.execute(select(Petition.meeting_id, func.count()).where(
        Petition.meeting_id.in_([m.id for m in page.items])).group_by(Petition.meeting_id)).all())
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("intake/meetings.html", page=page, counts=counts, args=args, direction=direction,
                           sessions=session_choices(blank=False), types=MEETING_TYPES)


def _save_meeting(form: MeetingForm, meeting: VoterMeeting | None):
    return meetings.save_meeting(
        current_user, held_on=form.held_on.data, place=form.place.data, locality=form.locality.data,
        meeting_type=form.meeting_type.data, timing=form.timing.data,
        session=db.session.get(Session, form.session.data) if form.session.data else None,
        constituency=db.session.get(Constituency, form.constituency.data) if form.constituency.data else None,
        delegates=[d for d in (db.session.get(Delegate, i) for i in form.delegates.data or []) if d],
        voters_count=form.voters_count.data or 0, notes=form.notes.data or "", meeting=meeting)


@bp.route("/meetings/new", methods=["GET", "POST"])
@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def meeting_form(meeting_id: int | None = None):
    _require_record()
    meeting = _meeting(meeting_id) if meeting_id else None
    form = MeetingForm(obj=meeting).fill()
    if meeting is not None and request.method == "GET":
        form.session.data = meeting.session_id or 0
        form.constituency.data = meeting.constituency_id or 0
        form.delegates.data = [d.id for d in meeting.delegates]
    if form.validate_on_submit():
        try:
            saved = _save_meeting(form, meeting)
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
            return render_template("intake/meeting_form.html", form=form, meeting=meeting), exc.status
        flash(_("Đã lưu hội nghị tiếp xúc cử tri."), "success")
        return redirect(url_for("intake.meeting_detail", meeting_id=saved.id))
    status = 400 if form.errors else 200
    return render_template("intake/meeting_form.html", form=form, meeting=meeting), status


@bp.get("/meetings/<int:meeting_id>")
def meeting_detail(meeting_id: int):
    meeting = _meeting(meeting_id)
    items = list(db.session.scalars(select(Petition).where(Petition.meeting_id == meeting.id).order_by(Petition.id)))
    return render_template("intake/meeting_detail.html", meeting=meeting, items=items,
                           files=attachments.of_meeting(meeting), upload_form=UploadForm(prefix="upload"),
                           can_record=permissions.can_record(current_user))


@bp.post("/meetings/<int:meeting_id>/minutes")
def meeting_upload(meeting_id: int):
    _require_record()
    meeting = _meeting(meeting_id)
    form = UploadForm(prefix="upload")
    try:
        if not form.validate_on_submit():
            problem = " ".join(form.file.errors) or _("Không tải được tệp.")  # already translated
            raise DomainError(problem)
        attachments.attach(current_user, form.file.data.filename, form.file.data.read(), meeting=meeting)
        db.session.commit()
        flash(_("Đã tải biên bản lên."), "success")
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
    return redirect(url_for("intake.meeting_detail", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/petitions/new", methods=["GET", "POST"])
def meeting_petitions(meeting_id: int):
    """Several recommendations from one form: what clerks type right after a meeting."""
    _require_record()
    meeting = _meeting(meeting_id)
    form = MeetingPetitionsForm()
    if form.validate_on_submit():
        rows = [{k: row[k] for k in ("content", "summary", "locality", "voter_name", "urgent")}
                for row in form.rows.data]
        try:
            created = batch.record_from_meeting(current_user, meeting, rows)
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
            return render_template("intake/meeting_petitions.html", form=form, meeting=meeting), exc.status
        flash(_("Đã ghi nhận %(n)s kiến nghị: %(codes)s.", n=len(created),
                codes=", ".join(p.code for p in created)), "success")
        return redirect(url_for("intake.meeting_detail", meeting_id=meeting.id))
    return render_template("intake/meeting_petitions.html", form=form, meeting=meeting), 400 if form.errors else 200


@bp.route("/petitions/new", methods=["GET", "POST"])
def new_petition():
    """One recommendation received outside a meeting (letter, hotline, delegate, portal)."""
    _require_record()
    form = PetitionForm().fill()
    if form.validate_on_submit():
        try:
            p = petitions.record_petition(
                current_user, content=form.content.data, summary=form.summary.data or "",
                channel=form.channel.data, locality=form.locality.data or "", voter_name=form.voter_name.data,
                session=db.session.get(Session, form.session.data) if form.session.data else None,
                timing=form.timing.data, urgent=form.urgent.data)
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
            return render_template("intake/petition_form.html", form=form, petition=None), exc.status
        flash(_("Đã ghi nhận kiến nghị %(code)s.", code=p.code), "success")
        return redirect(url_for("petitions.detail", ref=p.code))
    return render_template("intake/petition_form.html", form=form, petition=None), 400 if form.errors else 200


@bp.route("/petitions/<ref>/edit", methods=["GET", "POST"])
def edit_petition(ref: str):
    petition = get_petition(ref)
    if not permissions.can_edit(current_user, petition):
        abort(403)
    form = EditPetitionForm(obj=petition)
    if request.method == "GET":
        form.version.data = str(petition.version)
    if form.validate_on_submit():
        changes = {k: getattr(form, k).data for k in petitions.EDITABLE_FIELDS}
        changes["voter_name"] = changes["voter_name"] or None
        try:
            petitions.update_petition(current_user, petition, expected_version=form.expected_version(), **changes)
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger" if exc.status != 409 else "warning")
            return render_template("intake/petition_form.html", form=form, petition=petition), exc.status
        flash(_("Đã lưu thay đổi."), "success")
        return redirect(url_for("petitions.detail", ref=petition.code))
    return render_template("intake/petition_form.html", form=form, petition=petition), 400 if form.errors else 200


def _submission_page(form: BatchSubmitForm, status: int = 200):
    args = request.args.to_dict()
    args.setdefault("sort", "created")
    args.setdefault("dir", "asc")
    filters = PetitionFilters.from_args(args)
    filters.status = "classified"
    return render_template("intake/submissions.html", form=form, **list_context(filters)), status


@bp.route("/submissions", methods=["GET", "POST"])
def submissions():
    """Trình Thường trực: the classified items, submitted for transfer approval several at a time."""
    _require_record()
    form = BatchSubmitForm()
    if not form.is_submitted():
        return _submission_page(form)
    if not form.validate():
        flash(_("Vui lòng kiểm tra lại các trường được đánh dấu."), "danger")
        return _submission_page(form, 400)
    try:
        done = batch.submit_many(current_user, selected_with_versions())
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger" if exc.status != 409 else "warning")
        return _submission_page(form, exc.status)
    flash(_("Đã trình Thường trực duyệt chuyển %(n)s kiến nghị: %(codes)s.", n=len(done),
            codes=", ".join(p.code for p in done)), "success")
    return redirect(url_for("intake.submissions"))


# --- importing the office's summary spreadsheet ------------------------------------------------------


def _pending_path(sha: str) -> Path:
    """Where a checked file waits for the clerk's confirmation (named by its content, so never mixed up)."""
    return Path(current_app.config["UPLOAD_DIR"]) / "imports" / f"{sha}.xlsx"


def _keep_pending(sha: str, data: bytes) -> None:
    """Keep the checked file for the confirmation; files checked but never confirmed go after a day."""
    folder = _pending_path(sha).parent
    folder.mkdir(parents=True, exist_ok=True)
    stale = time.time() - 24 * 3600
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    _pending_path(sha).write_bytes(data)


def _import_page(form: SheetImportForm, status: int = 200, plan=None, problems=None, headline: str = ""):
    history = db.session.scalars(select(SheetImport).order_by(SheetImport.imported_at.desc()).limit(20)).all()
    return render_template("intake/import.html", form=form, plan=plan, problems=problems or [],
                           headline=headline, history=history), status


@bp.route("/imports", methods=["GET", "POST"])
def imports():
    """Check a summary spreadsheet (nothing written), then import it: every row or none."""
    _require_record()
    form = SheetImportForm().fill()
    if not form.is_submitted():
        return _import_page(form)
    if not form.validate():
        return _import_page(form, 400)
    if form.pending.data:
        name, path = form.pending_name.data or "bang-tong-hop.xlsx", _pending_path(form.pending.data)
        if not path.exists():
            form.file.errors.append(_("Tệp đã kiểm tra không còn; hãy chọn lại tệp."))
            return _import_page(form, 400)
        data = path.read_bytes()
    else:
        name, data = form.file.data.filename, form.file.data.read()
    options = {"session_id": form.session.data or None, "timing": form.timing.data or None}
    try:
        if form.check_only.data:
            plan = sheet_import.plan(current_user, name, data, **options)
            _keep_pending(plan.sha256, data)
            form.pending.data, form.pending_name.data, form.check_only.data = plan.sha256, plan.filename, False
            return _import_page(form, plan=plan)
        done = sheet_import.run(current_user, name, data, **options)
        db.session.commit()
    except Rejected as exc:
        db.session.rollback()
        return _import_page(form, exc.status, problems=exc.problem_texts(), headline=exc.message)
    except DomainError as exc:
        db.session.rollback()
        return _import_page(form, exc.status, headline=exc.message)
    if form.pending.data:
        _pending_path(form.pending.data).unlink(missing_ok=True)
    flash(_("Đã nhập %(n)s kiến nghị từ “%(name)s”.", n=done.item_count, name=done.filename), "success")
    return redirect(url_for("intake.import_detail", import_id=done.id))


@bp.get("/imports/<int:import_id>")
def import_detail(import_id: int):
    _require_record()
    done = db.get_or_404(SheetImport, import_id)
    rows = db.session.scalars(select(Petition).where(Petition.code.in_(done.codes))).all()
    order = {code: i for i, code in enumerate(done.codes)}
    return render_template("intake/import_detail.html", done=done,
                           petitions=sorted(rows, key=lambda p: order[p.code]))

