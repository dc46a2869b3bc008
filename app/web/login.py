"""Flask-Login wiring: how a session finds its user, and login required for every staff page by default."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext
from flask_login import current_user

from app.extensions import db, login_manager

# Endpoints reachable without signing in; everything else requires a session (deny by default).
PUBLIC_ENDPOINTS = frozenset({"auth.login", "main.index", "static", "bootstrap.static", "main.health",
                              "main.healthz", "main.readyz", "account.language"})


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    # Translated when flashed (a lazy string could not be stored in the session cookie).
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(user_id: str):
        from app.models import User

        return db.session.get(User, int(user_id))

    @app.before_request
    def require_login():
        if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None
