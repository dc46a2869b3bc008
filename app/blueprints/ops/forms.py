"""Forms of the operations page."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import NumberRange, Optional

from app.web.forms import BaseForm, IntegerField


class RetryForm(BaseForm):
    """Retry one failed e-mail (its id) or all of them (no id)."""

    message_id = IntegerField(validators=[Optional()])


class PolicyForm(BaseForm):
    enabled = BooleanField()
    days = IntegerField(validators=[Optional(), NumberRange(min=0, max=60,
                                                            message=_l("Số ngày làm việc phải từ 0 đến 60."))])
    to_officers = BooleanField()
    to_leader = BooleanField()
    to_committee = BooleanField()
