"""Jinja filters and globals: dd/mm/yyyy dates, local times, state and vocabulary labels, permission checks."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import clock, permissions
from app.services.deadlines import flags
from app.services.deadlines.rules import working_calendar
from app.services.errors import in_request_language
from app.services.search import highlight
from app.web.i18n import lang
from workflows import petition as workflow
from workflows import vocabulary

WEEKDAYS = (_l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"), _l("Chủ nhật"))


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.to_local(value).date()
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return clock.to_local(value).strftime("%H:%M %d/%m/%Y")


def init_app(app: Flask) -> None:
    app.jinja_env.filters["d"] = format_date
    app.jinja_env.filters["highlight"] = highlight.highlight  # escaped text, searched words in <mark>
    app.jinja_env.filters["snippet"] = highlight.snippet
    app.jinja_env.filters["found_in"] = lambda text, typed: bool(highlight.spans(text or "", typed or ""))
    app.jinja_env.filters["dt"] = format_datetime
    app.jinja_env.filters["state_label"] = lambda s: workflow.state_label(s, lang())
    # An item's own state: a closed one with its result category (never a blanket "resolved / explained").
    app.jinja_env.filters["item_status"] = lambda p: workflow.status_label(
        permissions.status_seen_by(current_user, p), p.result_category, lang())
    app.jinja_env.filters["action_label"] = lambda name: workflow.action_label(name, lang())
    app.jinja_env.filters["message"] = lambda problem: in_request_language(problem.template, problem.params)
    app.jinja_env.filters["result_label"] = lambda c: vocabulary.label(vocabulary.RESULT_CATEGORIES, c, lang())
    app.jinja_env.filters["role_label"] = lambda r: vocabulary.label(vocabulary.ROLES, r, lang())
    app.jinja_env.filters["competence_label"] = lambda c: vocabulary.label(vocabulary.COMPETENCE_LEVELS, c, lang())
    app.jinja_env.filters["account_event_label"] = lambda k: vocabulary.label(vocabulary.ACCOUNT_EVENTS, k, lang())
    app.jinja_env.globals.update(
        can=permissions.can,
        allowed_actions=permissions.allowed_actions,
        can_administer=permissions.can_administer,
        allows=lambda verb: permissions.allows(current_user, verb),
        flags=RequestFlags(),
        ACTIONS=workflow.ACTIONS,
        STATE_ORDER=list(workflow.STATES.items()),
        LIVE_DEADLINE_STATES=workflow.WITH_AGENCY_STATES,  # only a deadline still running is shown
        today=clock.today,
        ui_lang=lang,
        weekday_names=WEEKDAYS,
    )


class RequestFlags:
    """`flags` as templates see it: the same functions, with the working calendar read once per request (a list's
    due-date badges would otherwise read it again for every row)."""

    def __getattr__(self, name: str):
        return getattr(flags, name)

    def deadline_status(self, petition, today=None) -> str:
        if "working_calendar" not in g:
            g.working_calendar = working_calendar()
        return flags.deadline_status(petition, today, g.working_calendar)
