"""Forms of the reports room."""
from __future__ import annotations

from app.web.forms import BaseForm


class RetryForm(BaseForm):
    """Queue a failed report again: nothing to fill in, only the CSRF token."""
