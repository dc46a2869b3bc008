"""A real browser (Debian chromium via Playwright) signs in as admin, walks the dashboard and admin pages,
creates an account, switches to English, and saves screenshots to test-artifacts/ui/."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import clock, create_app
from app.extensions import db
from config import TestingConfig

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"
ADMIN_PAGES = ["/admin/", "/admin/users", "/admin/agencies", "/admin/committees", "/admin/sessions",
               "/admin/deadline-rules", "/admin/calendar?year=2026", "/admin/lifecycle"]

pytestmark = pytest.mark.e2e


def _need_chromium() -> None:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is required on CI (apt-get install chromium)")
    pytest.skip(f"no browser at {CHROMIUM}: apt-get install chromium")


@pytest.fixture
def live_server(tmp_path):
    """The app on a free localhost port, in a thread, over its own SQLite database with CSRF on."""
    _need_chromium()
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.db'}",
                                     "WTF_CSRF_ENABLED": True, "CLOCK_FROZEN_AT": "2026-11-22T10:00",
                                     "UPLOAD_DIR": str(tmp_path / "uploads")})
    with app.app_context():
        db.create_all()
        from tests.factories import Builder

        build = Builder()
        build.petition("transferred")
        build.petition("answered")
        build.petition("recorded")
        admin = build.admin
        db.session.commit()
        username = admin.username
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", username
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.engine.dispose()
        clock.set_now(None)


def test_admin_walks_dashboard_and_admin_pages(live_server):
    from playwright.sync_api import expect, sync_playwright

    from tests.factories import PASSWORD

    base, username = live_server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
            page.goto(base + "/auth/login")
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
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
            page.get_by_role("button", name="Lưu").click()
            password = page.locator("#new-password").input_value()
            assert len(password) >= 10
            page.screenshot(path=str(ARTIFACTS / "admin_user_created.png"))

            page.goto(base + "/")
            page.get_by_role("button", name="EN").click()
            expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "dashboard_en.png"), full_page=True)

            page.set_viewport_size({"width": 800, "height": 1100})  # a tablet
            page.goto(base + "/admin/calendar")
            page.screenshot(path=str(ARTIFACTS / "admin_calendar_tablet.png"))
        finally:
            browser.close()
