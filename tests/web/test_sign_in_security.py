"""Signing in under attack: failures spread further attempts out in time (per account and address, per
account, per address), a correct password is never refused because of other people's failures from the
same address, the per-account limit holds across two servers sharing the database, the client's address is
the proxy's word only when TRUSTED_PROXIES says so, a missing account costs the same hash as a real one,
and every attempt is in the account audit log an administrator reads."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock, create_app
from app.extensions import db
from app.models import AccountEvent
from app.services.accounts import sign_in as sign_in_service
from config import TestingConfig
from tests.factories import PASSWORD

WRONG = "khong-phai-mat-khau-9"


def at(ip: str = "198.51.100.10") -> dict:
    """The request's address: an office computer unless the test names another."""
    return {"REMOTE_ADDR": ip}


def kinds(username: str) -> list[str]:
    return list(db.session.scalars(select(AccountEvent.kind).where(AccountEvent.username == username)
                                   .order_by(AccountEvent.id)))


def test_failures_on_one_account_from_one_address_make_it_wait_longer_each_time(client, build, auth):
    clerk = build.clerk
    free = client.application.config["LOGIN_FREE_FAILURES"]
    for _ in range(free - 1):
        assert "không đúng" in auth.attempt(clerk.username, WRONG, environ_base=at()).get_data(as_text=True)
    last_free = auth.attempt(clerk.username, WRONG, environ_base=at())
    assert last_free.status_code == 429 and "đợi 15 giây" in last_free.get_data(as_text=True)
    # While it waits, even the right password is not looked at: a guess made now learns nothing.
    refused = auth.attempt(clerk.username, environ_base=at())
    assert refused.status_code == 429 and "/auth/login" in client.get("/").get_data(as_text=True)
    with clock.travel_to(clock.now() + timedelta(seconds=16)):
        again = auth.attempt(clerk.username, WRONG, environ_base=at())
        assert again.status_code == 429 and "đợi 30 giây" in again.get_data(as_text=True)
    with clock.travel_to(clock.now() + timedelta(seconds=16 + 31)):
        # waited: the right password signs in
        assert auth.attempt(clerk.username, environ_base=at()).status_code == 302
    assert kinds(clerk.username)[-3:] == ["sign_in_failed", "throttled", "sign_in"]
    client.post("/auth/logout")
    # another account was never held up
    assert auth.attempt(build.committee.username, environ_base=at()).status_code == 302


def test_the_same_account_from_another_address_is_not_held_up_by_the_pair_limit(client, build, auth):
    clerk = build.clerk
    for _ in range(client.application.config["LOGIN_FREE_FAILURES"]):
        auth.attempt(clerk.username, WRONG, environ_base=at("198.51.100.66"))
    assert auth.attempt(clerk.username, environ_base=at("198.51.100.66")).status_code == 429
    assert auth.attempt(clerk.username, environ_base=at("192.0.2.1")).status_code == 302


def test_a_correct_password_signs_in_from_an_address_full_of_failures(client, build, monkeypatch, auth):
    """One person behind the office's NAT address guessing other accounts must not lock everybody out."""
    monkeypatch.setitem(client.application.config, "LOGIN_ADDRESS_FREE_FAILURES", 12)
    office = "203.0.113.5"
    for i in range(12):
        auth.attempt(f"doan.ten.{i}", WRONG, environ_base=at(office))
    guess = auth.attempt("doan.ten.99", WRONG, environ_base=at(office))
    assert guess.status_code == 429  # the address's wrong passwords now wait...
    assert auth.attempt(build.clerk.username, environ_base=at(office)).status_code == 302  # ...right ones never
    client.post("/auth/logout")
    assert auth.attempt(build.committee.username, environ_base=at(office)).status_code == 302


@pytest.fixture
def second_server(db_app):
    """Another app process over the same database, as behind a load balancer."""
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": db_app.config["SQLALCHEMY_DATABASE_URI"]})
    clock.set_now("2026-11-22T10:00")  # create_app re-configures the clock
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_per_account_limit_holds_across_two_servers_sharing_the_database(db_app, client, build,
                                                                            second_server, auth):
    username = build.clerk.username  # read outside the second app's context (see the test below)
    db.session.commit()
    other = second_server.test_client()
    limit = db_app.config["LOGIN_ACCOUNT_FREE_FAILURES"]
    for i in range(limit):
        # Alternate servers and addresses: neither server alone, nor any one address, reaches a limit.
        server = client if i % 2 == 0 else other
        ip = f"198.51.100.{100 + i}"
        if server is client:
            auth.attempt(username, WRONG, environ_base=at(ip))
        else:
            with second_server.app_context():
                auth.using(other).attempt(username, WRONG, environ_base=at(ip))
    with second_server.app_context():
        held = auth.using(other).attempt(username, environ_base=at("192.0.2.200"))
    assert held.status_code == 429
    assert auth.attempt(username, environ_base=at("192.0.2.201")).status_code == 429


def test_the_client_address_is_the_proxys_word_only_with_trusted_proxies(db_app, client, build, auth):
    forged = {"X-Forwarded-For": "203.0.113.77"}
    # Read before another app's context is pushed: inside it the test's objects would load through that
    # app's engine (Flask-SQLAlchemy binds by current_app).
    username = build.clerk.username
    db.session.commit()
    auth.attempt(username, WRONG, headers=forged)
    assert db.session.scalar(select(AccountEvent.ip).order_by(AccountEvent.id.desc())) == "127.0.0.1"
    behind = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": db_app.config["SQLALCHEMY_DATABASE_URI"],
                                        "TRUSTED_PROXIES": 1})
    clock.set_now("2026-11-22T10:00")
    try:
        with behind.app_context():
            auth.using(behind.test_client()).attempt(username, WRONG, headers=forged)
            assert db.session.scalar(select(AccountEvent.ip).order_by(AccountEvent.id.desc())) == "203.0.113.77"
    finally:
        with behind.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_missing_account_costs_one_hash_of_the_same_kind(db_app, client, build, monkeypatch, auth):
    """The response time must not tell which user names exist: an unknown one is checked against a dummy
    hash made with the configured method, exactly once, like a real account's."""
    import app.models.user as user_model

    seen = []

    def spy(original):
        def check(pwhash, password):
            seen.append(pwhash.split("$", 1)[0])
            return original(pwhash, password)
        return check

    monkeypatch.setattr(sign_in_service, "check_password_hash", spy(sign_in_service.check_password_hash))
    monkeypatch.setattr(user_model, "check_password_hash", spy(user_model.check_password_hash))
    auth.attempt("khong.ai.co.ten.nay", WRONG, environ_base=at())
    unknown = list(seen)
    seen.clear()
    auth.attempt(build.clerk.username, WRONG, environ_base=at())
    assert unknown == seen == [db_app.config["PASSWORD_HASH_METHOD"]]


def test_full_width_user_names_sign_in_as_their_ascii_form(client, build, auth):
    assert build.clerk.username == "clerk"
    assert auth.attempt("ｃｌｅｒｋ", environ_base=at()).status_code == 302


def test_the_account_log_records_every_step_and_only_administrators_read_it(client, build, auth):
    clerk = build.clerk
    auth.attempt("khong.ai.co", WRONG, environ_base=at())
    auth.attempt(clerk.username, WRONG, environ_base=at())
    auth.attempt(clerk.username, environ_base=at())
    client.post("/account/password", data={"current": PASSWORD, "new": "mua-thu-ha-noi-2026",
                                           "repeat": "mua-thu-ha-noi-2026"})
    client.post("/auth/logout")
    assert kinds(clerk.username) == ["created", "sign_in_failed", "sign_in", "password_changed", "sign_out"]
    unknown = db.session.scalar(select(AccountEvent).where(AccountEvent.username == "khong.ai.co"))
    assert unknown.user_id is None and unknown.ip == "198.51.100.10"
    auth.login(build.committee)
    assert client.get("/admin/account-log").status_code == 403
    auth.login(build.admin)
    page = client.get("/admin/account-log").get_data(as_text=True)
    for label in ("Đăng nhập sai", "Đăng nhập", "Tự đổi mật khẩu", "Đăng xuất", "không có tài khoản này"):
        assert label in page
    only = client.get("/admin/account-log?kind=password_changed").get_data(as_text=True)
    assert "Tự đổi mật khẩu" in only and "khong.ai.co" not in only
    by_name = client.get("/admin/account-log?q=khong.ai").get_data(as_text=True)
    assert "khong.ai.co" in by_name and f">{clerk.username}<" not in by_name
