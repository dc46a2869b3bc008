"""The single path by which a petition changes state: permission, version check, transition, event, flush."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from app import permissions
from app.extensions import db
from app.models import Event, Petition, User
from app.services.audit import record_event
from app.services.errors import Conflict, InvalidData, PermissionDenied
from workflows import petition as workflow
from workflows.messages import N_

STALE_MESSAGE = N_(
    "Kiến nghị này vừa được người khác cập nhật. Vui lòng tải lại trang để xem trạng thái mới "
    "rồi thực hiện lại thao tác."
)


def check_version(petition: Petition, expected_version: int | None) -> None:
    """Refuse to act on what the user saw if someone has changed the petition since."""
    if expected_version is not None and petition.version != expected_version:
        raise Conflict(STALE_MESSAGE)


def flush() -> None:
    """Flush, turning a lost optimistic-lock race into a Conflict the edges understand."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise Conflict(STALE_MESSAGE) from exc


def authorize(user: User, action: str, petition: Petition) -> None:
    """403 before anything else when the role or agency may never perform `action` on this petition."""
    if not permissions.can(user, action, petition, check_state=False):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này đối với kiến nghị này.")


def move(
    petition: Petition,
    action: str,
    user: User,
    *,
    expected_version: int | None = None,
    reason: str = "",
    event_data: dict[str, Any] | None = None,
    **guard_data: Any,
) -> Event:
    """Fire `action` on `petition` as `user` and log it; the caller sets the action's own fields.

    403 when the role or agency may never do this, 409 when the state does not allow it now
    (or the petition changed since the user saw it), 400 when required data is missing.
    """
    authorize(user, action, petition)
    check_version(petition, expected_version)
    case = workflow.Case(status=petition.status, id=petition.id, lead_agency_id=petition.lead_agency_id)
    actor = workflow.Actor(role=user.role, agency_id=user.agency_id, user_id=user.id)
    before = petition.status
    try:
        after = workflow.fire(case, action, actor, reason=reason, **guard_data)
    except workflow.IllegalTransition as exc:
        raise Conflict(exc.template, **exc.params) from exc
    except workflow.GuardFailed as exc:
        raise InvalidData(exc.template, **exc.params) from exc
    petition.status = after
    if after in workflow.TERMINAL_STATES and petition.id is not None:
        # A closed item must not keep reminding anyone: cancel its unsent notices in the same transaction.
        from app.services.notices.notifications import cancel_for_petition

        with db.session.no_autoflush:  # the caller sets the action's own fields (CHECKs) after move()
            cancel_for_petition(petition.id)
    return record_event(petition, user, action, before, after, reason=reason, data=event_data)
