"""Signing in (with throttling of failed attempts) and out. Routes: pages.py; forms: forms.py."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
