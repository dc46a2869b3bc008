"""Thông báo: the bell's count, the list of one's notices, mark read, and the e-mail preference.
Routes: pages.py; forms: forms.py."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
