"""A real browser (Debian chromium via Playwright) signs in as admin, walks the dashboard and admin pages,
creates an account, switches to English, and saves screenshots to test-artifacts/ui/."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import follow, login

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"
ADMIN_PAGES = ["/admin/", "/admin/users", "/admin/agencies", "/admin/committees", "/admin/sessions",
               "/admin/deadline-rules", "/admin/calendar?year=2026", "/admin/lifecycle"]

pytestmark = pytest.mark.e2e


def _admin_world():
    """Three items in different states and the administrator, made through the services."""
    from app.extensions import db
    from tests.factories import PASSWORD, Builder

    build = Builder()
    build.petition("transferred")
    build.petition("answered")
    build.petition("recorded")
    admin = build.admin
    db.session.commit()
    return {"admin": admin.username}, {}, PASSWORD


@pytest.fixture(scope="module")
def live_data():
    return _admin_world


def test_admin_walks_dashboard_and_admin_pages(page, live_server):
    from playwright.sync_api import expect

    base = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    login(page, live_server, "admin")
    expect(page.get_by_role("heading", name="Bảng điều khiển")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(2)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    for path in ADMIN_PAGES:
        response = page.goto(base + path)
        assert response.status == 200, path
        name = path.strip("/").split("?")[0].replace("/", "_")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    expect(page.locator("figure img")).to_be_visible()  # the lifecycle picture loaded

    page.goto(base + "/admin/users/new")
    page.get_by_label("Tên đăng nhập").fill("can.bo.moi")
    page.get_by_label("Họ và tên").fill("Cán bộ Mới")
    page.get_by_label("Vai trò").select_option("clerk")
    follow(page, page.get_by_role("button", name="Lưu"))
    password = page.locator("#new-password").input_value()
    assert len(password) >= 10
    page.screenshot(path=str(ARTIFACTS / "admin_user_created.png"))

    page.goto(base + "/")
    follow(page, page.get_by_role("button", name="EN"))
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard_en.png"), full_page=True)

    page.set_viewport_size({"width": 800, "height": 1100})  # a tablet
    page.goto(base + "/admin/calendar")
    page.screenshot(path=str(ARTIFACTS / "admin_calendar_tablet.png"))
