"""Blueprints: thin HTTP rooms (authorize, validate, call one service, commit, respond)."""
from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.blueprints import petition_actions  # noqa: F401 - adds the action endpoints to petitions.bp
    from app.blueprints.account import bp as account_bp
    from app.blueprints.admin import bp as admin_bp
    from app.blueprints.agency import bp as agency_bp
    from app.blueprints.auth import bp as auth_bp
    from app.blueprints.committee import bp as committee_bp
    from app.blueprints.intake import bp as intake_bp
    from app.blueprints.main import bp as main_bp
    from app.blueprints.notifications import bp as notifications_bp
    from app.blueprints.ops import bp as ops_bp
    from app.blueprints.petitions import bp as petitions_bp
    from app.blueprints.reports import bp as reports_bp

    for bp in (main_bp, auth_bp, petitions_bp, intake_bp, committee_bp, agency_bp, notifications_bp, ops_bp,
               reports_bp, admin_bp, account_bp):
        app.register_blueprint(bp)
