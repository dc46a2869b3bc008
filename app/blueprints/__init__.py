"""Blueprints: thin HTTP rooms (authorize, validate, call one service, commit, respond)."""
from __future__ import annotations

from importlib import import_module

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.blueprints.auth import bp as auth_bp
    from app.blueprints.main import bp as main_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(import_module("app.blueprints.admin").bp)
    app.register_blueprint(import_module("app.blueprints.account").bp)
