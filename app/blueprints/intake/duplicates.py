"""Likely duplicates of a session (kiến nghị có thể trùng theo kỳ họp): the office compiles them before transfer,
merging each into the item it keeps (the merge itself is the petition's own action, with its permissions)."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.intake import bp, require
from app.services import catalogue
from app.services.search.duplicates import session_clusters
from app.web.actions import MergeForm
from app.web.inputs import arg_int

MAX_PAGE = 100_000  # pages of 50 items: far beyond any session


@bp.get("/duplicates")
def duplicates():
    require("record")
    sessions = catalogue.sessions()
    chosen = arg_int("session", None, 1)
    if chosen not in {sid for sid, _name in sessions}:
        chosen = sessions[-1][0] if sessions else None
    session = catalogue.session(chosen) if chosen else None
    found = session_clusters(session, current_user, arg_int("page", 1, 1, MAX_PAGE)) if session else None
    return render_template("intake/duplicates.html", title=_("Kiến nghị có thể trùng"), sessions=sessions,
                           session=session, clusters=found.clusters if found else [], items=found.items if found else None,
                           merge_form=MergeForm(formdata=None, prefix="merge"), here=request.full_path)
