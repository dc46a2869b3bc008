"""The council office's intake (tiếp nhận): voter meetings, recommendations recorded one or several at a time,
corrections, submissions to the standing committee, and imports of the office's summary sheets.
Routes: meetings.py, petitions.py, imports.py; forms: forms.py."""
from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from app import permissions

bp = Blueprint("intake", __name__)


@bp.before_request
def office_only():
    # Agencies never see the office's intake; the committee and administrators may read meetings.
    if current_user.is_authenticated and not permissions.allows(current_user, "read_intake"):
        abort(403)


def require(verb: str) -> None:
    """403 unless the signed-in user may `verb` (e.g. record, import_sheet)."""
    if not permissions.allows(current_user, verb):
        abort(403)
