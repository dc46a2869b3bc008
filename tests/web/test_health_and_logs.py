"""Health checks without sign-in (/healthz alive, /readyz database and migrations), one structured log line per
request with its id, and a clear 503 rather than a 500 when the database is out of reach."""
from __future__ import annotations

import json
import logging

import pytest
from flask_migrate import stamp
from sqlalchemy import text

from app import create_app
from app.extensions import db
from app.web import logs
from config import TestingConfig
from tests.conftest import AuthActions
from tests.smtp_server import free_port


def unreachable_app(**settings):
    """The app with a PostgreSQL address where nothing listens: what a server sees while the database is down."""
    return create_app(TestingConfig, {
        "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/kien_nghi", **settings})


def test_healthz_answers_without_sign_in_or_database():
    client = unreachable_app().test_client()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_and_health_say_503_when_the_database_is_unreachable():
    client = unreachable_app().test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable", "migrations": "unknown"}
    assert client.get("/health").status_code == 503


def test_readyz_wants_the_newest_migration(db_app):
    client = db_app.test_client()
    try:
        # The suite's schema comes from create_all: no migration recorded, so not ready.
        assert client.get("/readyz").get_json() == {"status": "unavailable", "database": "ok", "migrations": "behind"}
        stamp(revision="24d2b97c6ce4")  # an older release's schema
        assert client.get("/readyz").get_json()["migrations"] == "behind"
        with db.engine.begin() as conn:  # a newer release migrated the database; this server's code is older
            conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfacade42'"))
        response = client.get("/readyz")
        assert response.status_code == 503 and response.get_json()["migrations"] == "ahead"
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
        stamp(revision="head")
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok", "database": "ok", "migrations": "current"}
    finally:
        db.session.remove()
        with db.engine.begin() as conn:  # not one of the models' tables: leave no trace for other tests
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_the_old_health_url_still_answers(client):
    assert client.get("/health").get_json() == {"status": "ok"}


def _request_lines(caplog) -> list[dict]:
    return [r.fields for r in caplog.records if r.name == "kien_nghi.requests"]


def test_one_log_line_per_request_with_its_id_user_and_duration(client, auth, build, caplog):
    clerk = build.clerk
    auth.login(clerk)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="kien_nghi.requests"):
        response = client.get("/petitions?q=Tô+Hiệu")
        client.get("/healthz")
    lines = _request_lines(caplog)
    assert len(lines) == 2
    page, probe = lines
    assert page["method"] == "GET" and page["path"] == "/petitions" and page["status"] == 200
    assert page["user_id"] == str(clerk.id)
    assert isinstance(page["duration_ms"], float) and page["duration_ms"] > 0
    assert page["request_id"] == response.headers["X-Request-Id"] != probe["request_id"]
    # A probe loads no user (no database), and the cookie's value is a secret sign-in token, never logged.
    assert probe["path"] == "/healthz" and probe["user_id"] is None
    with client.session_transaction() as session:
        token = session["_user_id"]  # what Flask-Login keeps in the cookie: the sign-in's token
    assert len(token) > 20 and all(token not in str(line) for line in lines)
    # The search words stay out of the log (the query string may carry a voter's name).
    assert all("Tô" not in json.dumps(line, ensure_ascii=False) for line in lines)


def test_probes_are_logged_at_debug_so_the_journal_shows_people(client, caplog):
    with caplog.at_level(logging.INFO, logger="kien_nghi.requests"):
        client.get("/healthz")
        client.get("/auth/login")
    assert [line["path"] for line in _request_lines(caplog)] == ["/auth/login"]


@pytest.mark.parametrize(("incoming", "kept"), [
    ("7f3c2a9e-proxy.42", True),  # nginx's $request_id, or any sane token
    ("x" * 65, False),  # too long
    ('abc" level=ERROR msg="forged', False),  # an attempt to forge fields of a text log line
])
def test_the_proxys_request_id_is_kept_only_when_sane(client, caplog, incoming, kept):
    with caplog.at_level(logging.INFO, logger="kien_nghi.requests"):
        response = client.get("/auth/login", headers={"X-Request-Id": incoming})
    returned = response.headers["X-Request-Id"]
    assert (returned == incoming) is kept
    if not kept:
        assert len(returned) == 32 and returned.isalnum()
    assert _request_lines(caplog)[-1]["request_id"] == returned


def _record(**fields) -> logging.LogRecord:
    record = logging.LogRecord("kien_nghi.requests", logging.INFO, __file__, 1, "request", None, None)
    record.fields = fields
    record.request_id = "r-1"
    return record


def test_json_lines_are_one_object_with_the_fields():
    line = logs.JsonFormatter().format(_record(method="POST", path="/petitions/new", status=302, user_id="7",
                                               duration_ms=12.5))
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["msg"] == "request" and parsed["level"] == "INFO" and parsed["ts"].endswith("Z")
    assert {k: parsed[k] for k in ("request_id", "method", "path", "status", "user_id", "duration_ms")} == {
        "request_id": "r-1", "method": "POST", "path": "/petitions/new", "status": 302, "user_id": "7",
        "duration_ms": 12.5}


def test_text_lines_are_key_value_pairs_quoted_when_needed():
    line = logs.TextFormatter().format(_record(method="GET", path="/a b", status=200, user_id=None))
    assert " request request_id=r-1 method=GET path=\"/a b\" status=200 user_id=\"\"" in line


def test_a_database_outage_is_a_503_that_keeps_what_was_typed():
    app = unreachable_app(PROPAGATE_EXCEPTIONS=False)
    response = AuthActions(app.test_client()).attempt("vanphong", "bí mật")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.get_data(as_text=True)
    assert "tạm thời không kết nối được cơ sở dữ liệu" in page
    assert "vanphong" in page and "bí mật" not in page  # the typed name is shown back, never the password
