"""The petition (kiến nghị) lifecycle: states, actions and guards on one shared `transitions` machine."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from transitions import EventData, Machine, MachineError

from workflows.messages import UserMessageError, join_labels
from workflows.vocabulary import AGENCY_ROLES, CLOSING_CATEGORIES, RESULT_CATEGORIES, SET_ASIDE_KINDS

# state -> (Vietnamese label, English label); the order is the order of the lifecycle.
STATES: dict[str, tuple[str, str]] = {
    "recorded": ("Mới cập nhật", "Recorded"),
    "classified": ("Đã tổng hợp, phân loại", "Compiled and classified"),
    "awaiting_transfer": ("Chờ Thường trực duyệt chuyển", "Awaiting transfer approval"),
    "transferred": ("Đã chuyển cơ quan giải quyết", "Transferred to the agency"),
    "answer_drafted": ("Chờ lãnh đạo cơ quan duyệt", "Answer awaiting agency leader"),
    "return_proposed": ("Chờ lãnh đạo duyệt trả lại", "Return awaiting agency leader"),
    "answered": ("Đã trả lời, chờ đánh giá", "Answered, awaiting review"),
    "reanswer_requested": ("Yêu cầu trả lời lại", "New answer requested"),
    "on_roadmap": ("Đang giải quyết theo lộ trình", "Being resolved on a roadmap"),
    "returned": ("Trả lại, không đúng thẩm quyền", "Returned: not competent"),
    "closed": ("Đã kết thúc", "Closed"),  # shown with its result category: see status_label
    "merged": ("Trùng, đã gộp", "Duplicate, merged"),
    "answered_at_meeting": ("Đã giải trình tại hội nghị", "Answered at the meeting"),
    "forwarded": ("Đã chuyển cấp trên", "Forwarded to a higher level"),
    "set_aside": ("Không phải kiến nghị", "Not a recommendation"),
    "withdrawn": ("Đã rút / hủy", "Withdrawn"),
}
TERMINAL_STATES = frozenset(
    {"closed", "merged", "answered_at_meeting", "forwarded", "set_aside", "withdrawn"}
)
OPEN_STATES = frozenset(STATES) - TERMINAL_STATES
# States in which the clock runs against the lead agency (the due date matters).
WITH_AGENCY_STATES = frozenset({"transferred", "answer_drafted", "return_proposed", "reanswer_requested"})
# States in which an item must carry its lead agency and due date: with the agency, its answer being judged,
# or followed on a roadmap (the database's CHECK constraint is derived from this).
DUE_DATE_STATES = WITH_AGENCY_STATES | {"answered", "on_roadmap"}

OFFICE = frozenset({"clerk", "office_leader"})
COMMITTEE = frozenset({"committee"})
AGENCY = AGENCY_ROLES


class WorkflowError(UserMessageError):
    """Base of the lifecycle's refusals; `message` is Vietnamese, for the user (see workflows.messages)."""


class IllegalTransition(WorkflowError):
    """The action does not exist from the current state."""


class GuardFailed(WorkflowError):
    """The action exists but its conditions are not met (missing reason, a value out of range, ...)."""


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple[str, ...]
    dest: str | None  # None: an internal action that records something without moving
    roles: frozenset[str]  # who may fire it: read by app/permissions.py, which decides
    label_vi: str
    label_en: str
    needs: tuple[str, ...] = ()  # data keys that must be present and non-empty
    lead_agency_only: bool = False


def _open_sources() -> tuple[str, ...]:
    return tuple(s for s in STATES if s in OPEN_STATES)


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("classify", ("recorded",), "classified", OFFICE, "Tổng hợp, phân loại", "Classify",
               needs=("field_id", "competence_level")),
        Action("set_aside", ("recorded", "classified"), "set_aside", OFFICE,
               "Không phải kiến nghị", "Set apart", needs=("reason", "kind")),
        Action("mark_answered_at_meeting", ("recorded",), "answered_at_meeting", OFFICE,
               "Đã giải trình tại hội nghị", "Answered at the meeting", needs=("reason",)),
        Action("merge", ("recorded", "classified"), "merged", frozenset({"office_leader"}),
               "Gộp kiến nghị trùng", "Merge duplicate", needs=("merged_into_id",)),
        Action("submit_for_transfer", ("classified",), "awaiting_transfer", OFFICE,
               "Trình Thường trực chuyển", "Submit for transfer",
               needs=("field_id", "lead_agency_id")),
        Action("forward", ("classified",), "forwarded", OFFICE, "Chuyển cấp trên", "Forward up",
               needs=("receiving_body", "letter_number")),
        Action("transfer", ("awaiting_transfer",), "transferred", COMMITTEE,
               "Duyệt chuyển cơ quan giải quyết", "Transfer to the agency",
               needs=("lead_agency_id", "letter_number", "letter_date")),
        Action("send_back", ("awaiting_transfer",), "classified", COMMITTEE,
               "Trả lại Văn phòng", "Send back to the office", needs=("reason",)),
        Action("draft_answer", ("transferred", "reanswer_requested"), "answer_drafted", AGENCY,
               "Dự thảo trả lời", "Draft an answer", needs=("result_category", "text"),
               lead_agency_only=True),
        # An officer proposes a return and the leader decides, as with an answer (issue 12); a setting
        # (AGENCY_OFFICER_MAY_RETURN) lets officers return directly: permissions.can decides who returns.
        Action("propose_return", ("transferred", "reanswer_requested"), "return_proposed",
               frozenset({"agency_officer"}), "Đề xuất trả lại: không đúng thẩm quyền",
               "Propose a return: not competent", needs=("reason",), lead_agency_only=True),
        Action("return_not_competent", ("transferred", "reanswer_requested", "return_proposed"), "returned", AGENCY,
               "Trả lại: không đúng thẩm quyền", "Return: not competent", needs=("reason",),
               lead_agency_only=True),
        Action("submit_answer", ("answer_drafted",), "answered", frozenset({"agency_leader"}),
               "Duyệt và gửi trả lời", "Approve and submit the answer", lead_agency_only=True),
        Action("send_back_draft", ("answer_drafted", "return_proposed"), "transferred", frozenset({"agency_leader"}),
               "Trả lại chuyên viên", "Send back to the officer", needs=("reason",),
               lead_agency_only=True),
        Action("accept", ("answered",), "closed", COMMITTEE, "Chấp nhận, kết thúc", "Accept and close",
               needs=("result_category",)),
        Action("accept_on_roadmap", ("answered",), "on_roadmap", COMMITTEE,
               "Chấp nhận, theo dõi theo lộ trình", "Accept on a roadmap", needs=("expected_date",)),
        Action("request_reanswer", ("answered",), "reanswer_requested", COMMITTEE,
               "Yêu cầu trả lời lại", "Request a new answer", needs=("reason",)),
        Action("report_progress", ("on_roadmap",), None, AGENCY, "Báo cáo tiến độ", "Report progress",
               needs=("percent", "text"), lead_agency_only=True),
        Action("mark_done", ("on_roadmap",), "closed", COMMITTEE, "Xác nhận hoàn thành",
               "Mark done", needs=("result_category",)),
        Action("reroute", ("returned",), "classified", OFFICE, "Phân loại lại", "Re-route"),
        Action("withdraw", _open_sources(), "withdrawn", frozenset({"office_leader", "admin"}),
               "Rút / hủy kiến nghị", "Withdraw", needs=("reason",)),
    ]
}

# Data key -> (Vietnamese, English) label, for the "missing" message.
_NEED_LABELS: dict[str, tuple[str, str]] = {
    "reason": ("lý do", "reason"),
    "kind": ("loại (ý kiến, khiếu nại, tố cáo)", "kind (opinion, complaint, denunciation)"),
    "field_id": ("lĩnh vực", "field"),
    "competence_level": ("thẩm quyền", "competence level"),
    "lead_agency_id": ("cơ quan chủ trì", "lead agency"),
    "letter_number": ("số công văn", "letter number"),
    "letter_date": ("ngày công văn", "letter date"),
    "receiving_body": ("cơ quan nhận", "receiving agency"),
    "merged_into_id": ("kiến nghị được giữ lại", "recommendation kept"),
    "result_category": ("kết quả giải quyết", "resolution result"),
    "text": ("nội dung", "content"),
    "expected_date": ("thời hạn hoàn thành dự kiến", "expected completion date"),
    "percent": ("tỷ lệ hoàn thành", "completion rate"),
}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _guard(event: EventData) -> bool:
    """The one condition on every transition: raises GuardFailed with the reason instead of a silent False.

    Who may fire an action (its roles, the lead agency, the officer's return) is not asked here: that is
    app/permissions.py's decision, taken before anything fires (services/transitions.move). The machine checks
    what the action needs and that its values make sense."""
    action = ACTIONS[event.event.name]
    case = event.model
    data = event.kwargs
    missing = [_NEED_LABELS.get(k, (k, k)) for k in action.needs if _missing(data.get(k))]
    if missing:
        raise GuardFailed("Thiếu thông tin bắt buộc: %(fields)s.", fields=join_labels(missing))
    _check_values(action.name, case, data)
    return True


def _check_values(name: str, case: Any, data: dict[str, Any]) -> None:
    category = data.get("result_category")
    if category is not None and category not in RESULT_CATEGORIES:
        raise GuardFailed("Kết quả giải quyết không hợp lệ.")
    if name == "set_aside" and data["kind"] not in SET_ASIDE_KINDS:
        raise GuardFailed("Loại (ý kiến, khiếu nại, tố cáo) không hợp lệ.")
    if name == "merge" and data["merged_into_id"] == getattr(case, "id", None):
        raise GuardFailed("Không thể gộp một kiến nghị vào chính nó.")
    if name == "accept_on_roadmap" and not isinstance(data["expected_date"], date):
        raise GuardFailed("Thời hạn hoàn thành dự kiến phải là một ngày.")
    if name == "transfer" and not isinstance(data["letter_date"], date):
        raise GuardFailed("Ngày công văn chuyển phải là một ngày.")
    if name in ("mark_done", "accept") and category not in CLOSING_CATEGORIES:
        raise GuardFailed("Kết quả khi kết thúc phải là một kết quả đã khép lại (không phải “Đang giải quyết”).")
    if name == "report_progress":
        percent = data["percent"]
        if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
            raise GuardFailed("Tỷ lệ hoàn thành phải từ 0 đến 100.")


@dataclass
class Case:
    """The plain object the machine moves: a copy of what the guards read from a stored petition."""

    status: str
    id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_machine = Machine(
    model=None,
    states=list(STATES),
    initial="recorded",
    transitions=[
        {
            "trigger": a.name,
            "source": list(a.sources),
            "dest": a.dest,  # None makes an internal transition: guards run, state stays
            "conditions": [_guard],
        }
        for a in ACTIONS.values()
    ],
    auto_transitions=False,
    send_event=True,
    model_attribute="status",
    ignore_invalid_triggers=False,
)
# add_model/remove_model mutate the shared machine's model list; web workers may use threads.
_lock = threading.Lock()


def fire(case: Case, action: str, **data: Any) -> str:
    """Apply `action` to `case`; returns the new status (also set on case.status). Whoever fires it has been
    allowed to by app/permissions.py (the roles of ACTIONS are its table; the machine does not check them).

    Raises IllegalTransition when the action does not exist from the current state and
    GuardFailed when its conditions are not met; the case is unchanged in both cases.
    """
    if action not in ACTIONS:
        raise IllegalTransition("Thao tác không tồn tại: %(action)s.", action=action)
    if case.status not in STATES:
        raise IllegalTransition("Trạng thái không hợp lệ: %(status)s.", status=case.status)
    before = case.status
    with _lock:
        _machine.add_model(case, initial=case.status)
        try:
            case.trigger(action, **data)
        except MachineError as exc:
            raise IllegalTransition(
                "Không thể “%(action)s” khi kiến nghị đang ở trạng thái “%(status)s”.",
                action=(ACTIONS[action].label_vi, ACTIONS[action].label_en), status=STATES[before],
            ) from exc
        finally:
            _machine.remove_model(case)
    return case.status


def available_actions(status: str) -> list[str]:
    """Actions that exist from `status`, whoever acts (roles and data are checked when fired)."""
    return [name for name, a in ACTIONS.items() if status in a.sources]


def is_open(status: str) -> bool:
    return status in OPEN_STATES


def state_label(status: str, lang: str = "vi") -> str:
    pair = STATES.get(status)
    if pair is None:
        return status
    return pair[0] if lang == "vi" else pair[1]


def status_label(status: str, result_category: str | None = None, lang: str = "vi") -> str:
    """What an item's state is called on pages, reports and spreadsheets: a closed item by its result category
    ("Đã kết thúc: Chưa thể giải quyết"), never a blanket "resolved or explained"."""
    if status == "closed" and result_category in RESULT_CATEGORIES:
        pair = RESULT_CATEGORIES[result_category]
        return f"{state_label(status, lang)}: {pair[0] if lang == 'vi' else pair[1]}"
    return state_label(status, lang)


def action_label(name: str, lang: str = "vi") -> str:
    """The action's label in the reader's language; the name itself for an action the machine does not know."""
    action = ACTIONS.get(name)
    if action is None:
        return name
    return action.label_vi if lang == "vi" else action.label_en


def to_dot(lang: str = "vi") -> str:
    """The lifecycle as Graphviz dot text, for the docs and the admin page."""
    def q(text: str) -> str:
        return '"' + text.replace('"', '\\"') + '"'

    lines = [
        "digraph petition {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fillcolor="#eef4ff", fontname="DejaVu Sans"];',
        '  edge [fontname="DejaVu Sans", fontsize=10];',
    ]
    for state in STATES:
        shape = ', fillcolor="#e8e8e8", peripheries=2' if state in TERMINAL_STATES else ""
        lines.append(f"  {state} [label={q(state_label(state, lang))}{shape}];")
    for a in ACTIONS.values():
        if a.name == "withdraw":
            continue  # from every open state: drawn once below instead of fourteen arrows
        label = action_label(a.name, lang)
        for source in a.sources:
            dest = a.dest or source
            lines.append(f"  {source} -> {dest} [label={q(label)}];")
    label = action_label("withdraw", lang)
    lines.append(f'  any_open [label={q("mọi trạng thái đang mở" if lang == "vi" else "any open state")}, shape=plaintext, style=""];')
    lines.append(f"  any_open -> withdrawn [label={q(label)}, style=dashed];")
    lines.append("}")
    return "\n".join(lines) + "\n"
