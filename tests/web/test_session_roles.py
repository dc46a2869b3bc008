"""Sign-ins and roles: a clerk remembered for weeks who is then made an administrator does not keep a
remembered administrator's sign-in (administrators are never remembered), whether the role was changed on the
admin page (every sign-in ends) or behind its back; "sign out everywhere" is one click on the account page, and
logout ends only this browser."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AccountEvent, UserSession
from tests.factories import PASSWORD


def signed_in_as(app, remember_token: str) -> int:
    """Status of /admin/users for a browser holding only a copy of this remember-me cookie."""
    thief = app.test_client()
    thief.set_cookie("remember_token", remember_token)
    return thief.get("/admin/users").status_code


def remembered_clerk(client, clerk) -> str:
    db.session.commit()
    assert client.post("/auth/login", data={"username": clerk.username, "password": PASSWORD,
                                            "remember": "y"}).status_code == 302
    return client.get_cookie("remember_token").value


def test_promotion_to_administrator_ends_the_remembered_sign_in(db_app, client, auth, build):
    clerk, admin = build.clerk, build.admin
    token = remembered_clerk(client, clerk)
    assert signed_in_as(db_app, token) == 403  # a clerk's remembered sign-in: no admin pages
    promoter = db_app.test_client()
    db.session.commit()
    promoter.post("/auth/login", data={"username": admin.username, "password": PASSWORD})
    saved = promoter.post(f"/admin/users/{clerk.id}", data={"username": clerk.username, "full_name": clerk.full_name,
                                                             "role": "admin", "agency": "0", "committee": "0"})
    assert saved.status_code == 302
    assert signed_in_as(db_app, token) == 302  # to the sign-in page, not into the admin pages
    assert client.get("/account/").status_code == 302  # the clerk's own browser signs in again too
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == clerk.id))
    assert row.revoked_reason == "role_changed"
    event = db.session.scalar(select(AccountEvent).where(AccountEvent.user_id == clerk.id)
                              .order_by(AccountEvent.id.desc()))
    assert event.kind == "sessions_revoked" and event.actor_id == admin.id and "admin" in event.detail


def test_a_remembered_sign_in_is_refused_once_the_account_is_an_administrators(db_app, client, build):
    """Checked on every request, not only at sign-in: a role changed without the admin page (the command line,
    a restored database) must not leave a remembered administrator signed in either."""
    clerk = build.clerk
    token = remembered_clerk(client, clerk)
    clerk.role = "admin"
    db.session.commit()
    assert signed_in_as(db_app, token) == 302
    assert db.session.scalar(select(UserSession.revoked_at).where(UserSession.user_id == clerk.id)) is None


def test_a_change_that_keeps_the_role_keeps_the_sign_ins(db_app, client, build):
    clerk, admin = build.clerk, build.admin
    token = remembered_clerk(client, clerk)
    promoter = db_app.test_client()
    promoter.post("/auth/login", data={"username": admin.username, "password": PASSWORD})
    promoter.post(f"/admin/users/{clerk.id}", data={"username": clerk.username, "full_name": "Tên mới",
                                                    "role": "clerk", "agency": "0", "committee": "0"})
    assert db.session.scalar(select(UserSession.revoked_at).where(UserSession.user_id == clerk.id)) is None
    assert signed_in_as(db_app, token) == 403  # still the clerk, still signed in


def test_sign_out_everywhere_is_one_click_on_the_account_page_and_logged(db_app, client, auth, build):
    clerk = build.clerk
    phone = db_app.test_client()
    token = remembered_clerk(phone, clerk)
    auth.login(clerk)
    page = client.get("/account/").get_data(as_text=True)
    assert "Đăng xuất khỏi mọi nơi" in page
    response = client.post("/account/sessions/revoke-all")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/login")
    assert client.get("/account/").status_code == 302 and phone.get("/account/").status_code == 302
    assert signed_in_as(db_app, token) == 302
    event = db.session.scalar(select(AccountEvent).where(AccountEvent.user_id == clerk.id)
                              .order_by(AccountEvent.id.desc()))
    assert event.kind == "sessions_revoked" and event.detail == "2"


def test_logout_ends_only_this_browsers_sign_in(db_app, client, auth, build):
    """On a shared computer one signs out of that computer; the other browsers are ended from the account page."""
    clerk = build.clerk
    phone = db_app.test_client()
    remembered_clerk(phone, clerk)
    auth.login(clerk)
    client.post("/auth/logout")
    assert client.get("/account/").status_code == 302
    assert phone.get("/account/").status_code == 200
