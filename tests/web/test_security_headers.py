"""Security headers on every page: a walk over every GET route of app.url_map (signed out and as each role)
checks the Content-Security-Policy, no framing, no sniffing, the referrer policy and `Cache-Control: no-store`
on everything but the static files; HSTS in production. And no inline script or style is left for the
policy to block: none in the templates, none in any page rendered in the walk."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app import create_app
from app.web.security import CONTENT_SECURITY_POLICY
from config import ProductionConfig
from tests.conftest import AuthActions
from tests.web.test_fuzz_inputs import build_path, rules, valid_values, world  # noqa: F401 - fixture

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: <script> without src, <style>, style="", on*="", javascript:."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f'{tag} {name}="{(value or "")[:40]}"')
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")


def inline_parts(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_policy_allows_only_the_apps_own_files_and_no_framing():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == directives["script-src"] == directives["style-src"] == "'self'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


def test_no_template_carries_inline_script_or_style():
    offenders = {}
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found = inline_parts(re.sub(r"\{[{%#].*?[}%#]\}", "x", text, flags=re.S))
        if found:
            offenders[str(path.relative_to(TEMPLATES))] = found
    assert offenders == {}


@pytest.mark.parametrize("role", [None, "clerk", "committee", "agency_officer", "admin"],
                         ids=["signed_out", "clerk", "committee", "agency_officer", "admin"])
def test_every_page_carries_the_headers_and_no_inline_code(db_app, client, build, world, role):  # noqa: F811
    if role is not None:
        AuthActions(client).login(build.user(role))
    seen = 0
    for rule, method in rules(db_app):
        if method != "GET":
            continue
        for values in valid_values(rule, world):
            url = build_path(rule, values)
            response = client.get(url)
            response.close()
            seen += 1
            for name, value in HEADERS.items():
                assert response.headers.get(name) == value, (url, name)
            assert response.headers.get("Content-Security-Policy") == CONTENT_SECURITY_POLICY, url
            assert response.headers.get("Cache-Control") == "no-store", url
            assert "Strict-Transport-Security" not in response.headers  # development and tests: plain HTTP
            if response.mimetype == "text/html":
                assert inline_parts(response.get_data(as_text=True)) == [], url
    assert seen > 40
    static = client.get("/static/css/app.css")
    assert static.status_code == 200 and static.headers.get("Cache-Control") != "no-store"
    assert static.headers.get("X-Content-Type-Options") == "nosniff"
    static.close()


def test_production_adds_hsts(db_app):
    app = create_app(ProductionConfig, {"SECRET_KEY": "k" * 40,
                                        "SQLALCHEMY_DATABASE_URI": db_app.config["SQLALCHEMY_DATABASE_URI"]})
    response = app.test_client().get("/auth/login", base_url="https://kien-nghi.example.vn")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    with app.app_context():
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()


def test_csp_reports_are_logged_without_a_sign_in_or_a_token(client, caplog):
    body = b'{"csp-report": {"blocked-uri": "inline", "violated-directive": "script-src"}}\nFAKE LOG LINE\x00'
    response = client.post("/csp-report", data=body, content_type="application/csp-report",
                           headers={"Referer": "http://127.0.0.1/petitions\x1b[31m"})
    assert response.status_code == 204
    logged = [r.getMessage() for r in caplog.records if "CSP violation" in r.getMessage()]
    assert logged and "script-src" in logged[0]
    assert not any(c in logged[0] for c in "\n\x00\x1b")  # what a browser sends cannot forge log lines
