"""Flask-Login wiring: how a session finds its user (through its server-side sign-in, so a revoked one signs
nobody in, whichever cookie carries it), and login required for every staff page by default."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, g, request
from flask_babel import gettext
from flask_login import current_user

from app.extensions import db, login_manager

# Endpoints reachable without signing in; everything else requires a session (deny by default).
PUBLIC_ENDPOINTS = frozenset({"auth.login", "main.index", "static", "bootstrap.static", "main.health",
                              "main.healthz", "main.readyz", "account.language", "main.csp_report"})


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    # Translated when flashed (a lazy string could not be stored in the session cookie).
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "warning"

    # The remember-me cookie lives no longer than the sign-in it carries (REMEMBER_DAYS, at most 30).
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=app.config["REMEMBER_DAYS"])

    @login_manager.user_loader
    def load_user(token: str):
        """`token` is what User.get_id() gave at sign-in, from the session cookie or the remember-me cookie."""
        from app.services.accounts import sessions

        user, touched = sessions.load(token)
        if touched:
            # The first thing a request does (require_login below asks for current_user): nothing else
            # is pending yet, so this commits only the sign-in's last_seen_at.
            db.session.commit()
        return user

    @app.before_request
    def require_login():
        # Flask-Login caches the user on `g`, which lives as long as the app context: where one context
        # serves several requests (the test client inside a test's context), each request must still be
        # signed in by its own cookies, so a revoked sign-in is seen at once.
        g.pop("_login_user", None)
        if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None
