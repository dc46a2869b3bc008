"""Vận hành (/admin/ops): administrators see the jobs' last runs, the outbox counts and errors, retry failed
e-mails, and edit who is reminded of what. Routes: pages.py; forms: forms.py."""
from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from app import permissions

bp = Blueprint("ops", __name__, url_prefix="/admin/ops")


@bp.app_context_processor
def ops_permission():
    return {"can_view_operations": permissions.can_view_operations}


@bp.before_request
def administrators_only():
    if not permissions.can_view_operations(current_user):
        abort(403)
