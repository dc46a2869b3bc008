"""Shared fixtures: the app on SQLite (default) or PostgreSQL (TEST_DATABASE_URL), a clean database per test,
the clock stopped at a known moment, a builder that makes reference data and petitions through the services,
`auth` to sign in and out, the demo seeded once per module for tests that only read it, and a fresh database of
its own for tests that need one (migrations, the scheduler process, the browser tests' live server)."""
from __future__ import annotations

import os
import uuid
from datetime import date

import pytest
from flask import has_app_context
from sqlalchemy import delete, func, select, text

from app import clock, create_app
from app.extensions import db
from app.models import User
from config import TestingConfig, normalise_database_url
from scripts import pg_test_db
from tests.factories import PASSWORD

TODAY = "2026-11-22T10:00"  # a Sunday, two days before Vietnam Cultural Day (24/11)


def pytest_runtest_setup(item) -> None:
    """Tests of PostgreSQL itself (several servers on one database, backups, its restart) run in the PostgreSQL
    pass of `make test`; the SQLite pass skips them rather than running them twice."""
    if "postgres_only" in item.keywords and not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("PostgreSQL only: runs in the PostgreSQL pass (make test-postgres)")


@pytest.fixture(scope="session", autouse=True)
def _logs_to_caplog():
    """The app's loggers keep writing to the root logger, where pytest's caplog reads them: create_app would
    otherwise give them their own stderr handler and stop them propagating (app/web/logs.configure)."""
    from app.web import logs

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(logs, "configure", lambda level, style: None)
        yield


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
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":  # one round trip instead of one per table (~3 ms a test)
        db.session.execute(text("; ".join(f'DELETE FROM "{table.name}"' for table in tables)))
    else:
        for table in tables:
            db.session.execute(delete(table))
    db.session.commit()


class _Demo:
    """Whether the shared database holds a module's demo, and its row counts per table once seeded."""

    counts: dict[str, int] | None = None


def _row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def _forget_demo() -> None:
    """Wipe a module's demo if the database holds one (called inside an app context)."""
    if _Demo.counts is not None:
        _Demo.counts = None
        _wipe()


@pytest.fixture
def db_app(app):
    """An app context over an empty database, with the clock stopped at TODAY."""
    with app.app_context():
        _forget_demo()  # a test that writes never starts on a module's demo
        clock.set_now(TODAY)
        try:
            yield app
        finally:
            clock.set_now(None)
            _wipe()
            db.session.remove()


@pytest.fixture(scope="module")
def _demo_module(app):
    """The module's demo is wiped when the module ends, so the next module starts from an empty database."""
    yield
    with app.app_context():
        _forget_demo()
        db.session.remove()


@pytest.fixture
def demo(app, _demo_module, request):
    """An app context over the whole demo (app.demo.dataset.seed, the clock stopped at TODAY), for tests that
    only read it: seeded by the module's first such test (about a second) and kept until the module ends; db_app
    wipes it first if a writing test comes in between. A test that writes fails in teardown, and the demo is
    seeded again: writing tests need db_app."""
    from app.demo.dataset import seed

    if "db_app" in request.fixturenames:
        pytest.fail("`demo` is shared by the module's read-only tests; a test that writes needs db_app alone")
    with app.app_context():
        clock.set_now(TODAY)
        try:
            if _Demo.counts is None:
                seed()
                db.session.commit()
                _Demo.counts = _row_counts()
            yield app
        finally:
            clock.set_now(None)
            db.session.rollback()
            written = _Demo.counts != _row_counts()
            if written:
                _forget_demo()
            db.session.remove()
    if written:
        pytest.fail("a test using the shared `demo` wrote to the database; give it db_app (a fresh database)")


@pytest.fixture
def build(db_app):
    from tests.factories import Builder

    return Builder()


@pytest.fixture
def client(db_app):
    return db_app.test_client()


class AuthActions:
    """Signing in and out through the login form, the way a person does (flaskr's `auth` fixture).

    The test client shares the test's app context and database session, so both first commit what the test
    made (with the builder): a view's rollback after a refused action cannot take the test data with it."""

    def __init__(self, client) -> None:
        self._client = client

    def login(self, user: User | str, password: str = PASSWORD, environ_base: dict | None = None, **extra):
        """Sign out, sign in as `user` (a User or a username) and expect the redirect that means success; `extra`
        are more fields of the form (remember="y"), `environ_base` the request's WSGI environ (REMOTE_ADDR)."""
        self.logout()
        with self._client.session_transaction() as session:
            # Signing out when no one was signed in left "please sign in" to be shown on the next page: noise
            # from this set-up step, not something the test did.
            session.pop("_flashes", None)
        response = self.attempt(user, password, environ_base, **extra)
        assert response.status_code == 302, f"login as {_username(user)} failed ({response.status_code})"
        return response

    def attempt(self, user: User | str, password: str = PASSWORD, environ_base: dict | None = None,
                headers: dict | None = None, **extra):
        """Post the login form once, as it is, and return the answer (for the tests of the login page itself)."""
        if has_app_context():  # outside one (each request in its own context), the test made nothing to commit
            db.session.commit()
        return self._client.post("/auth/login", data={"username": _username(user), "password": password, **extra},
                                 environ_base=environ_base or {}, headers=headers or {})

    def logout(self):
        db.session.commit()
        return self._client.post("/auth/logout")

    def using(self, client) -> AuthActions:
        """The same actions with another test client (e.g. of an app the test builds itself)."""
        return AuthActions(client)


def _username(user: User | str) -> str:
    return user.username if isinstance(user, User) else user


@pytest.fixture
def auth(client) -> AuthActions:
    """auth.login(user_or_username), auth.logout(), auth.attempt(...) with the test's client."""
    return AuthActions(client)


@pytest.fixture(scope="module")
def fresh_database_url(tmp_path_factory):
    """A new empty database of the module's own, visible to other engines and processes: next to
    TEST_DATABASE_URL on the same PostgreSQL server (created and dropped with scripts/pg_test_db.py, as the
    Makefile does), else a new SQLite file. Dropped when the module ends."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('fresh') / 'fresh.db'}"
        return
    admin = pg_test_db.admin_url_next_to(normalise_database_url(url))
    name = f"kn_fresh_{uuid.uuid4().hex[:8]}"
    yield pg_test_db.create(name, admin)
    pg_test_db.drop(name, admin)


def d(text: str) -> date:
    """dd/mm/yyyy, the way people here write dates, for readable assertions."""
    day, month, year = (int(x) for x in text.split("/"))
    return date(year, month, day)
