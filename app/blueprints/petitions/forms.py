"""The item page's own forms beyond the lifecycle's actions (app/web/actions.py): correcting the classification
and editing a draft answer."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length

from app.web.actions import ClassifyForm, DraftAnswerForm
from app.web.forms import required


class CorrectForm(ClassifyForm):
    """Sửa phân loại: the same choices as classifying, plus the summary, pre-filled with what the item has."""

    summary = TextAreaField(_l("Tóm tắt"), validators=[required(), Length(max=500)], render_kw={"rows": 2})


class EditDraftForm(DraftAnswerForm):
    """The author's corrections to a draft answer before the leader submits it (files are added apart)."""

    files = None
