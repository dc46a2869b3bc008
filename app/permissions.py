"""The one place where roles, agencies and lifecycle states meet: every "may this user ...?" is answered here.

Services ask `require(user, verb)` (or `can(...)` for a lifecycle action) before they change anything;
views and templates ask the same functions which pages, buttons, answers and files to show. Only
active, signed-in accounts are ever allowed anything.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, CompoundSelect, Integer, cast, false, null, or_, select, true, union_all

from app.services.errors import NotFound, PermissionDenied
from workflows import petition as workflow
from workflows.messages import N_
from workflows.vocabulary import AGENCY_ROLES, OFFICE_ROLES, ROLES

if TYPE_CHECKING:
    from app.models import Answer, Attachment, Event, Notice, Petition, User, UserSession

STAFF_ROLES = frozenset({"clerk", "office_leader", "committee", "admin"})
EVERY_ROLE = frozenset(ROLES)
ADMIN = frozenset({"admin"})
# Office leaders and administrators follow the committee's boards too; only the committee acts on them.
BOARD_READERS = frozenset({"committee", "office_leader", "admin"})
# Content and classification can be corrected by the office until the item leaves for the agency.
EDITABLE_STATES = frozenset({"recorded", "classified", "returned"})
# The classification (field, competence level, proposed agencies, summary) is corrected by the office only
# while no agency has the item: once transferred, the committee's letter has fixed it (issue 12).
CORRECTABLE_STATES = frozenset({"classified", "awaiting_transfer"})
# What a lead agency does inside its own walls before it answers: a coordinating agency sees the
# submitted answer, never the drafts, an officer's proposed return or the leader's send-back to the officer.
AGENCY_INTERNAL_ACTIONS = frozenset({"draft_answer", "send_back_draft", "propose_return", "edit_draft"})
# ...and the states those steps leave the item in.
AGENCY_INTERNAL_STATES = frozenset({"answer_drafted", "return_proposed"})


@dataclass(frozen=True)
class Verb:
    """Something a role may do regardless of any one petition, with the message of a refusal."""

    roles: frozenset[str]
    refusal: str = N_("Bạn không có quyền truy cập trang này.")


VERBS: dict[str, Verb] = {
    # Administration
    "administer": Verb(ADMIN),
    "manage_accounts": Verb(ADMIN, N_("Chỉ quản trị hệ thống được quản lý tài khoản.")),
    "read_account_log": Verb(ADMIN, N_("Chỉ quản trị hệ thống được xem nhật ký tài khoản.")),
    # One's own account: password, language, the list of one's sign-ins
    "manage_own_account": Verb(EVERY_ROLE),
    "manage_catalogue": Verb(ADMIN, N_("Chỉ quản trị hệ thống được thay đổi danh mục.")),
    "manage_deadlines": Verb(ADMIN, N_("Chỉ quản trị hệ thống được thay đổi quy tắc thời hạn và lịch làm việc.")),
    "view_operations": Verb(ADMIN),
    "manage_reminders": Verb(ADMIN, N_("Chỉ quản trị hệ thống được thay đổi chính sách nhắc hạn.")),
    "retry_mail": Verb(ADMIN, N_("Chỉ quản trị hệ thống được gửi lại thư lỗi.")),
    # The council office's intake
    "record": Verb(OFFICE_ROLES, N_("Chỉ Văn phòng được ghi nhận kiến nghị.")),
    "record_meeting": Verb(OFFICE_ROLES, N_("Chỉ Văn phòng được ghi nhận hội nghị tiếp xúc cử tri.")),
    "attach_minutes": Verb(OFFICE_ROLES, N_("Chỉ Văn phòng được đính kèm biên bản hội nghị.")),
    "import_sheet": Verb(OFFICE_ROLES, N_("Chỉ Văn phòng được nhập bảng tổng hợp kiến nghị.")),
    "correct_classification": Verb(OFFICE_ROLES, N_("Chỉ Văn phòng được sửa phân loại kiến nghị.")),
    # Reading: the office's meetings and minutes, the committee's boards, the agency's inbox
    "read_intake": Verb(STAFF_ROLES),
    "read_boards": Verb(BOARD_READERS),
    "use_agency_inbox": Verb(AGENCY_ROLES),
    "read_compilation": Verb(STAFF_ROLES, N_("Báo cáo tổng hợp dành cho Văn phòng và Thường trực HĐND.")),
    # The assessment printed in a report is the standing committee's word: it writes it, or the office's leader
    # drafts it for the committee; kept for later runs of the report, so no other role may change it.
    "write_assessment": Verb(frozenset({"committee", "office_leader"}),
                             N_("Chỉ Thường trực HĐND và lãnh đạo Văn phòng được ghi đánh giá chung của báo cáo.")),
    "see_every_agency": Verb(STAFF_ROLES),
    # Voter names are personal data: the office and the committees only.
    "see_voter_name": Verb(STAFF_ROLES),
}


def _active(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and bool(user.active)


def allows(user: User | None, verb: str) -> bool:
    """May this active user do `verb` (a key of VERBS) at all?"""
    return _active(user) and user.role in VERBS[verb].roles


def require(user: User | None, verb: str) -> None:
    """Refuse with 403 and the verb's message unless `allows(user, verb)`."""
    if not allows(user, verb):
        raise PermissionDenied(VERBS[verb].refusal)


# --- Sign-ins -------------------------------------------------------------------------------------
# Administrators hold every key: their sign-in never outlives the browser session.
NEVER_REMEMBERED_ROLES = frozenset({"admin"})


def may_be_remembered(user: User) -> bool:
    """May this account's sign-in outlive the browser ("remember me")? Asked at sign-in and again on every
    request of a remembered sign-in, so one made before a promotion to administrator stops working."""
    return user.role not in NEVER_REMEMBERED_ROLES


def require_own_session(user: User | None, session: UserSession | None) -> None:
    """One ends only one's own sign-ins; someone else's answers 404, exactly like one that does not exist."""
    require(user, "manage_own_account")
    if session is None or session.user_id != user.id:
        raise NotFound(N_("Không tìm thấy phiên đăng nhập này."))


# --- One petition ----------------------------------------------------------------------------------

def is_involved_agency(user: User, petition: Petition) -> bool:
    """Lead or coordinating agency of the petition."""
    if user.agency_id is None:
        return False
    if petition.lead_agency_id == user.agency_id:
        return True
    return any(a.id == user.agency_id for a in petition.coordinating_agencies)


def _is_agency(user: User) -> bool:
    return user.role in AGENCY_ROLES


def _coordinates_only(user: User, petition: Petition) -> bool:
    """An agency user looking at an item its agency only coordinates (another agency leads)."""
    return _is_agency(user) and petition.lead_agency_id != user.agency_id


def can_view(user: User | None, petition: Petition) -> bool:
    if not _active(user):
        return False
    if _is_agency(user):
        # Agencies see items once transferred to them, never the office's drafts.
        return petition.transferred_on is not None and is_involved_agency(user, petition)
    return user.role in STAFF_ROLES


def visible_filter(user: User) -> ColumnElement[bool]:
    """The SQL twin of can_view, for lists, searches and exports."""
    from app.models import Petition, petition_coordinator

    if not _active(user):
        return false()
    if _is_agency(user):
        # An IN over the agency's coordinator rows, not an EXISTS per item: both arms of the OR are then index
        # lookups (lead agency; petition id), which both databases combine instead of scanning every item.
        coordinating = Petition.id.in_(
            select(petition_coordinator.c.petition_id).where(petition_coordinator.c.agency_id == user.agency_id)
        )
        return Petition.transferred_on.is_not(None) & or_(
            Petition.lead_agency_id == user.agency_id, coordinating
        )
    return true() if user.role in STAFF_ROLES else false()


def visible_parts(user: User) -> tuple[ColumnElement[bool], ...]:
    """visible_filter(user) as disjoint conditions whose union it is: for an agency, its items as lead agency and
    the items it only coordinates. Each part is read in order from its own index, so a list can merge the parts'
    first rows (agency inbox) instead of sorting everything the agency may see."""
    from app.models import Petition, petition_coordinator

    if not (_active(user) and _is_agency(user)):
        return (visible_filter(user),)
    transferred, lead = Petition.transferred_on.is_not(None), Petition.lead_agency_id
    coordinated = Petition.id.in_(
        select(petition_coordinator.c.petition_id).where(petition_coordinator.c.agency_id == user.agency_id))
    return (transferred & (lead == user.agency_id),
            transferred & or_(lead.is_(None), lead != user.agency_id) & coordinated)


def readers(staff: bool = True) -> CompoundSelect:
    """(petition_id, reader) for every item and every kind of account that may see it, each pair once: reader None
    for the staff (who see every item; left out unless `staff`) and the agency's id for an agency's users (its
    transferred items as lead or coordinating agency, as visible_filter says). Figures for every dashboard are
    counted by grouping on `reader` in one pass, instead of once per agency with visible_filter."""
    from app.models import Petition, petition_coordinator

    coordinator = petition_coordinator.c
    transferred = Petition.transferred_on.is_not(None)
    everyone = select(Petition.id.label("petition_id"), cast(null(), Integer).label("reader"))
    lead = (select(Petition.id.label("petition_id"), Petition.lead_agency_id.label("reader"))
            .where(transferred, Petition.lead_agency_id.is_not(None)))
    # A coordinating agency that also leads the item is already its lead row (UNION ALL: no duplicates to sort out).
    coordinating = (select(coordinator.petition_id, coordinator.agency_id)
                    .join(Petition, Petition.id == coordinator.petition_id)
                    .where(transferred, or_(Petition.lead_agency_id.is_(None),
                                            Petition.lead_agency_id != coordinator.agency_id)))
    return union_all(everyone, lead, coordinating) if staff else union_all(lead, coordinating)


def can(user: User | None, action: str, petition: Petition, check_state: bool = True) -> bool:
    """May `user` perform lifecycle `action` on `petition` (now, if check_state)?

    Roles come from the lifecycle's own table, so the buttons shown and the guards enforced
    cannot drift apart; agency roles must also be the lead agency where the action says so.
    """
    if _action_refusal(user, action, petition, as_it_stands=check_state) is not None:
        return False
    return not check_state or petition.status in workflow.ACTIONS[action].sources


def require_action(user: User | None, action: str, petition: Petition, *, as_it_stands: bool = False) -> None:
    """403 with the reason when the user may not take `action` on this petition. Services ask it through
    transitions.move, the only place a change of state asks who acts (the lifecycle's machine checks no roles):
    first whatever the state (a role or agency that may never), then, once the version is the one the user saw,
    `as_it_stands` (an officer's proposed return is the leader's to decide). Whether the state allows the action
    at all is the lifecycle's to refuse, with a 409."""
    refusal = _action_refusal(user, action, petition, as_it_stands)
    if refusal is not None:
        raise PermissionDenied(refusal)


def _action_refusal(user: User | None, action: str, petition: Petition, as_it_stands: bool) -> str | None:
    """Why `user` may not take `action` on `petition`, leaving the state's own sources aside (None: they may)."""
    if not can_ever(user, action):
        return N_("Bạn không có quyền thực hiện thao tác này đối với kiến nghị này.")
    if workflow.ACTIONS[action].lead_agency_only and (
            user.agency_id is None or user.agency_id != petition.lead_agency_id):
        return N_("Chỉ cơ quan chủ trì mới được thực hiện thao tác này.")
    # Returning goes through the agency leader unless the council lets officers return directly; an
    # officer's own proposal is always the leader's to decide.
    if action == "return_not_competent" and user.role == "agency_officer" and (
            not officer_may_return() or (as_it_stands and petition.status == "return_proposed")):
        return N_("Trả lại kiến nghị cần lãnh đạo cơ quan duyệt.")
    return None


def officer_may_return() -> bool:
    """The setting AGENCY_OFFICER_MAY_RETURN (config.py): may agency officers return an item without their leader?"""
    from flask import current_app

    return bool(current_app.config["AGENCY_OFFICER_MAY_RETURN"])


def can_do_both(user: User | None, first: str, then: str, petition: Petition) -> bool:
    """May `user` take two consecutive lifecycle steps in one press (an agency leader who writes the answer signs
    it; the office re-routes and submits)? `first` must be theirs now and `then` theirs once `first` is done."""
    return can(user, first, petition) and can(user, then, petition, check_state=False)


def can_record_classified(user: User | None) -> bool:
    """May `user` classify the recommendations while recording them (the meeting's rows with a field and agency)?"""
    return allows(user, "record") and can_ever(user, "classify")


def can_ever(user: User | None, action: str) -> bool:
    """Does the user's role take part in lifecycle `action` at all (e.g. the committee transfers)?"""
    spec = workflow.ACTIONS.get(action)
    return _active(user) and spec is not None and user.role in spec.roles


def allowed_actions(user: User | None, petition: Petition) -> list[str]:
    """The lifecycle actions whose buttons this user should see on this petition now."""
    return [name for name in workflow.available_actions(petition.status) if can(user, name, petition)]


def can_edit(user: User | None, petition: Petition) -> bool:
    return allows(user, "record") and petition.status in EDITABLE_STATES


def can_correct(user: User | None, petition: Petition) -> bool:
    """May the user correct the item's classification now? The office, before the item is transferred; never an
    agency, never after the transfer."""
    return allows(user, "correct_classification") and petition.status in CORRECTABLE_STATES


def require_correction(user: User | None, petition: Petition) -> None:
    if not allows(user, "correct_classification"):
        raise PermissionDenied(VERBS["correct_classification"].refusal)
    if petition.status not in CORRECTABLE_STATES:
        raise PermissionDenied(N_("Chỉ sửa được phân loại khi kiến nghị chưa chuyển cơ quan giải quyết."))


def can_edit_draft(user: User | None, petition: Petition, answer: Answer | None) -> bool:
    """An answer in draft is its author's to change until the leader submits it (or sends it back)."""
    return (answer is not None and _active(user) and _is_agency(user) and answer.status == "draft"
            and answer.drafted_by_id == user.id and petition.status == "answer_drafted"
            and petition.lead_agency_id == user.agency_id)

def can_attach(user: User | None, petition: Petition) -> bool:
    if not can_view(user, petition):
        return False
    if _is_agency(user):
        return petition.lead_agency_id == user.agency_id and petition.status in workflow.OPEN_STATES
    return user.role in OFFICE_ROLES | {"committee"}


def can_see_answer(user: User | None, petition: Petition, answer: Answer) -> bool:
    """The lead agency and the council see every draft; a coordinating agency sees submitted answers."""
    if not can_view(user, petition):
        return False
    return answer.status == "submitted" or not _coordinates_only(user, petition)


def can_see_event(user: User | None, petition: Petition, event: Event) -> bool:
    """A step of the item's history: the lead agency's internal steps stay with the lead agency."""
    if not can_view(user, petition):
        return False
    return event.action not in AGENCY_INTERNAL_ACTIONS or not _coordinates_only(user, petition)


def status_seen_by(user: User | None, petition: Petition) -> str:
    """The item's state as addressed to this user: a coordinating agency sees an item whose lead agency is
    drafting an answer or proposing a return as what it is to them, with the lead agency (transferred)."""
    if petition.status in AGENCY_INTERNAL_STATES and _active(user) and _coordinates_only(user, petition):
        return "transferred"
    return petition.status


def status_condition(user: User | None, status: str, lead: bool | None = None) -> ColumnElement[bool]:
    """The SQL twin of status_seen_by, for a list filtered by state: a coordinating agency finds an item under
    the state it sees, so a filter cannot tell it what the lead agency is doing inside. `lead` True or False:
    the rows are known to be the agency's own or only coordinated ones (visible_parts), and the condition stays
    one the part's index answers."""
    from app.models import Petition

    plain = Petition.status == status
    if not (_active(user) and _is_agency(user)) or lead is True:
        return plain
    if status in AGENCY_INTERNAL_STATES:
        seen = false()
    elif status == "transferred":
        seen = Petition.status.in_(sorted(AGENCY_INTERNAL_STATES | {status}))
    else:
        return plain
    if lead is False:
        return seen
    own = Petition.lead_agency_id == user.agency_id
    return (own & plain) | (~own & seen)


def seen_as_transferred(user: User | None) -> ColumnElement[bool]:
    """The items status_seen_by shows this user as transferred while they are not (for an export's rows)."""
    from app.models import Petition

    if not (_active(user) and _is_agency(user)):
        return false()
    return Petition.status.in_(sorted(AGENCY_INTERNAL_STATES)) & (Petition.lead_agency_id != user.agency_id)


def can_download(user: User | None, attachment: Attachment, petition: Petition | None,
                 answer: Answer | None = None) -> bool:
    """A file follows what it is attached to: the petition (and its answer, if any), or a meeting's minutes."""
    if attachment.petition_id is None:
        return allows(user, "read_intake")
    if petition is None:
        return False
    if answer is not None:
        return can_see_answer(user, petition, answer)
    return can_view(user, petition)


# --- Everything else ------------------------------------------------------------------------------

def can_administer(user: User | None) -> bool:
    return allows(user, "administer")


def can_view_operations(user: User | None) -> bool:
    """The operations page (job runs, e-mail outbox, reminder policy): administrators only."""
    return allows(user, "view_operations")


def can_see_voter_name(user: User | None) -> bool:
    return allows(user, "see_voter_name")


# What waits for each role's hand, in the states where the role has the next step to take: the desk lists these
# items and the agency inbox marks them (the leader decides an officer's draft answer and proposed return, and may
# draft too; the committee signs a transfer from the desk as from its board; the office re-routes what an agency
# returned).
WAITING_FOR: dict[str, tuple[str, ...]] = {
    "committee": ("awaiting_transfer", "answered", "on_roadmap"),
    "agency_officer": ("transferred", "reanswer_requested", "on_roadmap"),
    "agency_leader": ("transferred", "reanswer_requested", "answer_drafted", "return_proposed", "on_roadmap"),
    "clerk": ("returned",), "office_leader": ("returned",),
}


def waiting_for(user: User | None) -> tuple[str, ...]:
    """The states of the items that wait for this user's hand (none for an inactive account or another role)."""
    return WAITING_FOR.get(user.role, ()) if _active(user) else ()


def dashboard_group(user: User) -> str:
    """Which dashboard's tiles a user reads: the office's, the committee's, an agency's or the administrator's."""
    if user.role in OFFICE_ROLES:
        return "office"
    if _is_agency(user):
        return "agency"
    return "committee" if user.role == "committee" else "admin"


def dashboard_scope(user: User | None) -> str | None:
    """The materialised figures this user may read: their staff group's (the staff see every item) or their own
    agency's (`agency:<id>`). None: nothing stored fits (an inactive account, an agency user without an agency),
    and the figures are counted live over what the user may see."""
    if not _active(user):
        return None
    if _is_agency(user):
        return f"agency:{user.agency_id}" if user.agency_id else None
    return dashboard_group(user) if user.role in STAFF_ROLES else None


def report_agency(user: User, agency_id: int | None) -> int | None:
    """The agency a report may be about: an agency user only ever gets its own agency's figures."""
    if allows(user, "see_every_agency"):
        return agency_id
    if not _active(user) or (agency_id and agency_id != user.agency_id):
        raise PermissionDenied(N_("Cơ quan chỉ được xem báo cáo về cơ quan mình."))
    return user.agency_id


def report_kinds(user: User | None, kinds: dict[str, str]) -> dict[str, str]:
    """The report kinds this user may ask for (agencies get no compilation report)."""
    return {k: v for k, v in kinds.items() if k != "compilation" or allows(user, "read_compilation")}


def require_report_owner(user: User, owner_id: int) -> None:
    """A background report is delivered only to the person who asked for it."""
    if not _active(user) or user.id != owner_id:
        raise PermissionDenied(N_("Báo cáo này do người khác yêu cầu."))


def require_run_owner(user: User, owner_id: int) -> None:
    """A large import run in the background is shown only to the person who confirmed it."""
    if not _active(user) or user.id != owner_id:
        raise PermissionDenied(N_("Lượt nhập này do người khác thực hiện."))


def require_own_notice(user: User, notice: Notice | None) -> None:
    if notice is None:
        raise NotFound(N_("Không tìm thấy thông báo."))
    if not _active(user) or notice.recipient_id != user.id:
        raise PermissionDenied(N_("Thông báo này không phải của bạn."))
