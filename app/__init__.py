"""The application factory: binds extensions, blueprints, CLI commands and error handlers; no DB work here."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import INSTANCE_DIR, check, config_for


def create_app(config: str | type | None = None, overrides: dict | None = None) -> Flask:
    """Build the app from a config class (or its name: development, production) plus overrides. The test
    suite passes TestingConfig itself: APP_ENV cannot name it."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder="../templates",
        static_folder="../static",
    )
    settings_class = config if isinstance(config, type) else config_for(config)
    app.config.from_object(settings_class)
    app.config.update(overrides or {})
    settings_class.finalise(app.config)
    check(app.config)

    from app import clock
    clock.configure(app.config["APP_TIMEZONE"], app.config.get("CLOCK_FROZEN_AT"))

    from app.extensions import bootstrap, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)

    from app.services.search import index as search_index
    search_index.listen()  # every flush keeps the search index in step

    from app import web
    web.init_app(app)

    from app.blueprints import register_blueprints
    register_blueprints(app)

    from app.cli import register_cli
    register_cli(app)
    return app
