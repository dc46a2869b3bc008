"""A signed-in user's own account (tài khoản của tôi): the browsers signed in (sign them out), change password,
choose the interface language.
Routes: pages.py; forms: forms.py."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")
