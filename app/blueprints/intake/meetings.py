"""Voter meetings (hội nghị tiếp xúc cử tri): the list, the form, one meeting with its minutes, and the
recommendations raised there entered several at a time."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.blueprints.intake import bp, require
from app.blueprints.intake.forms import BatchSubmitForm, MeetingForm, MeetingPetitionsForm, NewMeetingForm
from app.models import VoterMeeting
from app.services import catalogue
from app.services.errors import InvalidData
from app.services.petitions import attachments, batch, duplicates, meetings
from app.web.actions import MergeForm
from app.web.edge import commit_or_flash, get_or_404
from app.web.forms import UploadForm
from app.web.inputs import arg_int
from workflows.vocabulary import MEETING_TYPES


def _meeting(meeting_id: int) -> VoterMeeting:
    return get_or_404(VoterMeeting, meeting_id)


@bp.get("/meetings")
def meetings_list():
    """Filters (session, locality, type) and the date order live in the URL, like every list."""
    filters = meetings.MeetingFilters(
        session=arg_int("session", None, 1), locality=request.args.get("locality", "").strip()[:200],
        meeting_type=request.args.get("type", ""), direction="asc" if request.args.get("dir") == "asc" else "desc",
        page=arg_int("page", 1, 1, meetings.MAX_PAGE))
    page, counts = meetings.find_meetings(filters)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("intake/meetings.html", page=page, counts=counts, args=args,
                           direction=filters.direction, sessions=catalogue.sessions(), types=MEETING_TYPES)


def _meeting_fields(form: MeetingForm) -> dict:
    return dict(
        held_on=form.held_on.data, place=form.place.data, locality=form.locality.data,
        meeting_type=form.meeting_type.data,
        session=catalogue.session(form.session.data), constituency=catalogue.constituency(form.constituency.data),
        delegates=catalogue.delegates_by_id(form.delegates.data),
        voters_count=form.voters_count.data or 0, notes=form.notes.data or "")


def _rows(form, classify: bool) -> list[dict]:
    """The typed rows as the service takes them: texts, and the field and agency objects when classifying."""
    return [{**{k: row[k] for k in ("content", "summary", "locality", "voter_name", "urgent")},
             "field": catalogue.field(row["field"]) if classify and row["field"] else None,
             "lead_agency": catalogue.agency(row["lead_agency"]) if classify and row["lead_agency"] else None}
            for row in form.rows.data]


def _recorded(created) -> str:
    return _("Đã ghi nhận %(n)s kiến nghị: %(codes)s.", n=len(created), codes=", ".join(p.code for p in created))


def _save_new(form: NewMeetingForm, classify: bool):
    """A new meeting, with the rows typed below it when there are any; where it leads next."""
    outcome = commit_or_flash(
        lambda: batch.meeting_with_petitions(current_user, _rows(form, classify), **_meeting_fields(form)),
        lambda saved: " ".join([_("Đã lưu hội nghị tiếp xúc cử tri."), *([_recorded(saved[1])] if saved[1] else [])]))
    if not outcome.ok:
        return None, outcome.status
    saved, created = outcome.value
    # Rows typed: the meeting's page (merges and submission are there); none: its rows page comes next.
    target = "intake.meeting_detail" if created else "intake.meeting_petitions"
    return redirect(url_for(target, meeting_id=saved.id)), 200


@bp.route("/meetings/new", methods=["GET", "POST"])
@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def meeting_form(meeting_id: int | None = None):
    require("record_meeting")
    meeting = _meeting(meeting_id) if meeting_id else None
    classify = permissions.can_record_classified(current_user)
    with_rows = meeting is None and permissions.allows(current_user, "record")
    form = NewMeetingForm().fill(classify) if with_rows else MeetingForm(obj=meeting).fill()
    if meeting is not None and request.method == "GET":
        form.session.data = meeting.session_id or 0
        form.constituency.data = meeting.constituency_id or 0
        form.delegates.data = [d.id for d in meeting.delegates]
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        if with_rows:
            response, status = _save_new(form, classify)
            if response is not None:
                return response
        else:
            outcome = commit_or_flash(lambda: meetings.save_meeting(current_user, **_meeting_fields(form),
                                                                    meeting=meeting),
                                      _("Đã lưu hội nghị tiếp xúc cử tri."))
            if outcome.ok:  # a new meeting goes straight on to its recommendations
                target = "intake.meeting_detail" if meeting else "intake.meeting_petitions"
                return redirect(url_for(target, meeting_id=outcome.value.id))
            status = outcome.status
    return render_template("intake/meeting_form.html", form=form, meeting=meeting, classify=classify), status


@bp.get("/meetings/<int:meeting_id>")
def meeting_detail(meeting_id: int):
    """The meeting with its items; the next steps of the office are here too: the merges its items suggest (each
    goes to the confirmation page) and submitting its classified items to the committee in one press."""
    meeting = _meeting(meeting_id)
    items = meetings.items_of(meeting)
    merges = []
    for dup, kept in duplicates.likely_pairs(items):
        if duplicates.may_choose(current_user, dup):
            form = MergeForm(formdata=None, prefix="merge")
            form.into.data, form.version.data = kept.code, str(dup.version)
            merges.append((dup, kept, form))
    to_submit = [p for p in items if p.status == "classified" and permissions.can(current_user, "submit_for_transfer", p)]
    return render_template("intake/meeting_detail.html", meeting=meeting, items=items, merges=merges,
                           to_submit=to_submit, submit_form=BatchSubmitForm(formdata=None),
                           files=attachments.of_meeting(meeting), upload_form=UploadForm(prefix="upload"),
                           can_record=permissions.allows(current_user, "attach_minutes"))


@bp.post("/meetings/<int:meeting_id>/minutes")
def meeting_upload(meeting_id: int):
    require("attach_minutes")
    meeting = _meeting(meeting_id)
    form = UploadForm(prefix="upload")

    def attach():
        if not form.validate_on_submit():
            problem = " ".join(str(e) for e in form.file.errors) or _("Không tải được tệp.")  # translated
            raise InvalidData(problem)
        return attachments.attach(current_user, form.file.data.filename, form.file.data.read(), meeting=meeting)

    commit_or_flash(attach, _("Đã tải biên bản lên."))
    return redirect(url_for("intake.meeting_detail", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/petitions/new", methods=["GET", "POST"])
def meeting_petitions(meeting_id: int):
    """Several recommendations from one form: what clerks type right after a meeting."""
    require("record")
    meeting = _meeting(meeting_id)
    classify = permissions.can_record_classified(current_user)
    form = MeetingPetitionsForm().fill(classify)
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        rows = _rows(form, classify)
        outcome = commit_or_flash(lambda: batch.record_from_meeting(current_user, meeting, rows), _recorded)
        if outcome.ok:
            return redirect(url_for("intake.meeting_detail", meeting_id=meeting.id))
        status = outcome.status
    return render_template("intake/meeting_petitions.html", form=form, meeting=meeting, classify=classify), status
