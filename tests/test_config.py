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
