"""Browser tests: the app served on a free localhost port from its own SQLite file, Debian's chromium driven
by Playwright (never `playwright install`), the clock stopped and moved from the test through app.clock."""
from __future__ import annotations

import os
import shutil
import threading
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
def live_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from app import clock, create_app
    from app.extensions import db
    from config import TestingConfig

    folder = tmp_path_factory.mktemp("e2e")
    app = create_app(TestingConfig, {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'e2e.db'}",  # its own file, whatever the suite uses
        "UPLOAD_DIR": str(folder / "uploads"),
        "WTF_CSRF_ENABLED": True,  # a real browser goes through CSRF like a user
        "PROPAGATE_TEST_ERRORS": False,
    })
    clock.set_now(START)
    with app.app_context():
        db.create_all()
        users, ids, password = _reference_data()
    server = make_server("127.0.0.1", 0, app, threaded=True)  # port 0: a free port chosen by the OS
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
