"""Forms of the committee's boards: one transfer letter for the items ticked in the queue."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length

from app import clock
from app.web.forms import BaseForm, date_field, required


class BatchTransferForm(BaseForm):
    letter_number = StringField(_l("Số công văn chuyển"), validators=[required(), Length(max=60)])
    letter_date = date_field(_l("Ngày công văn"), not_after_tomorrow=True, default=clock.today)  # signed today
