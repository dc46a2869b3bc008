"""The one place where roles, agencies and lifecycle states meet: every "may this user ...?" is answered here."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, exists, false, or_, select, true

from workflows import petition as lifecycle
from workflows.vocabulary import AGENCY_ROLES, OFFICE_ROLES

if TYPE_CHECKING:
    from app.models import Petition, User

STAFF_ROLES = frozenset({"clerk", "office_leader", "committee", "admin"})
# Content and classification can be corrected by the office until the item leaves for the agency.
EDITABLE_STATES = frozenset({"recorded", "classified", "returned"})


def _active(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.active


def is_involved_agency(user: User, petition: Petition) -> bool:
    """Lead or coordinating agency of the petition."""
    if user.agency_id is None:
        return False
    if petition.lead_agency_id == user.agency_id:
        return True
    return any(a.id == user.agency_id for a in petition.coordinating_agencies)


def can_view(user: User | None, petition: Petition) -> bool:
    if not _active(user):
        return False
    if user.role in AGENCY_ROLES:
        # Agencies see items once transferred to them, never the office's drafts.
        return petition.transferred_on is not None and is_involved_agency(user, petition)
    return user.role in STAFF_ROLES


def visible_filter(user: User) -> ColumnElement[bool]:
    """The SQL twin of can_view, for lists, searches and exports."""
    from app.models import Petition, petition_coordinator

    if not _active(user):
        return false()
    if user.role in AGENCY_ROLES:
        coordinating = exists(
            select(petition_coordinator.c.petition_id).where(
                petition_coordinator.c.petition_id == Petition.id,
                petition_coordinator.c.agency_id == user.agency_id,
            )
        )
        return Petition.transferred_on.is_not(None) & or_(
            Petition.lead_agency_id == user.agency_id, coordinating
        )
    return true() if user.role in STAFF_ROLES else false()


def can(user: User | None, action: str, petition: Petition, check_state: bool = True) -> bool:
    """May `user` perform lifecycle `action` on `petition` (now, if check_state)?

    Roles come from the lifecycle's own table, so the buttons shown and the guards enforced
    cannot drift apart; agency roles must also be the lead agency where the action says so.
    """
    if not _active(user):
        return False
    spec = lifecycle.ACTIONS.get(action)
    if spec is None or user.role not in spec.roles:
        return False
    if spec.lead_agency_only and (user.agency_id is None or user.agency_id != petition.lead_agency_id):
        return False
    return not check_state or petition.status in spec.sources


def allowed_actions(user: User | None, petition: Petition) -> list[str]:
    """The lifecycle actions whose buttons this user should see on this petition now."""
    return [name for name in lifecycle.available_actions(petition.status) if can(user, name, petition)]


def can_record(user: User | None) -> bool:
    """Record meetings and recommendations (the office's intake)."""
    return _active(user) and user.role in OFFICE_ROLES


def can_edit(user: User | None, petition: Petition) -> bool:
    return can_record(user) and petition.status in EDITABLE_STATES


def can_attach(user: User | None, petition: Petition) -> bool:
    if not can_view(user, petition):
        return False
    if user.role in AGENCY_ROLES:
        return petition.lead_agency_id == user.agency_id and petition.status in lifecycle.OPEN_STATES
    return user.role in OFFICE_ROLES | {"committee"}


def can_administer(user: User | None) -> bool:
    return _active(user) and user.role == "admin"


def can_see_voter_name(user: User | None) -> bool:
    """Voter names are personal data: the office and the committees only."""
    return _active(user) and user.role in STAFF_ROLES


def can_view_operations(user: User | None) -> bool:
    """The operations page (job runs, e-mail outbox, reminder policy): administrators only."""
    return can_administer(user)
