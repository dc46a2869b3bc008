"""What every view shares: a log line per request, sign-in by default, error pages, Jinja filters, the language,
the one form base, the edge helper (commit or roll back and say why), the list context, safe input and the
security headers."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.web import errors, filters, i18n, inputs, login, logs, security

    logs.init_app(app)  # first: its clock starts before any other hook runs
    inputs.init_app(app)  # before any route is added: it replaces the URL converters
    security.init_app(app)
    i18n.init_app(app)
    login.init_app(app)
    errors.init_app(app)
    filters.init_app(app)
