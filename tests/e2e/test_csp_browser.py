"""The CSP check of the browser tests can fail: a page with an inline script, served under the app's policy,
is refused by chromium, which reports it to /csp-report, where the app logs it (and no_csp_violations would
fail the test). The app's own pages, walked by the other browser tests, report nothing."""
from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import follow

pytestmark = pytest.mark.e2e


def test_an_inline_script_is_refused_and_reported(browser, live_server, csp_reports):
    app = live_server.app
    if "e2e_inline_probe" not in app.view_functions:
        # Served by the real app, so the response passes through its after_request (the policy).
        app.view_functions["e2e_inline_probe"] = lambda: (
            "<!doctype html><title>probe</title><script>document.title = 'ran';</script>")
        app.url_map.add(app.url_rule_class("/e2e-inline-probe", endpoint="e2e_inline_probe", methods=["GET"]))
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(live_server.url + "/auth/login")
        page.get_by_label("Tên đăng nhập").fill(live_server.users["clerk"])
        page.get_by_label("Mật khẩu").fill(live_server.password)
        follow(page, page.get_by_role("button", name="Đăng nhập"))
        page.goto(live_server.url + "/e2e-inline-probe")
        assert page.title() == "probe"  # the inline script did not run
    finally:
        context.close()  # chromium may hold its reports until the page goes
    for _ in range(50):
        if csp_reports:
            break
        time.sleep(0.1)
    assert any("script-src" in r for r in csp_reports), csp_reports
    time.sleep(1)  # chromium may send the same report more than once
    csp_reports.clear()  # expected here; every other test must leave none
