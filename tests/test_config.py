"""Configuration from the environment: secrets, database URLs, time zone."""
from __future__ import annotations

import pytest

import config
from app import clock, create_app


def test_production_requires_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config.ProductionConfig, {"SECRET_KEY": None})


def test_development_generates_and_keeps_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    settings: dict = {}
    config.DevelopmentConfig.finalise(settings)
    again: dict = {}
    config.DevelopmentConfig.finalise(again)
    assert len(settings["SECRET_KEY"]) == 64 and settings["SECRET_KEY"] == again["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only


@pytest.mark.parametrize("url", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_use_psycopg3(url):
    assert config.normalise_database_url(url) == "postgresql+psycopg://u@h/db"


def test_time_zone_comes_from_config():
    try:
        create_app(config.TestingConfig, {"APP_TIMEZONE": "Asia/Tokyo", "CLOCK_FROZEN_AT": "2026-11-22T10:00"})
        assert clock.now().utcoffset().total_seconds() == 9 * 3600
    finally:
        clock.configure("Asia/Ho_Chi_Minh", None)


def test_request_body_limit_leaves_room_above_the_file_limit():
    """A file a little over the limit must reach the form (which keeps the typed text), not a bare 413."""
    assert config.Config.MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    assert config.Config.MAX_CONTENT_LENGTH >= 2 * config.Config.MAX_UPLOAD_BYTES


def test_every_setting_is_declared_once_and_documented():
    readme = (config.BASE_DIR / "README.md").read_text(encoding="utf-8")
    undocumented = [name for name in config.DECLARED if f"`{name}`" not in readme]
    assert config.DECLARED and not undocumented


def test_nothing_but_config_reads_the_environment():
    readers = []
    for folder in ("app", "reports", "workflows"):
        for path in (config.BASE_DIR / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "os.environ" in text or "os.getenv" in text:
                readers.append(str(path.relative_to(config.BASE_DIR)))
    assert readers == []


def _start(tmp_path, **environment):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("APP_ENV", "TEST_DATABASE_URL", "DATABASE_URL")}
    env.update(INSTANCE_PATH=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", **environment)
    return subprocess.run([sys.executable, "-c", "import run"], cwd=config.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("environment", "named"), [
    ({"APP_ENV": "prod"}, "APP_ENV='prod'"),
    ({"APP_ENV": "testing"}, "APP_ENV='testing'"),  # CSRF off and a public key: the test suite's alone
    ({"MAIL_PORT": "hai mươi lăm"}, "MAIL_PORT="),
    ({"APP_TIMEZONE": "Asia/Hanoi"}, "APP_TIMEZONE="),
    ({"SCHEDULE_DIGEST": "every monday"}, "SCHEDULE_DIGEST="),
    ({"MAIL_USE_TLS": "maybe"}, "MAIL_USE_TLS="),
    ({"WEB_WORKERS": "0"}, "WEB_WORKERS="),
    ({"SCHEDULER_LEASE_SECONDS": "600"}, "SCHEDULER_LEASE_SECONDS="),
    ({"LOG_FORMAT": "xml"}, "LOG_FORMAT="),
    ({"DB_MAX_OVERFLOW": "-1"}, "DB_MAX_OVERFLOW="),
    ({"APP_ENV": "production", "SECRET_KEY": "x"}, "SECRET_KEY quá ngắn"),
    ({"APP_ENV": "production", "SECRET_KEY": "k" * 31}, "SECRET_KEY quá ngắn"),
    ({"REMEMBER_DAYS": "365"}, "REMEMBER_DAYS="),
    ({"TRUSTED_PROXIES": "tất cả"}, "TRUSTED_PROXIES="),
    ({"DATE_EARLIEST": "01/01/2000"}, "DATE_EARLIEST="),
    ({"CLOCK_FROZEN_AT": "mai"}, "CLOCK_FROZEN_AT="),
    ({"MAIL_PORT": "-5"}, "MAIL_PORT="),
    ({"MAIL_PORT": "70000"}, "MAIL_PORT="),
    ({"MAIL_USE_TLS": "1", "MAIL_USE_SSL": "1"}, "MAIL_USE_TLS và MAIL_USE_SSL"),
    ({"PUBLIC_BASE_URL": "nope"}, "PUBLIC_BASE_URL="),
    ({"MAX_UPLOAD_MB": "0"}, "MAX_UPLOAD_MB=0"),
])
def test_a_wrong_setting_stops_the_start_with_one_line(tmp_path, environment, named):
    done = _start(tmp_path, **environment)
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0 and named in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_production_starts_with_a_long_enough_secret_key(tmp_path):
    done = _start(tmp_path, APP_ENV="production", SECRET_KEY="k" * 32)
    assert done.returncode == 0, done.stderr


def test_the_default_settings_start(tmp_path):
    done = _start(tmp_path)
    assert done.returncode == 0, done.stderr


def test_postgresql_pools_are_sized_from_config_and_ping_before_use():
    app = create_app(config.TestingConfig, {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@127.0.0.1:1/db",
                                            "DB_POOL_SIZE": 3, "DB_MAX_OVERFLOW": 2})
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_pre_ping"] is True  # connections closed by a database restart are replaced, not used
    assert (options["pool_size"], options["max_overflow"]) == (3, 2)
    assert options["connect_args"]["connect_timeout"] > 0  # an outage fails a request in seconds, not minutes
    sqlite = create_app(config.TestingConfig, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "pool_size" not in sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_gunicorn_takes_its_settings_from_config():
    import os
    import subprocess
    import sys

    env = {**os.environ, "WEB_BIND": "127.0.0.1:8123", "WEB_WORKERS": "3", "WEB_THREADS": "1", "WEB_TIMEOUT": "45"}
    code = ("import runpy; s = runpy.run_path('gunicorn.conf.py'); "
            "print(s['bind'], s['workers'], s['worker_class'], s['timeout'], s['preload_app'], s['accesslog'])")
    done = subprocess.run([sys.executable, "-c", code], cwd=config.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.split() == ["['127.0.0.1:8123']", "3", "sync", "45", "False", "None"], done.stderr
