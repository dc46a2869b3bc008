"""The edge of every request that changes something: call ONE service, commit, or roll back and say why.

Views never write try / except / rollback / flash themselves (Indico's RH.process, SecureDrop's
commit_account_changes): they hand the service call to `commit_or_flash` and branch on the outcome.
One flash category per kind of message: success, info, warning (someone changed the item first: 409)
and danger (refused). The loaders below answer 404 for what the user may not see, exactly as for what
does not exist, so a guessed id or code reveals nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import permissions
from app.extensions import db
from app.models import Attachment, Petition
from app.services import catalogue
from app.services.errors import Conflict, DomainError, NotFound, lost_race
from app.services.petitions import attachments
from app.services.text import ascii_id, ascii_int

T = TypeVar("T")
SUCCESS, INFO, WARNING, DANGER = "success", "info", "warning", "danger"
# A batch page shows at most 100 rows; more ticked ids than that is not a person's selection.
MAX_SELECTED = 200


def category_of(error: DomainError) -> str:
    return WARNING if isinstance(error, Conflict) else DANGER


@dataclass
class Outcome:
    """What came of one service call: its value, or the error that rolled it back."""

    value: Any = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> int:
        """The HTTP status a page re-rendered after this outcome answers with."""
        return 200 if self.error is None else self.error.status


def commit_or_flash(call: Callable[[], Any], success: str | Callable[[Any], str] | None = None, *,
                    flash_error: bool = True, commit_errors: bool = False) -> Outcome:
    """Run `call` (one service call), commit; on a DomainError roll back and flash its message.

    `success` is flashed after the commit (a callable gets the call's result). With flash_error=False
    the page shows the error itself (e.g. an import's problems listed by row). With commit_errors=True what
    the call wrote before refusing is kept (a failed sign-in is counted even when it is answered "wait").
    """
    try:
        value = call()
        db.session.commit()
    except DomainError as exc:
        if commit_errors:
            db.session.commit()
        else:
            db.session.rollback()
        if flash_error:
            flash(exc.message, category_of(exc))
        return Outcome(error=exc)
    except IntegrityError as exc:
        db.session.rollback()
        if (conflict := lost_race(exc)) is None:
            raise
        if flash_error:
            flash(conflict.message, category_of(conflict))
        return Outcome(error=conflict)
    message = success(value) if callable(success) else success
    if message is not None:  # a callable returns None when the outcome has nothing to say (a run queued)
        flash(str(message), SUCCESS)
    return Outcome(value=value)


def flash_invalid() -> None:
    """The one message of a form sent back with its mistakes: the fields themselves say what is wrong."""
    flash(_("Vui lòng kiểm tra lại các trường được đánh dấu."), DANGER)


def get_petition(ref: str) -> Petition:
    """A petition by id or code; one the user may not see answers 404 exactly like a missing one."""
    number = ascii_id(ref) if ref.isdigit() else None
    petition = (db.session.get(Petition, number) if number is not None
                else db.session.scalar(select(Petition).where(Petition.code == ref)) if len(ref) <= 40 else None)
    if petition is None or not permissions.can_view(current_user, petition):
        abort(404)
    return petition


def find_petition(code: str) -> Petition | None:
    """A petition the user may see, by the code they typed (a merge's target); None for one that does not exist
    and for one they may not see, alike."""
    petition = catalogue.petition_by_code(code)
    return petition if petition is not None and permissions.can_view(current_user, petition) else None


def get_file(file_id: int) -> Attachment:
    """A file the user may download (it follows what it is attached to); 404 otherwise, as for a missing one."""
    try:
        return attachments.visible_file(current_user, file_id)
    except NotFound:
        abort(404)


def get_or_404(model: type[T], ident: int | None, *, optional: bool = False) -> T | None:
    """A row of the catalogue, intake or administration by id (the blueprint's guard has asked permissions);
    404 when there is none. `optional`: no id is None (the "new" form of a page that also edits)."""
    if optional and not ident:
        return None
    row = db.session.get(model, ident) if ident is not None else None
    if row is None:
        abort(404)
    return row


def refusal(check: Callable[[], Any]) -> DomainError | None:
    """Run a check that changes nothing (a JSON answer's input); its refusal, instead of raising it."""
    try:
        check()
    except DomainError as exc:
        return exc
    return None


def selected_with_versions() -> list[tuple[Petition, int | None]]:
    """The rows ticked on a batch page (ids) with the version each was seen at (v-<id>); 404 if one is gone."""
    ticked = request.form.getlist("ids")[:MAX_SELECTED]
    ids = list(dict.fromkeys(ascii_id(i) for i in ticked))
    if None in ids:
        abort(404)  # not an id at all: nothing by that name exists
    found = {p.id: p for p in db.session.scalars(select(Petition).where(Petition.id.in_(ids)))} if ids else {}
    if len(found) != len(ids) or not all(permissions.can_view(current_user, p) for p in found.values()):
        abort(404)
    return [(found[pid], _version_seen(request.form.get(f"v-{pid}", ""))) for pid in ids]


def _version_seen(text: str) -> int | None:
    """None when the page sent no version; a version that is not a number cannot be the one the item has,
    so it is taken as stale (-1: a 409), never ignored."""
    if text == "":
        return None
    seen = ascii_int(text, 0)
    return -1 if seen is None else seen


def safe_next(target: str | None, default_endpoint: str = "main.index") -> str:
    """Only same-site relative paths: an open redirect would let a phishing link borrow our pages."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for(default_endpoint)
