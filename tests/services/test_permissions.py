"""The permissions module: role x state x agency, and its SQL twin agreeing with it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app import permissions
from app.extensions import db
from app.models import Petition
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
