"""Structured logs: one line per request (its id, the user, method, path, status, duration) and the one format of
every line the app writes (LOG_FORMAT: a JSON object a line, or key=value text), for the service manager's journal
and whatever collects it from several servers.

The request id comes from the reverse proxy (nginx's $request_id in X-Request-Id) when it sends a sane one, so
the proxy's access log and ours can be joined; otherwise it is made here. It is returned in the X-Request-Id
header and added to every line logged while the request runs (an error's traceback included).
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.wrappers import Response
from sqlalchemy import inspect as sa_inspect

HEADER = "X-Request-Id"
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")  # anything else (spaces, quotes, newlines) is replaced, not logged
# Load balancers ask these every few seconds: their lines are DEBUG, so the journal shows people's requests.
_PROBES = frozenset({"main.healthz", "main.readyz", "main.health"})
# The loggers of this code base: ours ("kien_nghi.*") and Flask's own app.logger (named after the package).
LOGGERS = ("kien_nghi", "app")
request_log = logging.getLogger("kien_nghi.requests")


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _fields(record: logging.LogRecord) -> dict:
    fields = dict(getattr(record, "fields", {}))
    request_id = getattr(record, "request_id", None)
    if request_id and "request_id" not in fields:
        fields = {"request_id": request_id, **fields}
    return fields


class JsonFormatter(logging.Formatter):
    """{"ts": ..., "level": ..., "logger": ..., "msg": ..., <fields>}: one object a line, Vietnamese kept readable."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"ts": _timestamp(record), "level": record.levelname, "logger": record.name,
                "msg": record.getMessage(), **_fields(record)}
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _value(value) -> str:
    text = "" if value is None else str(value)
    return text if text and re.fullmatch(r"[^\s\"=]+", text) else json.dumps(text, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """2026-11-22T03:00:00.000Z INFO kien_nghi.requests request request_id=... method=GET ... duration_ms=3.1"""

    def format(self, record: logging.LogRecord) -> str:
        pairs = " ".join(f"{key}={_value(value)}" for key, value in _fields(record).items())
        line = f"{_timestamp(record)} {record.levelname} {record.name} {record.getMessage()}"
        line = f"{line} {pairs}" if pairs else line
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class _RequestId(logging.Filter):
    """Stamps every record logged during a request with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and "request_id" in g:
            record.request_id = g.request_id
        return True


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the moment (a test runner may swap it), never to a closed copy."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure(level: str, style: str) -> None:
    """One handler on stderr for our loggers, in the chosen format; calling it again replaces it (idempotent)."""
    handler = _Stderr()
    handler.setFormatter(JsonFormatter() if style == "json" else TextFormatter())
    handler.addFilter(_RequestId())
    handler.kien_nghi = True  # ours: replaced, not stacked, by the next call
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "kien_nghi", False)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level.upper())
        logger.propagate = False  # not twice through a root handler someone else installed


def _user_id() -> str | None:
    """The signed-in user's id, if this request loaded one (never the session token the cookie carries, and no
    database query just for the log: Flask-Login keeps the user it loaded in g._login_user)."""
    user = g.get("_login_user")
    if user is None or getattr(user, "is_anonymous", True):
        return None
    # The identity key, never the attribute: after a rollback the attribute is expired and reading it would
    # query a database that may be the very reason this request failed (a restart: the log line must not 500).
    state = sa_inspect(user, raiseerr=False)
    identity = state.identity if state is not None else None
    return str(identity[0]) if identity else None


def init_app(app: Flask) -> None:
    configure(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])
    # Flask's own handler on app.logger would print every error a second time, unformatted.
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)

    @app.before_request
    def start_request() -> None:
        g.request_started = time.perf_counter()
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex

    @app.after_request
    def log_request(response: Response) -> Response:
        if "request_id" not in g:  # a request that failed before the hooks ran (e.g. a routing error)
            start_request()
        response.headers[HEADER] = g.request_id
        duration = (time.perf_counter() - g.request_started) * 1000
        fields = {"request_id": g.request_id, "method": request.method, "path": request.path, "status": response.status_code,
                  "duration_ms": round(duration, 1), "user_id": _user_id(),
                  "remote_addr": request.remote_addr}
        level = logging.DEBUG if request.endpoint in _PROBES else logging.INFO
        request_log.log(level, "request", extra={"fields": fields})
        return response
