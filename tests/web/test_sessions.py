"""Sign-ins held on the server: a session cookie or a remember-me cookie copied before logout, a password
change or reset, a deactivation or an administrator's "sign out everywhere" signs nobody in afterwards;
remember-me lasts REMEMBER_DAYS (at most 30) and is refused for administrators; the account page lists
one's sign-ins and ends them."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

import config
from app import clock, create_app
from app.extensions import db
from app.models import AccountEvent, UserSession
from app.services.accounts import sessions
from tests.factories import PASSWORD


def signed_in(client) -> bool:
    """Whether the client's cookies sign anybody in (the account page needs a sign-in)."""
    return client.get("/account/").status_code == 200


def copy_of(app, client, *names):
    """A second browser holding copies of the first one's cookies (what a thief would have)."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie to copy"
        thief.set_cookie(name, cookie.value)
    return thief


def test_a_copied_session_cookie_is_useless_after_logout(db_app, client, build, auth):
    assert auth.attempt(build.clerk).status_code == 302
    thief = copy_of(db_app, client, "session")
    assert signed_in(thief)  # the copy works while the sign-in lasts...
    client.post("/auth/logout")
    assert not signed_in(client)
    assert not signed_in(thief)  # ...and dies with it
    row = db.session.scalar(select(UserSession))
    assert row.revoked_at is not None and row.revoked_reason == "sign_out"


def test_a_copied_remember_me_cookie_dies_with_logout(db_app, client, build, auth):
    auth.attempt(build.clerk, remember="y")
    thief = copy_of(db_app, client, "remember_token")  # no session cookie: only "remember me"
    assert signed_in(thief)
    client.post("/auth/logout")
    assert not signed_in(copy_of(db_app, thief, "remember_token"))


def test_password_change_ends_every_other_sign_in_and_keeps_this_browser(db_app, client, build, auth):
    auth.attempt(build.clerk, remember="y")
    other_browser = db_app.test_client()
    auth.using(other_browser).attempt(build.clerk)
    thief = copy_of(db_app, client, "session", "remember_token")
    changed = client.post("/account/password", data={"current": PASSWORD, "new": "mua-thu-ha-noi-2026",
                                                     "repeat": "mua-thu-ha-noi-2026"})
    assert changed.status_code == 302
    assert signed_in(client)  # this browser continues, on a new sign-in
    assert not signed_in(other_browser) and not signed_in(thief)
    assert client.get_cookie("remember_token").value != thief.get_cookie("remember_token").value


@pytest.mark.parametrize("action", ["reset-password", "active", "sign-out"])
def test_administrator_actions_end_every_sign_in_of_the_account(db_app, client, build, action, auth):
    clerk = build.clerk
    victim = db_app.test_client()
    auth.using(victim).attempt(clerk, remember="y")
    remembered = copy_of(db_app, victim, "remember_token")
    auth.login(build.admin)
    response = client.post(f"/admin/users/{clerk.id}/{action}", data={"active": "0"})
    assert response.status_code in (200, 302)
    assert not signed_in(victim) and not signed_in(remembered)
    assert signed_in(client)  # the administrator's own sign-in is untouched
    kinds = set(db.session.scalars(select(AccountEvent.kind).where(AccountEvent.user_id == clerk.id)))
    assert {"reset-password": "password_reset", "active": "deactivated", "sign-out": "sessions_revoked"}[action] in kinds


def test_remember_me_is_refused_for_administrators(db_app, client, build, auth):
    response = auth.attempt(build.admin, remember="y")
    assert response.status_code == 302
    assert client.get_cookie("remember_token") is None
    assert "không được ghi nhớ đăng nhập" in client.get("/").get_data(as_text=True)
    assert db.session.scalar(select(UserSession.remember)) is False


def test_remember_me_lasts_remember_days_and_ends_then(db_app, client, build, auth):
    auth.attempt(build.clerk, remember="y")
    row = db.session.scalar(select(UserSession))
    assert row.remember and row.expires_at - row.created_at == timedelta(days=db_app.config["REMEMBER_DAYS"])
    with clock.travel_to(clock.now() + timedelta(days=db_app.config["REMEMBER_DAYS"], minutes=1)):
        assert not signed_in(copy_of(db_app, client, "remember_token"))


def test_a_sign_in_without_remember_me_ends_after_idle_minutes(db_app, client, build, auth):
    auth.attempt(build.clerk)
    idle = db_app.config["SESSION_IDLE_MINUTES"]
    with clock.travel_to(clock.now() + timedelta(minutes=idle - 5)):
        assert signed_in(client)  # activity moves last_seen_at on...
    with clock.travel_to(clock.now() + timedelta(minutes=2 * idle - 10)):
        assert signed_in(client)
    with clock.travel_to(clock.now() + timedelta(minutes=3 * idle - 5)):
        assert not signed_in(client)  # ...and a silence longer than SESSION_IDLE_MINUTES ends it (before 24 h)


@pytest.mark.parametrize("days", ["0", "31", "mười"])
def test_remember_days_must_be_between_one_and_thirty(days):
    with pytest.raises(config.ConfigError, match="REMEMBER_DAYS"):
        create_app(config.TestingConfig, {"REMEMBER_DAYS": int(days) if days.isdigit() else days})


def test_account_page_lists_sign_ins_and_ends_one_or_all_others(db_app, client, build, auth):
    clerk = build.clerk
    phone, laptop = db_app.test_client(), db_app.test_client()
    auth.using(phone).attempt(clerk)
    auth.using(laptop).attempt(clerk, remember="y")
    auth.attempt(clerk)
    page = client.get("/account/").get_data(as_text=True)
    assert page.count("Đăng xuất phiên này") == 2 and "Phiên này" in page
    phone_row = min(sessions.active_sessions(clerk), key=lambda r: r.id)
    assert client.post(f"/account/sessions/{phone_row.id}/revoke").status_code == 302
    assert not signed_in(phone) and signed_in(laptop) and signed_in(client)
    client.post("/account/sessions/revoke-others")
    assert not signed_in(laptop) and signed_in(client)


def test_another_users_sign_in_cannot_be_ended_from_my_account_page(db_app, client, build, auth):
    victim = db_app.test_client()
    auth.using(victim).attempt(build.committee)
    theirs = db.session.scalar(select(UserSession).where(UserSession.user_id == build.committee.id))
    auth.login(build.clerk)
    client.post(f"/account/sessions/{theirs.id}/revoke")
    assert "Không tìm thấy phiên đăng nhập này." in client.get("/account/").get_data(as_text=True)
    assert signed_in(victim)


def test_only_a_hash_of_the_token_is_stored(db_app, client, build, auth):
    auth.attempt(build.clerk)
    row = db.session.scalar(select(UserSession))
    cookie = client.get_cookie("session").value
    assert len(row.token_hash) == 64 and row.token_hash not in cookie
