"""The permissions module: role x state x agency, and its SQL twin agreeing with it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app import permissions
from app.extensions import db
from app.models import Petition
from app.services.errors import PermissionDenied
from workflows.petition import ACTIONS

ROLES = ["clerk", "office_leader", "committee", "agency_officer", "agency_leader", "admin"]


@pytest.fixture
def world(build):
    """Petitions in several states for the lead agency (Sở Xây dựng) and one for another agency."""
    items = {state: build.petition(state) for state in
             ("recorded", "classified", "awaiting_transfer", "transferred", "answer_drafted", "answered",
              "on_roadmap", "closed")}
    items["elsewhere"] = build.petition("transferred", agency=build.commune)
    users = {role: build.user(role) for role in ROLES}
    users["other_officer"] = build.user("agency_officer", build.commune)
    users["coordinating_officer"] = build.user("agency_officer", build.other_agency)
    return items, users


def test_agencies_see_only_their_transferred_items(world):
    items, users = world
    officer = users["agency_officer"]
    assert not permissions.can_view(officer, items["recorded"])  # still with the office
    assert not permissions.can_view(officer, items["awaiting_transfer"])
    assert permissions.can_view(officer, items["transferred"])
    assert not permissions.can_view(officer, items["elsewhere"])
    assert permissions.can_view(users["other_officer"], items["elsewhere"])
    # Coordinating agencies see the item too (they contribute to the answer) but cannot answer.
    assert permissions.can_view(users["coordinating_officer"], items["transferred"])
    assert not permissions.can(users["coordinating_officer"], "draft_answer", items["transferred"])


@pytest.mark.parametrize("role", ROLES + ["other_officer", "coordinating_officer"])
def test_sql_visibility_agrees_with_can_view(world, role):
    items, users = world
    user = users[role]
    visible = set(db.session.scalars(select(Petition.id).where(permissions.visible_filter(user))))
    expected = {p.id for p in db.session.scalars(select(Petition)) if permissions.can_view(user, p)}
    assert visible == expected
    if role in ("clerk", "committee"):
        assert len(visible) == len(items)


def test_action_matrix_follows_the_lifecycle_table(world):
    items, users = world
    for state, petition in items.items():
        for role in ROLES:
            for action, spec in ACTIONS.items():
                allowed = permissions.can(users[role], action, petition)
                lead_ok = not spec.lead_agency_only or users[role].agency_id == petition.lead_agency_id
                expected = role in spec.roles and petition.status in spec.sources and lead_ok
                if action == "return_not_competent" and role == "agency_officer":
                    expected = False  # through the leader unless AGENCY_OFFICER_MAY_RETURN (off by default)
                assert allowed == expected, (state, role, action)


def test_allowed_actions_are_the_buttons(world):
    items, users = world
    assert permissions.allowed_actions(users["committee"], items["awaiting_transfer"]) == ["transfer", "send_back"]
    assert permissions.allowed_actions(users["agency_leader"], items["answer_drafted"]) == [
        "submit_answer", "send_back_draft"]
    assert permissions.allowed_actions(users["agency_officer"], items["answer_drafted"]) == []
    assert "withdraw" in permissions.allowed_actions(users["office_leader"], items["recorded"])
    assert permissions.allowed_actions(users["clerk"], items["closed"]) == []


def test_deactivated_users_can_do_nothing(world):
    items, users = world
    clerk = users["clerk"]
    clerk.active = False
    assert not permissions.can_view(clerk, items["recorded"])
    assert not permissions.can(clerk, "classify", items["recorded"])
    assert not permissions.allows(clerk, "record")


def test_voter_names_are_for_office_and_committees(world):
    _, users = world
    assert permissions.can_see_voter_name(users["clerk"])
    assert not permissions.can_see_voter_name(users["agency_officer"])


# --- Who may fire a lifecycle action: decided here only (the lifecycle's machine checks no roles) ------------------

def _refusal(user, action, petition, **kwargs) -> str:
    with pytest.raises(PermissionDenied) as info:
        permissions.require_action(user, action, petition, **kwargs)
    return info.value.message


def test_roles_outside_an_action_may_never_take_it(world):
    items, users = world
    for action, spec in ACTIONS.items():
        petition = items["transferred"]  # any item: a role that may never is refused whatever the state
        for role in ROLES:
            if role not in spec.roles:
                assert not permissions.can(users[role], action, petition, check_state=False), (action, role)
                assert "không có quyền" in _refusal(users[role], action, petition), (action, role)


def test_only_the_lead_agency_takes_its_steps(world, build):
    items, users = world
    no_lead = build.petition("transferred")
    no_lead.lead_agency_id = None
    # Another agency's officer and leader, and the agency that only coordinates the item.
    strangers = (users["other_officer"], build.user("agency_leader", build.commune), users["coordinating_officer"])
    for action, spec in ACTIONS.items():
        if not spec.lead_agency_only:
            continue
        for user in strangers:
            if user.role in spec.roles:
                assert _refusal(user, action, items["transferred"]) == (
                    "Chỉ cơ quan chủ trì mới được thực hiện thao tác này."), (action, user.role)
        assert not permissions.can(users["agency_leader"], action, no_lead, check_state=False)
    assert permissions.can(users["agency_officer"], "draft_answer", items["transferred"])


def test_the_lifecycle_roles_named_by_the_council(world):
    items, users = world
    for role in ("clerk", "admin"):
        assert not permissions.can(users[role], "merge", items["classified"])
    assert permissions.can(users["office_leader"], "merge", items["classified"])
    for action in ("submit_answer", "send_back_draft"):
        assert not permissions.can(users["agency_officer"], action, items["answer_drafted"])
        assert permissions.can(users["agency_leader"], action, items["answer_drafted"])
    for role in ("clerk", "office_leader", "committee", "admin"):
        assert not permissions.can(users[role], "draft_answer", items["transferred"])
    for role in ("clerk", "committee"):
        assert not permissions.can(users[role], "withdraw", items["recorded"])
    assert not permissions.can(users["committee"], "reroute", build_returned(items))


def build_returned(items):
    """The returned state without a fixture of its own: an item moved there only in memory."""
    petition = items["transferred"]
    petition.status = "returned"
    return petition


def test_an_officer_returns_only_where_the_council_allows_and_never_a_proposal(world, db_app):
    items, users = world
    officer, leader, item = users["agency_officer"], users["agency_leader"], items["transferred"]
    assert "lãnh đạo" in _refusal(officer, "return_not_competent", item)  # the setting is off by default
    assert permissions.can(leader, "return_not_competent", item)
    db_app.config["AGENCY_OFFICER_MAY_RETURN"] = True
    try:
        assert permissions.can(officer, "return_not_competent", item)
        item.status = "return_proposed"
        # The proposal is the leader's to decide: refused as the item stands, though the role may return at all.
        assert not permissions.can(officer, "return_not_competent", item)
        assert permissions.can(officer, "return_not_competent", item, check_state=False)
        assert "lãnh đạo" in _refusal(officer, "return_not_competent", item, as_it_stands=True)
        assert permissions.can(leader, "return_not_competent", item)
    finally:
        db_app.config["AGENCY_OFFICER_MAY_RETURN"] = False
