"""Forms of the notifications page."""
from __future__ import annotations

from wtforms import BooleanField
from wtforms.validators import Optional

from app.web.forms import BaseForm, IntegerField


class ReadForm(BaseForm):
    """Mark one notice read (its id), or every notice (no id)."""

    notice_id = IntegerField(validators=[Optional()])


class PreferenceForm(BaseForm):
    email_notifications = BooleanField()
