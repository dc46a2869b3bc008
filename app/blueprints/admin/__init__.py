"""Administration (quản trị): users, agencies, fields, committees, sessions, deadline rules, calendar, lifecycle.
Routes: pages.py (index), users.py, organisation.py, schedule.py; forms: forms.py."""
from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from app import permissions

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admin_only():
    # Login is already required app-wide (web.login); here the role decides, for every admin route at once.
    if not permissions.can_administer(current_user):
        abort(403)
