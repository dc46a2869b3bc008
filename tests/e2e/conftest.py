"""Browser tests: the app served on a free localhost port over a fresh database of its own (fresh_database_url:
SQLite, or PostgreSQL when the suite runs there), Debian's chromium (CHROMIUM_PATH) driven by Playwright (never
`playwright install`), the clock stopped and moved from the test through app.clock. One browser, one live server,
one page and one way to sign in and out, for every browser test.

The pages are served with the app's enforcing Content-Security-Policy, whose report-uri the app logs: every
browser test fails if chromium reported a single violation while it ran (watch_csp, no_csp_violations)."""
from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
START = "2026-11-22T10:00"
HOW_TO = "Chromium not found: `apt-get install -y chromium` (and `pip install playwright`) to run the browser tests."


def _browser_available() -> str | None:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        return HOW_TO
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return HOW_TO
    return None


@pytest.fixture(scope="module")
def browser():
    problem = _browser_available()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true: browser tests must not skip. " + problem)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# What chromium reported to /csp-report while a browser test ran (the app logs each report as a warning).
CSP_REPORTS: list[str] = []


class _CspReports(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if "CSP violation" in record.getMessage():
            CSP_REPORTS.append(record.getMessage())


def watch_csp(app) -> None:
    """Collect the CSP violations this live app receives into CSP_REPORTS."""
    app.logger.addHandler(_CspReports(level=logging.WARNING))


@pytest.fixture
def csp_reports() -> list[str]:
    """The reports list itself (a test module importing this conftest would get another copy of it)."""
    return CSP_REPORTS


@pytest.fixture(autouse=True)
def no_csp_violations():
    """After each browser test: the pages it drove broke the Content-Security-Policy nowhere."""
    CSP_REPORTS.clear()
    yield
    time.sleep(0.5)  # reports are posted by the browser after the page (at the latest when it closes)
    reports, CSP_REPORTS[:] = list(CSP_REPORTS), []
    assert reports == [], "the Content-Security-Policy was violated:\n" + "\n".join(reports)


def _reference_data():
    """Council, agencies and accounts for the scenario, made through the services like the real ones."""
    from app.extensions import db
    from app.services.accounts.users import create_user
    from tests.factories import PASSWORD, Builder

    build = Builder()
    names = {"clerk": ("vanphong", "Nguyễn Thị Lan", "clerk", None),
             "committee": ("thuongtruc", "Trần Văn Hùng", "committee", None),
             "officer": ("sxd.cv", "Lê Minh Tuấn", "agency_officer", build.agency),
             "leader": ("sxd.ld", "Phạm Quốc Bảo", "agency_leader", build.agency)}
    users = {key: create_user(None, username=u, full_name=n, password=PASSWORD, role=r, agency=a).username
             for key, (u, n, r, a) in names.items()}
    ids = {"field": build.field.id, "agency": build.agency.id, "session": build.session2.id}
    db.session.commit()
    return users, ids, PASSWORD


@pytest.fixture(scope="module")
def live_data():
    """What the live server's database starts with: a function run once in its app context (clock at START)
    that returns (users by key, ids, password). A module overrides this fixture for another world."""
    return _reference_data


def _whole_responses(wsgi_app):
    """Each response read whole and closed before the server sends it. A browser that navigates on while a
    file is still arriving resets the connection, and werkzeug's development server then skips closing the
    file it was sending (an unclosed-file ResourceWarning, an error in this suite, in whichever test runs)."""

    def app(environ, start_response):
        body = wsgi_app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return app


@pytest.fixture(scope="module")
def live_server(browser, fresh_database_url, live_data, tmp_path_factory):
    """The app on a free localhost port, in a thread, with CSRF on; one per module (needs the browser first,
    so a machine without chromium skips before anything is built)."""
    from werkzeug.serving import make_server

    from app import clock, create_app
    from app.extensions import db
    from config import TestingConfig

    folder = tmp_path_factory.mktemp("e2e")
    app = create_app(TestingConfig, {
        "SQLALCHEMY_DATABASE_URI": fresh_database_url,
        "UPLOAD_DIR": str(folder / "uploads"),
        "WTF_CSRF_ENABLED": True,  # a real browser goes through CSRF like a user
        "PROPAGATE_EXCEPTIONS": False,
    })
    watch_csp(app)
    clock.set_now(START)
    with app.app_context():
        db.create_all()
        users, ids, password = live_data()
        db.session.remove()
    server = make_server("127.0.0.1", 0, _whole_responses(app), threaded=True)  # port 0: the OS picks
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", app=app, users=users, ids=ids,
                              password=password, clock=clock)
    finally:
        server.shutdown()
        thread.join(5)
        clock.set_now(None)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@contextmanager
def browser_page(browser, width: int = 1280, height: int = 900, locale: str = "vi-VN"):
    """A page in a fresh browser context (its own cookies) of this screen size and language, closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    with browser_page(browser) as page:
        yield page


def login(page, server, who):
    """Sign in through the login page as `who` (a key of server.users), like a person does."""
    with signing(page):
        page.goto(server.url + "/auth/login")
        page.get_by_label("Tên đăng nhập").fill(server.users[who])
        page.get_by_label("Mật khẩu").fill(server.password)
        follow(page, page.get_by_role("button", name="Đăng nhập"))


class signing:  # noqa: N801 - used as `with signing(page):`
    """Counts what happens inside as signing in or out (when the page is tallied)."""

    def __init__(self, page):
        self.tally = getattr(page, "tally", None)

    def __enter__(self):
        if self.tally:
            self.tally.in_signing = True

    def __exit__(self, *exc):
        if self.tally:
            self.tally.in_signing = False


def logout(page):
    """Sign out from the account menu (once the page's scripts are loaded, so the menu opens when clicked)."""
    page.wait_for_load_state()
    with signing(page):
        button = page.get_by_role("button", name="Đăng xuất")
        if not page.locator("#account-menu").is_visible():  # a tablet: the bar is folded behind its button
            page.locator(".navbar-toggler").click()
            page.locator("#mainnav.show").wait_for()
        if not button.is_visible():  # the sign-out button lives in the account menu
            page.locator("#account-menu").click()
        follow(page, button)


def nav(page, name):
    """Follow a navigation-bar link (dashboards repeat many of the same words); on a tablet the
    navigation is collapsed behind the menu button first."""
    link = page.locator("#mainnav").get_by_role("link", name=name, exact=True).first
    if not link.is_visible() and page.locator(".navbar-toggler").is_visible():
        page.locator(".navbar-toggler").click()
        page.locator("#mainnav.show").wait_for()
    if not link.is_visible():  # a page of one desk: its menu opens first
        menu = page.locator("#mainnav .dropdown").filter(has=page.get_by_role("link", name=name, exact=True, include_hidden=True))
        menu.locator(".dropdown-toggle").click()
    follow(page, link)  # and the page's script files (select all, size checks) have run


def follow(page, target, key=None):
    """Click `target` (or press `key` in it) and wait for the page it leads to. The browser starts the
    navigation a moment after the click, so waiting on the current page's load state alone can return at
    once and read the old page: on a loaded machine that is what happened (CI, 29/11/2026)."""
    with page.expect_navigation():
        target.press(key) if key else target.click()


def open_action(page, action):
    """Open an action of the item page unless it is open already (the next step of each stage opens by itself)."""
    details = page.locator(f"details:has(form[action$='/{action}'])")
    if details.get_attribute("open") is None:
        details.locator("> summary").click()


def do(page, action, fill=None):
    """Open an action on the detail page, fill its form, press its button, expect a success message."""
    open_action(page, action)
    for selector, value in (fill or {}).items():
        field = page.locator(f"#{action}-{selector}")
        if field.evaluate("e => e.tagName") == "SELECT" and field.evaluate("e => !e.multiple"):
            field.select_option(value)
        elif field.get_attribute("type") == "file":
            field.set_input_files(value)
        else:
            field.fill(value)
    follow(page, page.locator(f"button[name=go][value={action}]"))
    assert page.locator(".alert-success").count() >= 1, page.locator(".alert").all_inner_texts()


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


class Tally:
    """What a person does in a browser test, counted the way the usability figures are (docs/USABILITY.md):
    interactions (a click, a fill, a choice in a select, a tick, a key press, a file chosen, an address typed)
    and page loads (documents the main frame loaded). Signing in and out is counted apart (`signing`), since
    each person signs in once a day, not once per item."""

    ACTIONS = ("click", "fill", "select_option", "check", "uncheck", "press", "set_input_files",
               "press_sequentially", "type")

    def __init__(self):
        self.interactions = 0
        self.page_loads = 0
        self.signing = 0  # interactions spent signing in and out
        self.signing_loads = 0
        self.in_signing = False

    def count_interaction(self):
        if self.in_signing:
            self.signing += 1
        else:
            self.interactions += 1

    def count_load(self, frame):
        if frame.parent_frame is None:
            if self.in_signing:
                self.signing_loads += 1
            else:
                self.page_loads += 1

    def __str__(self):
        return (f"{self.interactions} interactions, {self.page_loads} page loads "
                f"(+ signing in/out: {self.signing} interactions, {self.signing_loads} page loads)")


@pytest.fixture
def tally(page, monkeypatch):
    """Count what the test does on `page` (every Locator, Page and Keyboard action, every document load)."""
    from playwright.sync_api import Keyboard, Locator, Page

    counter = Tally()

    def counted(cls, name):
        original = getattr(cls, name)

        def wrapper(self, *args, **kwargs):
            counter.count_interaction()
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, wrapper)

    for name in Tally.ACTIONS:
        counted(Locator, name)
    counted(Page, "goto")
    counted(Keyboard, "press")
    counted(Keyboard, "type")
    page.on("framenavigated", counter.count_load)
    page.tally = counter
    return counter
