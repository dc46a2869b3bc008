"""Domain errors raised by services; the edges turn them into messages and HTTP status codes."""
from __future__ import annotations

from flask import has_request_context

from workflows.messages import UserMessageError, fill


class DomainError(UserMessageError):
    """Base: `status` is the HTTP code an edge should answer.

    Raised as `InvalidData("... %(name)s ...", name=value)`: the template is the Vietnamese msgid
    (pybabel extracts it, see the Makefile's keywords) and `message` renders it in the language of the
    current request, Vietnamese outside one (CLI, logs). A (vi, en) pair parameter is a label.
    """

    status = 400

    @property
    def message(self) -> str:
        return in_request_language(self.template, self.params)


def in_request_language(template: str, params: dict) -> str:
    """A message template rendered in the current request's language (Vietnamese outside a request)."""
    if not has_request_context():
        return fill(template, params)
    from flask_babel import gettext

    from app.web.i18n import lang

    return fill(template, params, lang(), gettext)


class Rejected(DomainError):
    """Input refused as a whole (an import): `problems` lists every reason, each with its row."""

    status = 400

    def __init__(self, template: str, problems: list, **params):
        super().__init__(template, **params)
        self.problems = problems

    def problem_texts(self) -> list[str]:
        return [in_request_language(p.template, p.params) for p in self.problems]


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class InvalidData(DomainError):
    status = 400


class Conflict(DomainError):
    """An illegal move for the current state, or someone else changed the record first."""

    status = 409


def lost_race(exc: Exception) -> Conflict | None:
    """The answer to a write a unique key refused, for any edge: a service checks uniqueness before writing, two
    requests (or commands) at once can still both pass that check, and the database then refuses the second:
    the same answer as a check that saw the first. None for any other integrity error (a bug, not a race).
    The key's refusal is SQLSTATE 23505 on PostgreSQL, "UNIQUE constraint failed" on SQLite."""
    cause = getattr(exc, "orig", None)
    if getattr(cause, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(cause):
        return Conflict("Dữ liệu trùng với một bản ghi vừa được lưu (có thể do người khác cùng lúc); hãy tải lại "
                        "trang rồi thử lại.")
    return None
