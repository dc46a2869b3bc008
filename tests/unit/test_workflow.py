"""The petition lifecycle (workflows/petition.py): every transition, every refusal, the drawing."""

import gc
import re
import weakref
from datetime import date, datetime

import pytest

import workflows.petition as petition
from workflows.petition import (
    ACTIONS,
    OPEN_STATES,
    STATES,
    TERMINAL_STATES,
    Actor,
    Case,
    GuardFailed,
    IllegalTransition,
    WorkflowError,
    available_actions,
    fire,
    is_open,
    state_label,
    to_dot,
)
from workflows.vocabulary import RESULT_CATEGORIES, ROLES, SET_ASIDE_KINDS

AGENCY_ID = 7
OTHER_AGENCY_ID = 8
CASE_ID = 1

# One valid value per data key an action can need.
VALID: dict[str, object] = {
    "reason": "Cử tri phản ánh chưa được giải quyết thỏa đáng",
    "text": "Ủy ban nhân dân tỉnh đã chỉ đạo sửa chữa tuyến đường",
    "letter_number": "123/HĐND-VP",
    "receiving_body": "Ban Dân nguyện thuộc Ủy ban Thường vụ Quốc hội",
    "kind": "opinion",
    "field_id": 3,
    "lead_agency_id": AGENCY_ID,
    "merged_into_id": 99,
    "competence_level": "province",
    "letter_date": date(2026, 3, 2),
    "expected_date": date(2026, 12, 31),
    "result_category": "resolved",
    "percent": 50,
}
STRING_KEYS = frozenset(k for k, v in VALID.items() if isinstance(v, str))

# The Vietnamese label each missing key must be named by (kept in step with the code on purpose:
# a change of wording is a change the users see).
NEED_LABELS_VI = {
    "reason": "lý do",
    "kind": "loại (ý kiến, khiếu nại, tố cáo)",
    "field_id": "lĩnh vực",
    "competence_level": "thẩm quyền",
    "lead_agency_id": "cơ quan chủ trì",
    "letter_number": "số công văn",
    "letter_date": "ngày công văn",
    "receiving_body": "cơ quan nhận",
    "merged_into_id": "kiến nghị được giữ lại",
    "result_category": "kết quả giải quyết",
    "text": "nội dung",
    "expected_date": "thời hạn hoàn thành dự kiến",
    "percent": "tỷ lệ hoàn thành",
}

ALL_ROLES = sorted(ROLES)


def valid_data(action_name: str) -> dict[str, object]:
    return {key: VALID[key] for key in ACTIONS[action_name].needs}


def new_case(status: str) -> Case:
    return Case(status=status, id=CASE_ID, lead_agency_id=AGENCY_ID)


def permitted_actor(action_name: str) -> Actor:
    return Actor(sorted(ACTIONS[action_name].roles)[0], agency_id=AGENCY_ID, user_id=42)


def expected_dest(action_name: str, source: str) -> str:
    dest = ACTIONS[action_name].dest
    return source if dest is None else dest


def assert_refused(case: Case, action: str, actor: Actor | None, error: type, **data) -> str:
    before = case.status
    with pytest.raises(error) as info:
        fire(case, action, actor, **data)
    assert case.status == before
    assert isinstance(info.value, WorkflowError)
    assert info.value.message == str(info.value)
    assert info.value.message
    return info.value.message


ACTION_SOURCE_ROLE = [
    (name, source, role) for name, a in ACTIONS.items() for source in a.sources for role in sorted(a.roles)
    # an officer's own proposed return is the leader's to decide (test_officer_returns_only_where_allowed)
    if (name, source, role) != ("return_not_competent", "return_proposed", "agency_officer")
]
ILLEGAL_PAIRS = [(state, name) for state in STATES for name, a in ACTIONS.items() if state not in a.sources]
FORBIDDEN_ROLES = [(name, role) for name, a in ACTIONS.items() for role in ALL_ROLES if role not in a.roles]
LEAD_ONLY = [name for name, a in ACTIONS.items() if a.lead_agency_only]
NOT_LEAD_ONLY = [name for name, a in ACTIONS.items() if not a.lead_agency_only]
ACTION_NEED = [(name, key) for name, a in ACTIONS.items() for key in a.needs]
ACTION_STRING_NEED = [(name, key) for name, key in ACTION_NEED if key in STRING_KEYS]
WITH_CATEGORY = [name for name, a in ACTIONS.items() if "result_category" in a.needs]


# --- the table itself ---------------------------------------------------------------------


def test_the_test_data_covers_every_need():
    needed = {key for a in ACTIONS.values() for key in a.needs}
    assert needed <= set(VALID)
    assert needed <= set(NEED_LABELS_VI)
    assert needed <= set(petition._NEED_LABELS)


@pytest.mark.parametrize("key", sorted(NEED_LABELS_VI))
def test_need_labels_are_the_vietnamese_ones(key):
    vi, en = petition._NEED_LABELS[key]
    assert vi == NEED_LABELS_VI[key] and en and en != vi


def test_states_and_terminal_sets():
    assert list(STATES)[0] == "recorded"
    assert len(STATES) == 16
    terminal = {"closed", "merged", "answered_at_meeting", "forwarded", "set_aside", "withdrawn"}
    assert set(TERMINAL_STATES) == terminal
    assert set(OPEN_STATES) == set(STATES) - terminal
    assert not OPEN_STATES & TERMINAL_STATES
    assert STATES["recorded"][0] == "Mới cập nhật"
    assert STATES["transferred"][0] == "Đã chuyển cơ quan giải quyết"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_actions_are_well_formed(name):
    a = ACTIONS[name]
    assert a.name == name
    assert a.sources
    assert set(a.sources) <= OPEN_STATES, "no action may leave a terminal state"
    assert a.dest is None or a.dest in STATES
    assert a.roles and a.roles <= set(ROLES)
    assert a.label_vi and a.label_en


@pytest.mark.parametrize("state", sorted(OPEN_STATES))
def test_every_open_state_is_reachable(state):
    if state == "recorded":
        return
    assert any(a.dest == state for a in ACTIONS.values())


# --- 1. every action from every source succeeds ------------------------------------------------


@pytest.mark.parametrize(("name", "source", "role"), ACTION_SOURCE_ROLE)
def test_action_succeeds_from_each_source_for_each_permitted_role(name, source, role):
    case = new_case(source)
    actor = Actor(role, agency_id=AGENCY_ID, user_id=5)
    # Officers return directly only where the council's setting allows it (the service passes it).
    result = fire(case, name, actor, **valid_data(name), officer_may_return=True)
    assert result == expected_dest(name, source)
    assert case.status == expected_dest(name, source)


@pytest.mark.parametrize("source", sorted(OPEN_STATES))
def test_withdraw_from_every_open_state(source):
    for role in ("office_leader", "admin"):
        case = new_case(source)
        assert fire(case, "withdraw", Actor(role), reason="Cử tri rút kiến nghị") == "withdrawn"
        assert case.status == "withdrawn"


def test_report_progress_is_internal_and_accepts_bounds():
    case = new_case("on_roadmap")
    actor = Actor("agency_officer", agency_id=AGENCY_ID)
    for percent in (0, 1, 99, 100):
        assert fire(case, "report_progress", actor, percent=percent, text="Đã thi công") == "on_roadmap"
        assert case.status == "on_roadmap"


@pytest.mark.parametrize("category", sorted(RESULT_CATEGORIES))
@pytest.mark.parametrize("name", WITH_CATEGORY)
def test_every_result_category_is_accepted(name, category):
    source = ACTIONS[name].sources[0]
    case = new_case(source)
    data = valid_data(name) | {"result_category": category}
    if name == "mark_done" and category == "in_progress":
        # "Being resolved" does not close an item: confirming completion offers only closing results.
        assert "Đang giải quyết" in assert_refused(case, name, permitted_actor(name), GuardFailed, **data)
        return
    assert fire(case, name, permitted_actor(name), **data) == expected_dest(name, source)


@pytest.mark.parametrize("source", ["transferred", "reanswer_requested"])
def test_officer_returns_only_where_allowed(source):
    officer = Actor("agency_officer", agency_id=AGENCY_ID)
    leader = Actor("agency_leader", agency_id=AGENCY_ID)
    case = new_case(source)
    assert "lãnh đạo" in assert_refused(case, "return_not_competent", officer, GuardFailed, reason="Không thuộc")
    assert fire(case, "propose_return", officer, reason="Không thuộc") == "return_proposed"
    # Even where officers may return, the proposal waits for the leader, who returns it or sends it back.
    assert_refused(case, "return_not_competent", officer, GuardFailed, reason="Không thuộc", officer_may_return=True)
    assert fire(case, "send_back_draft", leader, reason="Thuộc Sở") == "transferred"
    assert fire(case, "propose_return", officer, reason="Không thuộc") == "return_proposed"
    assert fire(case, "return_not_competent", leader, reason="Không thuộc") == "returned"
    other = new_case(source)
    assert fire(other, "return_not_competent", officer, reason="Không thuộc", officer_may_return=True) == "returned"


@pytest.mark.parametrize("kind", sorted(SET_ASIDE_KINDS))
def test_every_set_aside_kind_is_accepted(kind):
    case = new_case("recorded")
    assert fire(case, "set_aside", Actor("clerk"), reason="Là khiếu nại", kind=kind) == "set_aside"


def test_extra_data_is_ignored():
    case = new_case("recorded")
    data = valid_data("classify") | {"note": "ghi chú", "coordinating_ids": [1, 2]}
    assert fire(case, "classify", Actor("clerk"), **data) == "classified"


@pytest.mark.parametrize("name", NOT_LEAD_ONLY)
def test_actions_not_reserved_to_the_lead_agency_ignore_the_agency(name):
    source = ACTIONS[name].sources[0]
    case = Case(status=source, id=CASE_ID, lead_agency_id=None)
    actor = Actor(sorted(ACTIONS[name].roles)[0], agency_id=None)
    assert fire(case, name, actor, **valid_data(name)) == expected_dest(name, source)


# --- 2. every illegal (state, action) pair ---------------------------------------------------


@pytest.mark.parametrize(("state", "name"), ILLEGAL_PAIRS)
def test_action_from_a_non_source_state_is_illegal(state, name):
    case = new_case(state)
    message = assert_refused(case, name, permitted_actor(name), IllegalTransition, **valid_data(name))
    assert ACTIONS[name].label_vi in message
    assert STATES[state][0] in message


def test_illegal_pairs_cover_the_whole_table():
    legal = sum(len(a.sources) for a in ACTIONS.values())
    assert len(ILLEGAL_PAIRS) + legal == len(STATES) * len(ACTIONS)


def test_illegal_state_is_checked_before_the_role():
    # A wrong role in a wrong state: the state is what the user is told about.
    case = new_case("closed")
    assert_refused(case, "classify", Actor("agency_officer"), IllegalTransition)


# --- 3. available actions ----------------------------------------------------------------------


@pytest.mark.parametrize("state", sorted(TERMINAL_STATES))
def test_terminal_states_have_no_actions(state):
    assert available_actions(state) == []
    assert not is_open(state)
    for name in ACTIONS:
        assert name not in available_actions(state)


@pytest.mark.parametrize("state", sorted(OPEN_STATES))
def test_open_states_have_actions_including_withdraw(state):
    actions = available_actions(state)
    assert actions
    assert "withdraw" in actions
    assert is_open(state)
    assert "withdraw" in available_actions(state)
    assert [n for n in actions if n != "withdraw"], "an open state needs a way forward"


@pytest.mark.parametrize("state", sorted(STATES))
def test_available_actions_match_the_table(state):
    expected = [name for name, a in ACTIONS.items() if state in a.sources]
    assert available_actions(state) == expected
    for name in ACTIONS:
        assert (name in available_actions(state)) == (name in expected)


def test_withdraw_sources_are_exactly_the_open_states():
    assert set(ACTIONS["withdraw"].sources) == OPEN_STATES


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("recorded", {"classify", "set_aside", "mark_answered_at_meeting", "merge", "withdraw"}),
        ("classified", {"set_aside", "merge", "submit_for_transfer", "forward", "withdraw"}),
        ("awaiting_transfer", {"transfer", "send_back", "withdraw"}),
        ("transferred", {"draft_answer", "propose_return", "return_not_competent", "withdraw"}),
        ("return_proposed", {"return_not_competent", "send_back_draft", "withdraw"}),
        ("answer_drafted", {"submit_answer", "send_back_draft", "withdraw"}),
        ("answered", {"accept", "accept_on_roadmap", "request_reanswer", "withdraw"}),
        ("reanswer_requested", {"draft_answer", "propose_return", "return_not_competent", "withdraw"}),
        ("on_roadmap", {"report_progress", "mark_done", "withdraw"}),
        ("returned", {"reroute", "withdraw"}),
    ],
)
def test_available_actions_per_state_as_designed(state, expected):
    assert set(available_actions(state)) == expected


def test_unknown_status_has_no_actions():
    assert available_actions("nowhere") == []
    assert "withdraw" not in available_actions("nowhere")
    assert "fly" not in available_actions("recorded")
    assert not is_open("nowhere")


# --- 4. guards -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "role"), FORBIDDEN_ROLES)
def test_forbidden_role_is_refused(name, role):
    source = ACTIONS[name].sources[0]
    case = new_case(source)
    message = assert_refused(case, name, Actor(role, agency_id=AGENCY_ID), GuardFailed, **valid_data(name))
    assert "Vai trò" in message
    assert ACTIONS[name].label_vi in message


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_no_actor_is_refused(name):
    case = new_case(ACTIONS[name].sources[0])
    message = assert_refused(case, name, None, GuardFailed, **valid_data(name))
    assert "Vai trò" in message


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_unknown_role_is_refused(name):
    case = new_case(ACTIONS[name].sources[0])
    assert_refused(case, name, Actor("voter", agency_id=AGENCY_ID), GuardFailed, **valid_data(name))


@pytest.mark.parametrize("agency_id", [OTHER_AGENCY_ID, None])
@pytest.mark.parametrize("name", LEAD_ONLY)
def test_lead_agency_only_actions_refuse_other_agencies(name, agency_id):
    for source in ACTIONS[name].sources:
        case = new_case(source)
        for role in sorted(ACTIONS[name].roles):
            message = assert_refused(
                case, name, Actor(role, agency_id=agency_id), GuardFailed, **valid_data(name)
            )
            assert message == "Chỉ cơ quan chủ trì mới được thực hiện thao tác này."


@pytest.mark.parametrize("name", LEAD_ONLY)
def test_lead_agency_only_actions_refuse_when_the_case_has_no_lead(name):
    case = Case(status=ACTIONS[name].sources[0], id=CASE_ID, lead_agency_id=None)
    assert_refused(case, name, permitted_actor(name), GuardFailed, **valid_data(name))
    assert_refused(case, name, Actor(sorted(ACTIONS[name].roles)[0]), GuardFailed, **valid_data(name))


def test_lead_agency_only_set():
    assert set(LEAD_ONLY) == {
        "draft_answer",
        "propose_return",
        "return_not_competent",
        "submit_answer",
        "send_back_draft",
        "report_progress",
    }


@pytest.mark.parametrize(("name", "key"), ACTION_NEED)
def test_missing_need_is_refused_and_named(name, key):
    case = new_case(ACTIONS[name].sources[0])
    data = valid_data(name)
    del data[key]
    message = assert_refused(case, name, permitted_actor(name), GuardFailed, **data)
    assert message.startswith("Thiếu thông tin bắt buộc:")
    assert NEED_LABELS_VI[key] in message


@pytest.mark.parametrize(("name", "key"), ACTION_NEED)
def test_none_need_is_refused_and_named(name, key):
    case = new_case(ACTIONS[name].sources[0])
    data = valid_data(name) | {key: None}
    message = assert_refused(case, name, permitted_actor(name), GuardFailed, **data)
    assert NEED_LABELS_VI[key] in message


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
@pytest.mark.parametrize(("name", "key"), ACTION_STRING_NEED)
def test_blank_string_need_is_refused_and_named(name, key, blank):
    case = new_case(ACTIONS[name].sources[0])
    data = valid_data(name) | {key: blank}
    message = assert_refused(case, name, permitted_actor(name), GuardFailed, **data)
    assert message.startswith("Thiếu thông tin bắt buộc:")
    assert NEED_LABELS_VI[key] in message


@pytest.mark.parametrize("name", [n for n, a in ACTIONS.items() if len(a.needs) > 1])
def test_all_missing_needs_are_named_together(name):
    case = new_case(ACTIONS[name].sources[0])
    message = assert_refused(case, name, permitted_actor(name), GuardFailed)
    for key in ACTIONS[name].needs:
        assert NEED_LABELS_VI[key] in message


@pytest.mark.parametrize("category", ["bogus", "Resolved", "closed", 1])
@pytest.mark.parametrize("name", WITH_CATEGORY)
def test_invalid_result_category_is_refused(name, category):
    case = new_case(ACTIONS[name].sources[0])
    data = valid_data(name) | {"result_category": category}
    message = assert_refused(case, name, permitted_actor(name), GuardFailed, **data)
    assert message == "Kết quả giải quyết không hợp lệ."


@pytest.mark.parametrize("kind", ["complain", "Opinion", "ý kiến", 3])
def test_set_aside_with_invalid_kind_is_refused(kind):
    for source in ACTIONS["set_aside"].sources:
        case = new_case(source)
        message = assert_refused(
            case, "set_aside", Actor("clerk"), GuardFailed, reason="Không phải kiến nghị", kind=kind
        )
        assert message == "Loại (ý kiến, khiếu nại, tố cáo) không hợp lệ."


@pytest.mark.parametrize("source", ACTIONS["merge"].sources)
def test_merge_into_itself_is_refused(source):
    case = new_case(source)
    message = assert_refused(case, "merge", Actor("office_leader"), GuardFailed, merged_into_id=CASE_ID)
    assert message == "Không thể gộp một kiến nghị vào chính nó."
    assert fire(case, "merge", Actor("office_leader"), merged_into_id=CASE_ID + 1) == "merged"


@pytest.mark.parametrize("expected_date", ["2026-12-31", 20261231, "31/12/2026"])
def test_accept_on_roadmap_needs_a_real_date(expected_date):
    case = new_case("answered")
    message = assert_refused(
        case, "accept_on_roadmap", Actor("committee"), GuardFailed, expected_date=expected_date
    )
    assert message == "Thời hạn hoàn thành dự kiến phải là một ngày."


def test_accept_on_roadmap_takes_a_datetime_as_a_date():
    case = new_case("answered")
    assert (
        fire(case, "accept_on_roadmap", Actor("committee"), expected_date=datetime(2026, 12, 31, 8, 0))
        == "on_roadmap"
    )


@pytest.mark.parametrize("percent", [-1, 101, 1000, "50", 50.0])
def test_report_progress_percent_out_of_range_or_not_int(percent):
    case = new_case("on_roadmap")
    message = assert_refused(
        case,
        "report_progress",
        Actor("agency_officer", agency_id=AGENCY_ID),
        GuardFailed,
        percent=percent,
        text="Tiến độ",
    )
    assert message == "Tỷ lệ hoàn thành phải từ 0 đến 100."


def test_report_progress_refuses_a_bool_percent():
    # isinstance(True, int) is True: a checkbox value must not pass as 1%.
    case = new_case("on_roadmap")
    with pytest.raises(GuardFailed):
        fire(
            case,
            "report_progress",
            Actor("agency_officer", agency_id=AGENCY_ID),
            percent=True,
            text="Tiến độ",
        )


def test_role_is_checked_before_the_data():
    case = new_case("recorded")
    message = assert_refused(case, "classify", Actor("committee"), GuardFailed)
    assert "Vai trò" in message


def test_lead_agency_is_checked_before_the_data():
    case = new_case("transferred")
    message = assert_refused(
        case, "draft_answer", Actor("agency_officer", agency_id=OTHER_AGENCY_ID), GuardFailed
    )
    assert message == "Chỉ cơ quan chủ trì mới được thực hiện thao tác này."


# --- 5. domain rules from the issue ------------------------------------------------------------


@pytest.mark.parametrize("source", ["recorded", "classified"])
def test_only_the_office_leader_merges(source):
    case = new_case(source)
    assert_refused(case, "merge", Actor("clerk"), GuardFailed, merged_into_id=99)
    assert_refused(case, "merge", Actor("admin"), GuardFailed, merged_into_id=99)
    assert fire(case, "merge", Actor("office_leader"), merged_into_id=99) == "merged"


def test_only_the_agency_leader_submits_the_answer():
    case = new_case("answer_drafted")
    assert_refused(case, "submit_answer", Actor("agency_officer", agency_id=AGENCY_ID), GuardFailed)
    assert_refused(
        case, "send_back_draft", Actor("agency_officer", agency_id=AGENCY_ID), GuardFailed, reason="Sửa lại"
    )
    assert fire(case, "submit_answer", Actor("agency_leader", agency_id=AGENCY_ID)) == "answered"


@pytest.mark.parametrize("source", ["transferred", "reanswer_requested"])
def test_an_answer_needs_a_result_category(source):
    case = new_case(source)
    message = assert_refused(
        case,
        "draft_answer",
        Actor("agency_officer", agency_id=AGENCY_ID),
        GuardFailed,
        text="Nội dung trả lời",
    )
    assert "kết quả giải quyết" in message


@pytest.mark.parametrize("name", ["accept", "mark_done"])
def test_closing_needs_a_result_category(name):
    case = new_case(ACTIONS[name].sources[0])
    message = assert_refused(case, name, Actor("committee"), GuardFailed)
    assert "kết quả giải quyết" in message


def test_a_roadmap_needs_an_expected_date():
    case = new_case("answered")
    message = assert_refused(case, "accept_on_roadmap", Actor("committee"), GuardFailed)
    assert "thời hạn hoàn thành dự kiến" in message


@pytest.mark.parametrize(
    ("name", "source", "actor"),
    [
        ("propose_return", "transferred", Actor("agency_officer", agency_id=AGENCY_ID)),
        ("return_not_competent", "reanswer_requested", Actor("agency_leader", agency_id=AGENCY_ID)),
        ("request_reanswer", "answered", Actor("committee")),
        ("send_back", "awaiting_transfer", Actor("committee")),
        ("send_back_draft", "answer_drafted", Actor("agency_leader", agency_id=AGENCY_ID)),
        ("withdraw", "transferred", Actor("admin")),
        ("set_aside", "recorded", Actor("clerk")),
        ("mark_answered_at_meeting", "recorded", Actor("clerk")),
    ],
)
def test_returns_and_requests_need_a_reason(name, source, actor):
    case = new_case(source)
    data = valid_data(name)
    del data["reason"]
    message = assert_refused(case, name, actor, GuardFailed, **data)
    assert "lý do" in message
    assert_refused(case, name, actor, GuardFailed, **data, reason="  ")
    assert fire(case, name, actor, **data, reason="Không đúng thẩm quyền") == ACTIONS[name].dest


@pytest.mark.parametrize("name", ["draft_answer", "return_not_competent", "submit_answer", "send_back_draft"])
def test_only_the_lead_agency_answers(name):
    source = ACTIONS[name].sources[0]
    role = "agency_leader"
    case = new_case(source)
    assert_refused(case, name, Actor(role, agency_id=OTHER_AGENCY_ID), GuardFailed, **valid_data(name))
    assert fire(case, name, Actor(role, agency_id=AGENCY_ID), **valid_data(name)) == ACTIONS[name].dest


def test_office_cannot_answer_for_the_agency():
    case = new_case("transferred")
    for role in ("clerk", "office_leader", "committee", "admin"):
        assert_refused(
            case, "draft_answer", Actor(role, agency_id=AGENCY_ID), GuardFailed, **valid_data("draft_answer")
        )


def test_only_the_committee_transfers_and_judges():
    for name in ("transfer", "send_back", "accept", "accept_on_roadmap", "request_reanswer", "mark_done"):
        assert ACTIONS[name].roles == {"committee"}


def test_only_office_leader_and_admin_withdraw():
    assert ACTIONS["withdraw"].roles == {"office_leader", "admin"}
    case = new_case("recorded")
    assert_refused(case, "withdraw", Actor("clerk"), GuardFailed, reason="Rút")
    assert_refused(case, "withdraw", Actor("committee"), GuardFailed, reason="Rút")


# --- 6. the shared machine keeps no models ----------------------------------------------------


def _released(*refs: weakref.ref) -> bool:
    """True when nothing (the shared machine above all) still holds the cases these references point to."""
    gc.collect()
    return all(ref() is None for ref in refs)


def _fire_every_action(seen: list[weakref.ref]) -> int:
    """Fire every action from every state, allowed and refused, 20 times; each case is remembered only weakly."""
    fired = 0

    def case_in(status: str) -> Case:
        nonlocal fired
        case = new_case(status) if status in STATES else Case(status=status)
        seen.append(weakref.ref(case))
        fired += 1
        return case

    for _ in range(20):
        for name, a in ACTIONS.items():
            for source in a.sources:
                fire(case_in(source), name, permitted_actor(name), **valid_data(name))
                with pytest.raises(GuardFailed):
                    fire(case_in(source), name, Actor("voter"), **valid_data(name))
                if a.needs:
                    with pytest.raises(GuardFailed):
                        fire(case_in(source), name, permitted_actor(name))
            for state in TERMINAL_STATES:
                with pytest.raises(IllegalTransition):
                    fire(case_in(state), name, permitted_actor(name), **valid_data(name))
        with pytest.raises(IllegalTransition):
            fire(case_in("recorded"), "fly", Actor("admin"))
        with pytest.raises(IllegalTransition):
            fire(case_in("nowhere"), "withdraw", Actor("admin"), reason="x")
    return fired


def test_the_machine_does_not_leak_models():
    """The one shared machine holds a case only while firing it: once the caller lets go, nothing keeps it alive
    (a job process moving thousands of items would otherwise keep every one it ever moved)."""
    seen: list[weakref.ref] = []
    assert _fire_every_action(seen) > 1000
    assert _released(*seen)


def test_the_same_case_can_be_fired_repeatedly():
    # Re-adding a case already bound once must still move it correctly.
    case = new_case("answered")
    assert fire(case, "accept_on_roadmap", Actor("committee"), expected_date=date(2026, 6, 1)) == "on_roadmap"
    officer = Actor("agency_officer", agency_id=AGENCY_ID)
    for percent in (10, 20, 30):
        assert fire(case, "report_progress", officer, percent=percent, text="Tiến độ") == "on_roadmap"
    with pytest.raises(GuardFailed):
        fire(case, "report_progress", officer, percent=-5, text="Tiến độ")
    assert fire(case, "mark_done", Actor("committee"), result_category="resolved") == "closed"
    ref = weakref.ref(case)
    del case
    assert _released(ref)


def test_equal_cases_are_independent():
    # Case is a dataclass with value equality: two equal cases must still move separately.
    first, second = new_case("recorded"), new_case("recorded")
    assert first == second
    fire(first, "classify", Actor("clerk"), **valid_data("classify"))
    assert first.status == "classified"
    assert second.status == "recorded"
    fire(second, "withdraw", Actor("admin"), reason="Rút")
    assert (first.status, second.status) == ("classified", "withdrawn")
    refs = weakref.ref(first), weakref.ref(second)
    del first, second
    assert _released(*refs)


# --- 7. unknown actions and states -----------------------------------------------------------


@pytest.mark.parametrize("name", ["fly", "", "Classify", "to_closed", "trigger", "is_recorded"])
def test_unknown_action_is_illegal(name):
    case = new_case("recorded")
    message = assert_refused(case, name, Actor("admin"), IllegalTransition)
    assert "Thao tác không tồn tại" in message


@pytest.mark.parametrize("status", ["nowhere", "", "Recorded", "RECORDED"])
def test_unknown_status_is_illegal(status):
    case = Case(status=status, id=CASE_ID, lead_agency_id=AGENCY_ID)
    message = assert_refused(case, "withdraw", Actor("admin"), IllegalTransition, reason="Rút")
    assert "Trạng thái không hợp lệ" in message
    assert case.status == status


def test_no_auto_transitions():
    case = new_case("recorded")
    assert_refused(case, "to_closed", Actor("admin"), IllegalTransition)
    assert not hasattr(case, "to_closed") or case.status == "recorded"


# --- 8. the drawing ----------------------------------------------------------------------------


EDGE = re.compile(r"^\s*(\w+)\s*->\s*(\w+)\s*\[", re.MULTILINE)
NODE = re.compile(r"^\s*(\w+)\s*\[label=", re.MULTILINE)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dot_structure(lang):
    dot = to_dot(lang)
    assert dot.startswith("digraph")
    assert dot.rstrip().endswith("}")
    assert dot.count("{") == dot.count("}")
    assert dot.count('"') % 2 == 0
    nodes = set(NODE.findall(dot))
    assert set(STATES) <= nodes
    edges = set(EDGE.findall(dot))
    for name, a in ACTIONS.items():
        if name == "withdraw":
            continue
        for source in a.sources:
            assert (source, expected_dest(name, source)) in edges, (name, source)
    for src, dest in edges:
        assert src in STATES or src == "any_open"
        assert dest in STATES
    assert ("any_open", "withdrawn") in edges


@pytest.mark.parametrize("state", sorted(STATES))
def test_dot_labels_states_in_each_language(state):
    vi, en = to_dot("vi"), to_dot("en")
    assert re.search(rf'^\s*{state} \[label="{re.escape(STATES[state][0])}"', vi, re.MULTILINE)
    assert re.search(rf'^\s*{state} \[label="{re.escape(STATES[state][1])}"', en, re.MULTILINE)


def test_dot_languages_differ():
    vi, en = to_dot("vi"), to_dot("en")
    assert "Mới cập nhật" in vi
    assert "Đã chuyển cơ quan giải quyết" in vi
    assert "Recorded" in en
    assert "Transferred to the agency" in en
    assert "Mới cập nhật" not in en
    assert "Transferred to the agency" not in vi
    for a in ACTIONS.values():
        assert f'"{a.label_vi}"' in vi
        assert f'"{a.label_en}"' in en


def test_dot_marks_terminal_states():
    dot = to_dot("vi")
    for state in STATES:
        line = next(ln for ln in dot.splitlines() if ln.strip().startswith(f"{state} [label="))
        assert ("peripheries=2" in line) == (state in TERMINAL_STATES)


def test_dot_default_is_vietnamese():
    assert to_dot() == to_dot("vi")


@pytest.mark.parametrize("state", sorted(STATES))
def test_state_label(state):
    assert state_label(state) == STATES[state][0]
    assert state_label(state, "vi") == STATES[state][0]
    assert state_label(state, "en") == STATES[state][1]


def test_state_label_of_unknown_status_is_the_status():
    assert state_label("nowhere") == "nowhere"


# --- 9. whole journeys ---------------------------------------------------------------------------


def test_full_happy_path():
    case = Case(status="recorded", id=CASE_ID)
    clerk = Actor("clerk", user_id=1)
    committee = Actor("committee", user_id=2)
    officer = Actor("agency_officer", agency_id=AGENCY_ID, user_id=3)
    leader = Actor("agency_leader", agency_id=AGENCY_ID, user_id=4)
    answer = {"result_category": "in_progress", "text": "Đang lập dự án sửa đường"}

    steps = [
        ("classify", clerk, {"field_id": 3, "competence_level": "province"}, "classified"),
        ("submit_for_transfer", clerk, {"field_id": 3, "lead_agency_id": AGENCY_ID}, "awaiting_transfer"),
        (
            "transfer",
            committee,
            {"lead_agency_id": AGENCY_ID, "letter_number": "45/HĐND-VP", "letter_date": date(2026, 3, 2)},
            "transferred",
        ),
    ]
    for name, actor, data, dest in steps:
        assert fire(case, name, actor, **data) == dest
        assert case.status == dest

    # The service records the lead agency on the petition when it transfers.
    with pytest.raises(GuardFailed):
        fire(case, "draft_answer", officer, **answer)
    case.lead_agency_id = AGENCY_ID

    steps = [
        ("draft_answer", officer, answer, "answer_drafted"),
        ("send_back_draft", leader, {"reason": "Bổ sung số liệu"}, "transferred"),
        ("draft_answer", officer, answer, "answer_drafted"),
        ("submit_answer", leader, {}, "answered"),
        ("request_reanswer", committee, {"reason": "Chưa nêu thời hạn"}, "reanswer_requested"),
        ("draft_answer", officer, answer, "answer_drafted"),
        ("submit_answer", leader, {}, "answered"),
        ("accept_on_roadmap", committee, {"expected_date": date(2026, 12, 31)}, "on_roadmap"),
        ("report_progress", officer, {"percent": 60, "text": "Đã thi công 60%"}, "on_roadmap"),
        ("mark_done", committee, {"result_category": "resolved"}, "closed"),
    ]
    for name, actor, data, dest in steps:
        assert fire(case, name, actor, **data) == dest, name
        assert case.status == dest
    assert available_actions(case.status) == []
    with pytest.raises(IllegalTransition):
        fire(case, "withdraw", Actor("admin"), reason="Rút")
    assert case.status == "closed"
    ref = weakref.ref(case)
    del case
    assert _released(ref)


@pytest.mark.parametrize("returned_from", ["transferred", "reanswer_requested"])
def test_return_not_competent_and_reroute(returned_from):
    case = Case(status="recorded", id=CASE_ID, lead_agency_id=AGENCY_ID)
    clerk = Actor("clerk")
    committee = Actor("committee")
    officer = Actor("agency_officer", agency_id=AGENCY_ID)
    leader = Actor("agency_leader", agency_id=AGENCY_ID)
    fire(case, "classify", clerk, field_id=3, competence_level="province")
    fire(case, "submit_for_transfer", clerk, field_id=3, lead_agency_id=AGENCY_ID)
    fire(
        case,
        "transfer",
        committee,
        lead_agency_id=AGENCY_ID,
        letter_number="1/VP",
        letter_date=date(2026, 1, 5),
    )
    assert case.status == "transferred"
    if returned_from == "reanswer_requested":
        fire(case, "draft_answer", officer, result_category="explained", text="Giải trình")
        fire(case, "submit_answer", leader)
        fire(case, "request_reanswer", committee, reason="Chưa rõ")
        assert case.status == "reanswer_requested"
    assert fire(case, "propose_return", officer, reason="Thuộc thẩm quyền Trung ương") == "return_proposed"
    assert fire(case, "return_not_competent", leader, reason="Thuộc thẩm quyền Trung ương") == "returned"
    assert available_actions("returned") == ["reroute", "withdraw"]
    assert_refused(case, "reroute", committee, GuardFailed)
    assert fire(case, "reroute", Actor("office_leader")) == "classified"
    # Back in the office: it can go out again, this time to the right level.
    assert fire(case, "forward", clerk, receiving_body="Ban Dân nguyện", letter_number="7/VP") == "forwarded"
    assert available_actions(case.status) == []


def test_send_back_from_the_committee_returns_to_classified():
    case = new_case("classified")
    fire(case, "submit_for_transfer", Actor("clerk"), field_id=3, lead_agency_id=AGENCY_ID)
    assert fire(case, "send_back", Actor("committee"), reason="Sai cơ quan") == "classified"
    assert (
        fire(case, "submit_for_transfer", Actor("office_leader"), field_id=4, lead_agency_id=OTHER_AGENCY_ID)
        == "awaiting_transfer"
    )


@pytest.mark.parametrize(
    ("name", "data", "dest"),
    [
        ("set_aside", {"reason": "Là tố cáo", "kind": "denunciation"}, "set_aside"),
        ("mark_answered_at_meeting", {"reason": "Đã trả lời tại hội nghị"}, "answered_at_meeting"),
        ("merge", {"merged_into_id": 2}, "merged"),
    ],
)
def test_terminal_exits_from_recorded(name, data, dest):
    case = new_case("recorded")
    actor = Actor("office_leader")
    assert fire(case, name, actor, **data) == dest
    assert dest in TERMINAL_STATES
    assert_refused(case, "classify", actor, IllegalTransition, field_id=3, competence_level="province")


@pytest.mark.parametrize("letter_date", ["20/11/2026", 20261120])
def test_transfer_needs_a_real_letter_date(letter_date):
    case = new_case("awaiting_transfer")
    message = assert_refused(case, "transfer", Actor("committee"), GuardFailed, lead_agency_id=AGENCY_ID,
                             letter_number="125/HĐND-VP", letter_date=letter_date)
    assert "Ngày công văn" in message


# --- refusals in the reader's language -----------------------------------------------------


def _english():
    from pathlib import Path

    from babel.support import Translations

    return Translations.load(str(Path(__file__).resolve().parents[2] / "app" / "translations"), ["en"])


def test_refusals_render_in_english_with_english_labels():
    from workflows.messages import fill

    case = Case(status="closed", id=1, lead_agency_id=AGENCY_ID)
    with pytest.raises(IllegalTransition) as info:
        fire(case, "accept", permitted_actor("accept"), **valid_data("accept"))
    exc = info.value
    # Vietnamese is the default rendering (CLI, logs); English comes from the catalog and the labels' pairs.
    assert exc.message == f"Không thể “{ACTIONS['accept'].label_vi}” khi kiến nghị đang ở trạng thái “{STATES['closed'][0]}”."
    english = fill(exc.template, exc.params, "en", _english().gettext)
    assert english == f"Cannot “{ACTIONS['accept'].label_en}” while the recommendation is “{STATES['closed'][1]}”."

    case = Case(status="answered", id=1, lead_agency_id=AGENCY_ID)
    with pytest.raises(GuardFailed) as info:
        fire(case, "request_reanswer", permitted_actor("request_reanswer"), reason="  ")
    english = fill(info.value.template, info.value.params, "en", _english().gettext)
    assert english == "Required information missing: reason."


def test_fill_leaves_a_template_without_parameters_alone():
    from workflows.messages import fill

    assert fill("Tỷ lệ 100%", {}) == "Tỷ lệ 100%"
    assert fill("%(a)s và %(b)s", {"a": ("một", "one"), "b": 2}, "en") == "one và 2"
