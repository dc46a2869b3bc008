"""Blueprints: thin HTTP rooms (authorize, validate, call one service, commit, respond)."""
from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.blueprints.auth import bp as auth_bp
    from app.blueprints.main import bp as main_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    from app.blueprints import petition_actions  # noqa: F401 - adds the action endpoints to petitions.bp
    from app.blueprints.agency import bp as agency_bp
    from app.blueprints.committee import bp as committee_bp
    from app.blueprints.intake import bp as intake_bp
    from app.blueprints.petitions import bp as petitions_bp
    app.register_blueprint(petitions_bp)
    app.register_blueprint(intake_bp)
    app.register_blueprint(committee_bp)
    app.register_blueprint(agency_bp)
