"""Shared fixtures: the app on SQLite (default) or PostgreSQL (TEST_DATABASE_URL), a clean database per test,
the clock stopped at a known moment, and a builder that makes reference data and petitions through the services."""
from __future__ import annotations

import os
from datetime import date

import pytest
from sqlalchemy import delete

from app import clock, create_app
from app.extensions import db
from config import TestingConfig, normalise_database_url

TODAY = "2026-11-22T10:00"  # a Sunday, two days before Vietnam Cultural Day (24/11)


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    # A file, not :memory:, so two sessions can race for the optimistic-lock tests.
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(TestingConfig, {
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
        "UPLOAD_DIR": str(instance / "uploads"),
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _wipe() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


@pytest.fixture
def db_app(app):
    """An app context over an empty database, with the clock stopped at TODAY."""
    with app.app_context():
        clock.set_now(TODAY)
        try:
            yield app
        finally:
            clock.set_now(None)
            _wipe()
            db.session.remove()


@pytest.fixture
def build(db_app):
    from tests.factories import Builder

    return Builder()


@pytest.fixture
def client(db_app):
    return db_app.test_client()


def d(text: str) -> date:
    """dd/mm/yyyy, the way people here write dates, for readable assertions."""
    day, month, year = (int(x) for x in text.split("/"))
    return date(year, month, day)
