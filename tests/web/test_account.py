"""Signing in and the own account: cookie flags, change password, language, 403/404/500 pages (throttling:
test_sign_in_security.py; sessions: test_sessions.py)."""
from __future__ import annotations

import logging

import pytest

from app import clock, create_app
from app.extensions import db
from app.models import User
from config import TestingConfig
from tests.factories import PASSWORD


def test_session_and_remember_cookies_are_httponly_and_samesite(client, auth, build):
    response = auth.attempt(build.clerk, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session, remember):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie


def test_change_own_password(client, auth, build):
    clerk = build.clerk
    db.session.commit()
    auth.login(clerk)
    assert client.get("/account/password").status_code == 200
    wrong = client.post("/account/password", data={"current": "khong-dung-1", "new": "mat-khau-moi-2",
                                                    "repeat": "mat-khau-moi-2"})
    assert wrong.status_code == 400 and "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    weak = client.post("/account/password", data={"current": PASSWORD, "new": "ngan", "repeat": "ngan"})
    assert weak.status_code == 400 and "ít nhất 10 ký tự" in weak.get_data(as_text=True)
    mismatch = client.post("/account/password", data={"current": PASSWORD, "new": "mat-khau-moi-2",
                                                       "repeat": "mat-khau-moi-3"})
    assert "không khớp" in mismatch.get_data(as_text=True)
    assert 'value="mat-khau' not in mismatch.get_data(as_text=True)  # passwords are never echoed
    ok = client.post("/account/password", data={"current": PASSWORD, "new": "mat-khau-moi-2",
                                                 "repeat": "mat-khau-moi-2"})
    assert ok.status_code == 302
    db.session.refresh(clerk)
    assert clerk.check_password("mat-khau-moi-2")


def test_language_switch_per_user_and_anonymous(client, auth, build):
    clerk = build.clerk
    db.session.commit()
    assert "Sign in" in client.get("/?lang=en").get_data(as_text=True)
    auth.login(clerk)
    page = client.get("/").get_data(as_text=True)
    assert "Bảng điều khiển" in page and '<html lang="vi">' in page  # the account's language wins
    response = client.post("/account/language", data={"lang": "en", "next": "/admin/"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    db.session.refresh(clerk)
    assert clerk.locale == "en"
    page = client.get("/").get_data(as_text=True)
    assert "Dashboard" in page and "Sign out" in page and '<html lang="en">' in page
    auth.logout()
    client.post("/account/language", data={"lang": "vi"})
    auth.login(clerk)
    assert "Dashboard" in client.get("/").get_data(as_text=True)  # stored on the account
    evil = client.post("/account/language", data={"lang": "vi", "next": "https://evil.example/"})
    assert evil.headers["Location"] == "/"


def test_english_pages_and_forbidden_in_english(client, auth, build):
    clerk = build.clerk
    clerk.locale = "en"
    db.session.commit()
    auth.login(clerk)
    forbidden = client.get("/admin/users")
    assert forbidden.status_code == 403
    assert "You do not have permission" in forbidden.get_data(as_text=True)
    assert "Change password" in client.get("/account/password").get_data(as_text=True)


@pytest.fixture
def crashing_app(db_app):
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": db_app.config["SQLALCHEMY_DATABASE_URI"],
                                     "PROPAGATE_EXCEPTIONS": False})

    @app.post("/thu-loi")
    def boom():
        raise RuntimeError("hỏng")

    clock.set_now("2026-11-22T10:00")  # create_app re-configures the clock
    yield app
    with app.app_context():  # its own engine: close its connections, or PostgreSQL warns at exit
        db.session.remove()
        db.engine.dispose()


def test_server_error_after_post_shows_what_was_typed(crashing_app, build, caplog, auth):
    clerk = build.clerk
    db.session.commit()
    client = crashing_app.test_client()
    auth.using(client).login(clerk)
    with caplog.at_level(logging.ERROR):
        response = client.post("/thu-loi", data={"content": "Đề nghị nạo vét kênh Đồng Bông\ndòng hai",
                                                 "password": "bi-mat-123", "csrf_token": "abc"})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Đề nghị nạo vét kênh Đồng Bông\ndòng hai" in html and "Nội dung bạn vừa gửi" in html
    assert "bi-mat-123" not in html and "abc" not in html
    assert any("Unhandled error on POST /thu-loi" in r.getMessage() for r in caplog.records)


def test_user_locale_is_stored(build):
    from app.services.accounts import users as accounts

    clerk = build.clerk
    accounts.set_locale(clerk, "en")
    assert db.session.get(User, clerk.id).locale == "en"
    with pytest.raises(Exception, match="không được hỗ trợ"):
        accounts.set_locale(clerk, "fr")
