"""Báo cáo: the report page, downloads (built at once when small, queued for the job process when large),
list exports, and the page of a queued report (progress, download, retry). Routes: pages.py; forms: forms.py."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
