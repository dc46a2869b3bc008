"""Login required by default: every route of the app, with every method it answers, sends a signed-out visitor to
the sign-in page, except the public endpoints listed here. A new public endpoint fails this test until it is
added to PUBLIC on purpose; a new route is covered as soon as it exists (the cases come from app.url_map)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from app import create_app
from app.web import login
from config import TestingConfig

# Reachable without signing in, and nothing else.
PUBLIC = {"auth.login", "main.index", "static", "bootstrap.static", "main.health", "main.healthz", "main.readyz",
          "account.language", "main.csp_report"}


# <converter(arguments):name> or <name> in a rule, e.g. /petitions/<ref>/<any(classify, merge):action>
VARIABLE = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


def _dummy(converter: str | None, args: str | None) -> object:
    """A value the converter accepts, so the URL matches the rule (what it names need not exist)."""
    if converter == "any":
        return args.split(",")[0].strip().strip("'\"")
    if converter == "int":
        return 1
    if converter == "path":
        return "x/y.css"
    if converter in (None, "string"):
        return "x"
    raise AssertionError(f"no dummy value for <{converter}:...>: add one here")


def _routes() -> list[tuple[str, str, str]]:
    """(endpoint, URL, method) for every rule and method of the app, built without a database."""
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    routes = []
    for rule in app.url_map.iter_rules():
        values = {m["name"]: _dummy(m["converter"], m["args"]) for m in VARIABLE.finditer(rule.rule)}
        values |= rule.defaults or {}  # e.g. /admin/agencies/new, the form's rule without an id
        assert set(values) == rule.arguments, rule.rule
        _, path = rule.build(values, append_unknown=False)
        routes += [(rule.endpoint, path, method) for method in sorted(rule.methods)]
    return sorted(routes, key=lambda r: (r[1], r[2]))


ROUTES = _routes()


def _ids(route: tuple[str, str, str]) -> str:
    endpoint, path, method = route
    return f"{method} {path} ({endpoint})"


def _sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/auth/login"


@pytest.mark.parametrize("route", [r for r in ROUTES if r[0] not in PUBLIC], ids=_ids)
def test_signed_out_request_is_sent_to_sign_in(app, route):
    endpoint, path, method = route
    assert app.url_map.bind("localhost").match(path, method=method)[0] == endpoint  # the rule under test
    response = app.test_client().open(path, method=method)
    if method in ("GET", "HEAD"):
        assert _sent_to_sign_in(response), (response.status_code, response.headers.get("Location"))
    else:  # a change may also be refused outright
        assert _sent_to_sign_in(response) or response.status_code in (401, 403, 405), response.status_code


@pytest.mark.parametrize("route", [r for r in ROUTES if r[0] in PUBLIC], ids=_ids)
def test_public_endpoints_do_not_ask_to_sign_in(app, route):
    endpoint, path, method = route
    response = app.test_client().open(path, method=method)
    # /readyz says 503 on purpose here: the suite's schema comes from create_all, not from the migrations.
    expected_503 = endpoint == "main.readyz" and response.status_code == 503
    assert not _sent_to_sign_in(response) and (response.status_code < 500 or expected_503), response.status_code


def test_the_public_list_is_the_apps_own():
    """A refusal (403) would hide a POST-only endpoint made public from the test above: compare the lists too."""
    assert set(login.PUBLIC_ENDPOINTS) == PUBLIC
    assert {endpoint for endpoint, _, _ in ROUTES} >= PUBLIC
