"""Blueprints: thin HTTP rooms (authorize, validate, call one service, commit, respond)."""
from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.blueprints.auth import bp as auth_bp
    from app.blueprints.main import bp as main_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    from app.blueprints.notifications import bp as notifications_bp
    from app.blueprints.ops import bp as ops_bp

    app.register_blueprint(notifications_bp)
    app.register_blueprint(ops_bp)
