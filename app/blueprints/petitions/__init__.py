"""Petitions room (/petitions): the shared list, the one page of each recommendation, its files and the
lifecycle actions posted from it. Routes: pages.py, actions.py, files.py; forms: forms.py."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("petitions", __name__, url_prefix="/petitions")
