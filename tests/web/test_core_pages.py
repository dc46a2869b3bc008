"""The landing page, signing in and out, login required by default, error pages."""
from __future__ import annotations

from tests.factories import PASSWORD


def test_landing_page_renders_vietnamese(client, build):
    build.petition("transferred")
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Hệ thống theo dõi kiến nghị cử tri" in html
    assert "22/11/2026" in html  # dd/mm/yyyy in the council's time zone
    assert "/bootstrap/static/" in html  # Bootstrap served by the app itself, no CDN


def test_login_logout_and_bad_password(client, auth, build):
    clerk = build.clerk
    bad = auth.attempt(clerk, "sai-mat-khau-1")
    assert bad.status_code == 200
    assert "không đúng" in bad.get_data(as_text=True)
    ok = auth.attempt(clerk)
    assert ok.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert clerk.full_name in page and "Chuyên viên Văn phòng" in page
    assert client.post("/auth/logout").status_code == 302
    assert clerk.full_name not in client.get("/").get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, auth, build):
    clerk = build.clerk
    clerk.active = False
    from app.extensions import db

    db.session.commit()
    assert auth.attempt(clerk).status_code == 200


def test_login_refuses_open_redirects(client, build):
    response = client.post("/auth/login?next=https://evil.example/x",
                           data={"username": build.clerk.username, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_404_page_is_in_vietnamese_and_json_for_api(client):
    page = client.get("/khong-co-trang-nay")
    assert page.status_code == 404
    assert "Không tìm thấy" in page.get_data(as_text=True)
    api = client.get("/api/khong-co", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.get_json()["error"]


def test_health(client):
    assert client.get("/health").get_json() == {"status": "ok"}
