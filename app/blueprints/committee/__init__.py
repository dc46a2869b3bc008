"""Standing committee pages (Thường trực HĐND): transfer queue, answers to judge, roadmaps, overdue board.
Office leaders and administrators read the boards too; only the committee acts on them.
Routes: boards.py; forms: forms.py."""
from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from app import permissions

bp = Blueprint("committee", __name__, url_prefix="/committee")


@bp.before_request
def board_readers_only():
    if current_user.is_authenticated and not permissions.allows(current_user, "read_boards"):
        abort(403)
