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

def valid_data(action_name: str) -> dict[str, object]:
    return {key: VALID[key] for key in ACTIONS[action_name].needs}


def new_case(status: str) -> Case:
    return Case(status=status, id=CASE_ID)


def expected_dest(action_name: str, source: str) -> str:
    dest = ACTIONS[action_name].dest
    return source if dest is None else dest


def assert_refused(case: Case, action: str, error: type, **data) -> str:
    before = case.status
    with pytest.raises(error) as info:
        fire(case, action, **data)
    assert case.status == before
    assert isinstance(info.value, WorkflowError)
    assert info.value.message == str(info.value)
    assert info.value.message
    return info.value.message


# Who may fire each action is app/permissions.py's decision (tests/services/test_permissions.py): the machine
# checks the states and the data only.
ACTION_SOURCE = [(name, source) for name, a in ACTIONS.items() for source in a.sources]
ILLEGAL_PAIRS = [(state, name) for state in STATES for name, a in ACTIONS.items() if state not in a.sources]
LEAD_ONLY = [name for name, a in ACTIONS.items() if a.lead_agency_only]
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


@pytest.mark.parametrize(("name", "source"), ACTION_SOURCE)
def test_action_succeeds_from_each_source(name, source):
    case = new_case(source)
    result = fire(case, name, **valid_data(name))
    assert result == expected_dest(name, source)
    assert case.status == expected_dest(name, source)


@pytest.mark.parametrize("source", sorted(OPEN_STATES))
def test_withdraw_from_every_open_state(source):
    for _ in range(2):  # a second time from a fresh case: the shared machine keeps nothing of the first
        case = new_case(source)
        assert fire(case, "withdraw", reason="Cử tri rút kiến nghị") == "withdrawn"
        assert case.status == "withdrawn"


def test_report_progress_is_internal_and_accepts_bounds():
    case = new_case("on_roadmap")
    for percent in (0, 1, 99, 100):
        assert fire(case, "report_progress", percent=percent, text="Đã thi công") == "on_roadmap"
        assert case.status == "on_roadmap"


@pytest.mark.parametrize("category", sorted(RESULT_CATEGORIES))
@pytest.mark.parametrize("name", WITH_CATEGORY)
def test_every_result_category_is_accepted(name, category):
    source = ACTIONS[name].sources[0]
    case = new_case(source)
    data = valid_data(name) | {"result_category": category}
    if name in ("mark_done", "accept") and category == "in_progress":
        # "Being resolved" does not close an item: neither confirming completion nor accepting such an answer.
        assert "Đang giải quyết" in assert_refused(case, name, GuardFailed, **data)
        return
    assert fire(case, name, **data) == expected_dest(name, source)


@pytest.mark.parametrize("kind", sorted(SET_ASIDE_KINDS))
def test_every_set_aside_kind_is_accepted(kind):
    case = new_case("recorded")
    assert fire(case, "set_aside", reason="Là khiếu nại", kind=kind) == "set_aside"


def test_extra_data_is_ignored():
    case = new_case("recorded")
    data = valid_data("classify") | {"note": "ghi chú", "coordinating_ids": [1, 2]}
    assert fire(case, "classify", **data) == "classified"


# --- 2. every illegal (state, action) pair ---------------------------------------------------


@pytest.mark.parametrize(("state", "name"), ILLEGAL_PAIRS)
def test_action_from_a_non_source_state_is_illegal(state, name):
    case = new_case(state)
    message = assert_refused(case, name, IllegalTransition, **valid_data(name))
    assert ACTIONS[name].label_vi in message
    assert STATES[state][0] in message


def test_illegal_pairs_cover_the_whole_table():
    legal = sum(len(a.sources) for a in ACTIONS.values())
    assert len(ILLEGAL_PAIRS) + legal == len(STATES) * len(ACTIONS)


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
    message = assert_refused(case, name, GuardFailed, **data)
    assert message.startswith("Thiếu thông tin bắt buộc:")
    assert NEED_LABELS_VI[key] in message


@pytest.mark.parametrize(("name", "key"), ACTION_NEED)
def test_none_need_is_refused_and_named(name, key):
    case = new_case(ACTIONS[name].sources[0])
    data = valid_data(name) | {key: None}
    message = assert_refused(case, name, GuardFailed, **data)
    assert NEED_LABELS_VI[key] in message


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
@pytest.mark.parametrize(("name", "key"), ACTION_STRING_NEED)
def test_blank_string_need_is_refused_and_named(name, key, blank):
    case = new_case(ACTIONS[name].sources[0])
    data = valid_data(name) | {key: blank}
    message = assert_refused(case, name, GuardFailed, **data)
    assert message.startswith("Thiếu thông tin bắt buộc:")
    assert NEED_LABELS_VI[key] in message


@pytest.mark.parametrize("name", [n for n, a in ACTIONS.items() if len(a.needs) > 1])
def test_all_missing_needs_are_named_together(name):
    case = new_case(ACTIONS[name].sources[0])
    message = assert_refused(case, name, GuardFailed)
    for key in ACTIONS[name].needs:
        assert NEED_LABELS_VI[key] in message


@pytest.mark.parametrize("category", ["bogus", "Resolved", "closed", 1])
@pytest.mark.parametrize("name", WITH_CATEGORY)
def test_invalid_result_category_is_refused(name, category):
    case = new_case(ACTIONS[name].sources[0])
    data = valid_data(name) | {"result_category": category}
    message = assert_refused(case, name, GuardFailed, **data)
    assert message == "Kết quả giải quyết không hợp lệ."


@pytest.mark.parametrize("kind", ["complain", "Opinion", "ý kiến", 3])
def test_set_aside_with_invalid_kind_is_refused(kind):
    for source in ACTIONS["set_aside"].sources:
        case = new_case(source)
        message = assert_refused(
            case, "set_aside", GuardFailed, reason="Không phải kiến nghị", kind=kind
        )
        assert message == "Loại (ý kiến, khiếu nại, tố cáo) không hợp lệ."


@pytest.mark.parametrize("source", ACTIONS["merge"].sources)
def test_merge_into_itself_is_refused(source):
    case = new_case(source)
    message = assert_refused(case, "merge", GuardFailed, merged_into_id=CASE_ID)
    assert message == "Không thể gộp một kiến nghị vào chính nó."
    assert fire(case, "merge", merged_into_id=CASE_ID + 1) == "merged"


@pytest.mark.parametrize("expected_date", ["2026-12-31", 20261231, "31/12/2026"])
def test_accept_on_roadmap_needs_a_real_date(expected_date):
    case = new_case("answered")
    message = assert_refused(
        case, "accept_on_roadmap", GuardFailed, expected_date=expected_date
    )
    assert message == "Thời hạn hoàn thành dự kiến phải là một ngày."


def test_accept_on_roadmap_takes_a_datetime_as_a_date():
    case = new_case("answered")
    assert (
        fire(case, "accept_on_roadmap", expected_date=datetime(2026, 12, 31, 8, 0))
        == "on_roadmap"
    )


@pytest.mark.parametrize("percent", [-1, 101, 1000, "50", 50.0])
def test_report_progress_percent_out_of_range_or_not_int(percent):
    case = new_case("on_roadmap")
    message = assert_refused(
        case,
        "report_progress",
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
            percent=True,
            text="Tiến độ",
        )


# --- 5. domain rules from the issue ------------------------------------------------------------


@pytest.mark.parametrize("source", ["transferred", "reanswer_requested"])
def test_an_answer_needs_a_result_category(source):
    case = new_case(source)
    message = assert_refused(
        case,
        "draft_answer",
        GuardFailed,
        text="Nội dung trả lời",
    )
    assert "kết quả giải quyết" in message


@pytest.mark.parametrize("name", ["accept", "mark_done"])
def test_closing_needs_a_result_category(name):
    case = new_case(ACTIONS[name].sources[0])
    message = assert_refused(case, name, GuardFailed)
    assert "kết quả giải quyết" in message


def test_a_roadmap_needs_an_expected_date():
    case = new_case("answered")
    message = assert_refused(case, "accept_on_roadmap", GuardFailed)
    assert "thời hạn hoàn thành dự kiến" in message


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("propose_return", "transferred"),
        ("return_not_competent", "reanswer_requested"),
        ("request_reanswer", "answered"),
        ("send_back", "awaiting_transfer"),
        ("send_back_draft", "answer_drafted"),
        ("withdraw", "transferred"),
        ("set_aside", "recorded"),
        ("mark_answered_at_meeting", "recorded"),
    ],
)
def test_returns_and_requests_need_a_reason(name, source):
    case = new_case(source)
    data = valid_data(name)
    del data["reason"]
    message = assert_refused(case, name, GuardFailed, **data)
    assert "lý do" in message
    assert_refused(case, name, GuardFailed, **data, reason="  ")
    assert fire(case, name, **data, reason="Không đúng thẩm quyền") == ACTIONS[name].dest


def test_only_the_committee_transfers_and_judges():
    for name in ("transfer", "send_back", "accept", "accept_on_roadmap", "request_reanswer", "mark_done"):
        assert ACTIONS[name].roles == {"committee"}


def test_only_office_leader_and_admin_withdraw():
    assert ACTIONS["withdraw"].roles == {"office_leader", "admin"}


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
                fire(case_in(source), name, **valid_data(name))
                if a.needs:
                    with pytest.raises(GuardFailed):
                        fire(case_in(source), name)
            for state in TERMINAL_STATES:
                with pytest.raises(IllegalTransition):
                    fire(case_in(state), name, **valid_data(name))
        with pytest.raises(IllegalTransition):
            fire(case_in("recorded"), "fly")
        with pytest.raises(IllegalTransition):
            fire(case_in("nowhere"), "withdraw", reason="x")
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
    assert fire(case, "accept_on_roadmap", expected_date=date(2026, 6, 1)) == "on_roadmap"
    for percent in (10, 20, 30):
        assert fire(case, "report_progress", percent=percent, text="Tiến độ") == "on_roadmap"
    with pytest.raises(GuardFailed):
        fire(case, "report_progress", percent=-5, text="Tiến độ")
    assert fire(case, "mark_done", result_category="resolved") == "closed"
    ref = weakref.ref(case)
    del case
    assert _released(ref)


def test_equal_cases_are_independent():
    # Case is a dataclass with value equality: two equal cases must still move separately.
    first, second = new_case("recorded"), new_case("recorded")
    assert first == second
    fire(first, "classify", **valid_data("classify"))
    assert first.status == "classified"
    assert second.status == "recorded"
    fire(second, "withdraw", reason="Rút")
    assert (first.status, second.status) == ("classified", "withdrawn")
    refs = weakref.ref(first), weakref.ref(second)
    del first, second
    assert _released(*refs)


# --- 7. unknown actions and states -----------------------------------------------------------


@pytest.mark.parametrize("name", ["fly", "", "Classify", "to_closed", "trigger", "is_recorded"])
def test_unknown_action_is_illegal(name):
    case = new_case("recorded")
    message = assert_refused(case, name, IllegalTransition)
    assert "Thao tác không tồn tại" in message


@pytest.mark.parametrize("status", ["nowhere", "", "Recorded", "RECORDED"])
def test_unknown_status_is_illegal(status):
    case = Case(status=status, id=CASE_ID)
    message = assert_refused(case, "withdraw", IllegalTransition, reason="Rút")
    assert "Trạng thái không hợp lệ" in message
    assert case.status == status


def test_no_auto_transitions():
    case = new_case("recorded")
    assert_refused(case, "to_closed", IllegalTransition)
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
    answer = {"result_category": "in_progress", "text": "Đang lập dự án sửa đường"}

    steps = [
        ("classify", {"field_id": 3, "competence_level": "province"}, "classified"),
        ("submit_for_transfer", {"field_id": 3, "lead_agency_id": AGENCY_ID}, "awaiting_transfer"),
        (
            "transfer",
            {"lead_agency_id": AGENCY_ID, "letter_number": "45/HĐND-VP", "letter_date": date(2026, 3, 2)},
            "transferred",
        ),
    ]
    for name, data, dest in steps:
        assert fire(case, name, **data) == dest
        assert case.status == dest

    steps = [
        ("draft_answer", answer, "answer_drafted"),
        ("send_back_draft", {"reason": "Bổ sung số liệu"}, "transferred"),
        ("draft_answer", answer, "answer_drafted"),
        ("submit_answer", {}, "answered"),
        ("request_reanswer", {"reason": "Chưa nêu thời hạn"}, "reanswer_requested"),
        ("draft_answer", answer, "answer_drafted"),
        ("submit_answer", {}, "answered"),
        ("accept_on_roadmap", {"expected_date": date(2026, 12, 31)}, "on_roadmap"),
        ("report_progress", {"percent": 60, "text": "Đã thi công 60%"}, "on_roadmap"),
        ("mark_done", {"result_category": "resolved"}, "closed"),
    ]
    for name, data, dest in steps:
        assert fire(case, name, **data) == dest, name
        assert case.status == dest
    assert available_actions(case.status) == []
    with pytest.raises(IllegalTransition):
        fire(case, "withdraw", reason="Rút")
    assert case.status == "closed"
    ref = weakref.ref(case)
    del case
    assert _released(ref)


@pytest.mark.parametrize("returned_from", ["transferred", "reanswer_requested"])
def test_return_not_competent_and_reroute(returned_from):
    case = Case(status="recorded", id=CASE_ID)
    fire(case, "classify", field_id=3, competence_level="province")
    fire(case, "submit_for_transfer", field_id=3, lead_agency_id=AGENCY_ID)
    fire(
        case,
        "transfer",
        lead_agency_id=AGENCY_ID,
        letter_number="1/VP",
        letter_date=date(2026, 1, 5),
    )
    assert case.status == "transferred"
    if returned_from == "reanswer_requested":
        fire(case, "draft_answer", result_category="explained", text="Giải trình")
        fire(case, "submit_answer")
        fire(case, "request_reanswer", reason="Chưa rõ")
        assert case.status == "reanswer_requested"
    assert fire(case, "propose_return", reason="Thuộc thẩm quyền Trung ương") == "return_proposed"
    assert fire(case, "return_not_competent", reason="Thuộc thẩm quyền Trung ương") == "returned"
    assert available_actions("returned") == ["reroute", "withdraw"]
    assert fire(case, "reroute") == "classified"
    # Back in the office: it can go out again, this time to the right level.
    assert fire(case, "forward", receiving_body="Ban Dân nguyện", letter_number="7/VP") == "forwarded"
    assert available_actions(case.status) == []


def test_send_back_from_the_committee_returns_to_classified():
    case = new_case("classified")
    fire(case, "submit_for_transfer", field_id=3, lead_agency_id=AGENCY_ID)
    assert fire(case, "send_back", reason="Sai cơ quan") == "classified"
    assert (
        fire(case, "submit_for_transfer", field_id=4, lead_agency_id=OTHER_AGENCY_ID)
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
    assert fire(case, name, **data) == dest
    assert dest in TERMINAL_STATES
    assert_refused(case, "classify", IllegalTransition, field_id=3, competence_level="province")


@pytest.mark.parametrize("letter_date", ["20/11/2026", 20261120])
def test_transfer_needs_a_real_letter_date(letter_date):
    case = new_case("awaiting_transfer")
    message = assert_refused(case, "transfer", GuardFailed, lead_agency_id=AGENCY_ID,
                             letter_number="125/HĐND-VP", letter_date=letter_date)
    assert "Ngày công văn" in message


# --- refusals in the reader's language -----------------------------------------------------


def _english():
    from pathlib import Path

    from babel.support import Translations

    return Translations.load(str(Path(__file__).resolve().parents[2] / "app" / "translations"), ["en"])


def test_refusals_render_in_english_with_english_labels():
    from workflows.messages import fill

    case = Case(status="closed", id=1)
    with pytest.raises(IllegalTransition) as info:
        fire(case, "accept", **valid_data("accept"))
    exc = info.value
    # Vietnamese is the default rendering (CLI, logs); English comes from the catalog and the labels' pairs.
    assert exc.message == f"Không thể “{ACTIONS['accept'].label_vi}” khi kiến nghị đang ở trạng thái “{STATES['closed'][0]}”."
    english = fill(exc.template, exc.params, "en", _english().gettext)
    assert english == f"Cannot “{ACTIONS['accept'].label_en}” while the recommendation is “{STATES['closed'][1]}”."

    case = Case(status="answered", id=1)
    with pytest.raises(GuardFailed) as info:
        fire(case, "request_reanswer", reason="  ")
    english = fill(info.value.template, info.value.params, "en", _english().gettext)
    assert english == "Required information missing: reason."


def test_fill_leaves_a_template_without_parameters_alone():
    from workflows.messages import fill

    assert fill("Tỷ lệ 100%", {}) == "Tỷ lệ 100%"
    assert fill("%(a)s và %(b)s", {"a": ("một", "one"), "b": 2}, "en") == "one và 2"
