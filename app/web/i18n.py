"""Language and time-zone choice: Vietnamese by default, English per user or per request."""
from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_login import current_user

from workflows.messages import N_

# Set outside the code pybabel reads (the app's name in config, Flask-Login's prompt): marked here.
MARKED = (N_("Theo dõi kiến nghị cử tri"), N_("Vui lòng đăng nhập để tiếp tục."))


def init_app(app: Flask) -> None:
    from app.extensions import babel

    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.before_request(forget_cached_locale)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") if request else None
    if chosen in languages:
        session["lang"] = chosen
        return chosen
    if "lang" in session and session["lang"] in languages:
        return session["lang"]
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def forget_cached_locale() -> None:
    """Before each request: Flask-Babel caches the locale on the app context, which tests (and any
    code running requests inside one long app context) share between requests; a switch must apply."""
    from flask_babel import refresh

    refresh()


def select_timezone() -> str:
    return current_app.config["APP_TIMEZONE"]


def lang() -> str:
    """Short language code of the current request, for the vocabularies' (vi, en) labels."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "vi"
