"""No input produces a server error, and refused input changes nothing: a walk over every route of
app.url_map, for every role and signed out, sending odd values in each path parameter, each query
parameter and each form field (huge, negative, 32-bit-overflowing numbers, "²" and other scripts' digits,
NUL and direction overrides, 20,000 characters, dates in year 1 and 9999, files that are strings or junk,
forms without their file). Runs on SQLite and PostgreSQL like every test; bounded to a few thousand
requests per role, so it takes about a minute per database.

A second walk (test_one_odd_field_beside_valid_ones) reads every form as its page renders it, fills it with a
valid value per field (what the page selected or typed, else a value of the field's type) and posts it with
one field at a time made odd: odd text then reaches the database beside otherwise valid fields, instead of
stopping at the first field validation refuses. A third (test_odd_sheets_through_the_import) imports
generated sheets with odd cells: long text in every column, impossible dates, control characters, huge numbers.

Phase 1 sends odd path parameters (any method) and odd query strings (GET): every request must answer
below 500 and the database must be unchanged afterwards. Phase 2 posts every form field of every form with
one odd value at a time to the real pages of real items: below 500 always, and an unchanged database except
on the few routes where any text is a legitimate entry (listed in FREE_TEXT with the reason).
"""
from __future__ import annotations

import hashlib
import io
import re
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import select, update
from werkzeug.routing import IntegerConverter
from wtforms.fields.core import UnboundField

from app import clock
from app.extensions import db
from app.models import Notice, UserSession
from app.services.petitions import attachments, meetings, transfers
from app.web.forms import BaseForm
from tests.conftest import AuthActions
from workflows import petition as workflow

ROLES = [None, "clerk", "office_leader", "committee", "agency_officer", "agency_leader", "admin"]
ODD = [
    "99999999999999999999999",  # beyond 64 bits
    "2147483648",  # 2^31: beyond PostgreSQL's INTEGER
    "-1",
    "²",  # a digit to str.isdigit(), not to int()
    "٣",  # an Arabic-Indic three: int() reads it
    "1_000",
    "\x00",
    "a\x00b",
    "\u202egpj.exe",
    "x" * 20_000,
    "0001-01-01",
    "9999-12-31",
    "31/12/9999",
    "01/01/0001",
]
# Query strings are read by a few shared helpers: the values that differ in kind are enough there.
ODD_QUERY = ["99999999999999999999999", "2147483648", "-1", "²", "٣", "a\x00b", "x" * 20_000, "9999-12-31"]
ODD_PATH = ["0", "2147483648", "99999999999999999999", "-1", "²", "\x00", "a\u202eb", "x" * 500, "9999-12-31"]
# Query parameters any page reads (lists, reports, admin filters, the language, redirects).
QUERY_NAMES = ["status", "field", "agency", "session", "locality", "overdue", "q", "sort", "dir", "page",
               "per_page", "kind", "format", "as_of", "code", "year", "type", "role", "all", "lang", "next"]
# Routes where a well-formed post with any text (or none) is a legitimate change, so phase 2 checks only
# "no 5xx" there.
FREE_TEXT = {
    "notifications.preference": "a checkbox: a post without it turns e-mail off",
    "ops.policy": "checkboxes: a post without them turns the reminders off",
    "intake.meeting_petitions": "each row is free text: any text is a recommendation",
    "admin.committee_edit": "a committee is a code and a name, both free text",
    "auth.login": "every failed attempt is recorded (login_failure, account_event), by design",
    "account.revoke_others": "a confirmation only: signing the other browsers out is what it does",
    "admin.user_reset_password": "a confirmation only: the reset is what it does",
    "admin.user_sign_out": "a confirmation only: signing the account out is what it does",
}
# Never posted with a valid path: each would end the walk's own session.
NOT_POSTED = {"auth.logout", "account.revoke_all"}
SKIPPED_ENDPOINTS = {"static", "bootstrap.static"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fields(cls) -> set[str]:
    return {n for n in dir(cls) if isinstance(getattr(cls, n, None), UnboundField)}


def form_field_names() -> set[str]:
    """Every field name of every form of the app, bare and with the prefix its page gives it."""
    from app.blueprints.ops.forms import PolicyForm
    from app.services.notices.reminders import DEFAULT_POLICY
    from app.web.actions import ACTION_FORMS

    classes, todo = set(), [BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in classes:
                classes.add(sub)
                todo.append(sub)
    names = {n for cls in classes for n in _fields(cls)}
    prefixed = {f"{action}-{n}" for action, cls in ACTION_FORMS.items() for n in _fields(cls)}
    prefixed |= {f"{kind}-{n}" for kind in DEFAULT_POLICY for n in _fields(PolicyForm)} | {"upload-file"}
    rows = {f"rows-{i}-{n}" for i in range(2) for n in ("content", "summary", "locality", "voter_name", "urgent")}
    return names | prefixed | rows | {"ids", "active", "lang", "next"}


def fingerprint() -> dict[str, str]:
    """A digest of every row of every table, to tell that nothing was written."""
    db.session.rollback()
    out = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        out[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    db.session.rollback()
    return out


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in before if before[t] != after.get(t))


@pytest.fixture
def world(build):
    """Items in every state an action starts from, a meeting, a file, another user's sign-in."""
    states = ["recorded", "classified", "awaiting_transfer", "transferred", "answer_drafted", "answered",
              "on_roadmap", "returned", "closed"]
    items = {s: build.petition(s) for s in states}
    meeting = meetings.save_meeting(build.clerk, held_on=date(2026, 11, 2), place="Nhà văn hóa tổ 5",
                                    locality="phường Hà Đông", meeting_type="before_session")
    file = attachments.attach(build.clerk, "bien-ban.pdf", PDF, petition=items["transferred"])
    other = build.user("clerk", name="nguoi.khac")
    other_session = UserSession(token_hash="f" * 64, user_id=other.id, expires_at=datetime(2030, 1, 1),
                                ip="127.0.0.1", user_agent="test")
    db.session.add(other_session)
    # The agency has already opened its items: a first opening is a deliberate write (the inbox's "Mới"), not a
    # change an odd input made.
    for p in items.values():
        transfers.record_opening(build.officer, p)
    # Likewise the hand-over notices the world's making queued have been read ("mark all read" is a real change).
    db.session.execute(update(Notice).values(read_at=clock.utcnow()))
    db.session.commit()
    by_action = {name: items[next(s for s in states if s in spec.sources)].code
                 for name, spec in workflow.ACTIONS.items() if any(s in spec.sources for s in states)}
    valid = {
        "ref": items["transferred"].code, "code": items["transferred"].code, "meeting_id": meeting.id,
        "file_id": file.id, "agency_id": build.agency.id, "committee_id": build.committee_body.id,
        "field_id": build.field.id, "term_id": build.session1.term_id, "session_id": build.session2.id,
        "rule_id": 1, "user_id": other.id, "import_id": 1, "day": "2030-01-02", "kind": "due_soon",
        "run_id": "0" * 32, ("account.revoke_session", "session_id"): other_session.id,
        ("intake.edit_petition", "ref"): items["recorded"].code,
    }
    return {"valid": valid, "by_action": by_action}


def rules(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def build_path(rule, values: dict) -> str:
    """The rule's path with `values` put in as typed (no converter check: odd values must reach the app)."""
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(r"<(?:[^<>]*:)?" + name + ">", lambda _m, n=name: quote(str(values[n]), safe=""), path)
    assert "<" not in path, path
    return path


def path_converters(rule, url_map) -> dict[str, type]:
    """Each path argument's converter class, read from the rule as written (`<int:petition_id>`) and the map's
    converters by name: both public, where Werkzeug's own per-rule table is not."""
    written = re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule)
    converters = {name: url_map.converters[kind or "default"] for kind, name in written}
    assert set(converters) <= set(rule.arguments), rule.rule  # a route's defaults are arguments too
    return converters


def valid_values(rule, world) -> list[dict]:
    """One set of real path values per way the route is used (petitions.act: one per action)."""
    valid = world["valid"]
    base = {n: valid.get((rule.endpoint, n), valid.get(n)) for n in rule.arguments}
    if "action" in rule.arguments:
        return [base | {"action": a, "ref": ref} for a, ref in world["by_action"].items()]
    return [base]


class Walk:
    def __init__(self, client):
        self.client = client
        self.failures: list[str] = []
        self.requests = 0

    def send(self, method: str, url: str, **kwargs) -> int | None:
        self.requests += 1
        try:
            response = self.client.open(url, method=method, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the test records every server error, then fails once
            db.session.rollback()
            self.failures.append(f"{method} {url[:160]!r}: {type(exc).__name__}: {str(exc)[:300]}")
            return None
        response.close()  # a downloaded file's handle
        # /readyz answers 503 on purpose in the suite: its schema comes from create_all, not the migrations.
        readiness = url.split("?")[0] == "/readyz" and response.status_code == 503
        if response.status_code >= 500 and not readiness:
            self.failures.append(f"{method} {url[:160]!r}: {response.status_code}")
        return response.status_code


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES, ids=[r or "signed_out" for r in ROLES])
def test_no_input_gives_a_server_error_or_a_change(db_app, client, build, world, role):
    if role is not None:
        AuthActions(client).login(build.user(role))
    walk = Walk(client)
    names = sorted(form_field_names())
    before = fingerprint()

    # Phase 1: odd path parameters (every method) and odd query strings (GET), nothing else.
    for rule, method in rules(db_app):
        values = valid_values(rule, world)[0]
        for name, converter in path_converters(rule, db_app.url_map).items():
            odd = ODD_PATH + (["00000000001"] if issubclass(converter, IntegerConverter) else [])
            for value in odd:
                walk.send(method, build_path(rule, values | {name: value}))
        for values in valid_values(rule, world):
            if method == "GET":
                path = build_path(rule, values)
                for value in ODD_QUERY:
                    walk.send("GET", path + "?" + urlencode({n: value for n in QUERY_NAMES}))
    after_paths = fingerprint()
    assert changed(before, after_paths) == [], f"phase 1 changed {changed(before, after_paths)}"

    # Phase 2: every form field odd, posted to real items' pages; files that are text, junk or absent.
    for rule, method in rules(db_app):
        if method != "POST" or rule.endpoint in NOT_POSTED:
            continue
        for values in valid_values(rule, world):
            path = build_path(rule, values)
            start = fingerprint() if rule.endpoint not in FREE_TEXT else None
            for value in ODD:
                walk.send("POST", path, data={n: value for n in names})
            for filename in ("x" * 1000 + ".pdf", "a\x00\u202efdp.exe"):
                files = {n: (io.BytesIO(b"not what it says"), filename) for n in
                         ("file", "upload-file", f"{values.get('action', 'draft_answer')}-files")}
                walk.send("POST", path, data={"version": "1", **files}, content_type="multipart/form-data")
            walk.send("POST", path, data={}, content_type="multipart/form-data")  # a form without its file
            if start is not None:
                moved = changed(start, fingerprint())
                assert moved == [], f"{rule.endpoint} {values} changed {moved}"

    assert walk.failures == [], f"{len(walk.failures)} of {walk.requests} requests failed:\n" + "\n".join(
        walk.failures[:40])
    assert walk.requests > 1000  # the walk really walked


# --- One odd field beside valid ones ------------------------------------------------------------------------

# The values each field gets in turn; a field with a maximum length also gets text that grows when upper-cased
# or folded ("ß" becomes "SS" or "ss"), at that length, twice with only the last character differing.
ODD_ONE = ["99999999999999999999999", "2147483648", "-1", "²", "a\x00b", "\u202egpj.exe", "x" * 10_000,
           "9999-12-31", "01/01/0001", ""]


class Forms(HTMLParser):
    """The post forms of a page: action, whether it sends files, and each field as rendered (type, value, the
    options of a select, maxlength)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["value"] = a.get("value", "")
        elif tag == "form":
            self._form = {"action": a.get("action", ""), "multipart": "multipart" in a.get("enctype", ""),
                          "fields": {}} if a.get("method", "").lower() == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type", "text") not in ("submit", "button", "reset", "image"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and a["name"] in self._form["fields"]:
                field = self._form["fields"][a["name"]]
                if "checked" in a and kind == "radio" or field["value"] is None and "checked" in a:
                    field["value"] = a.get("value", "y")
                return
            checked = a.get("value", "y") if "checked" in a else None
            self._form["fields"][a["name"]] = {"type": kind, "maxlength": a.get("maxlength"),
                                               "value": checked if kind in ("checkbox", "radio") else a.get("value", "")}
        elif tag == "select":
            self._select = {"type": "select", "value": None, "options": [], "maxlength": None}
            self._form["fields"][a["name"]] = self._select
        elif tag == "textarea":
            self._textarea = {"type": "textarea", "value": "", "maxlength": a.get("maxlength")}
            self._form["fields"][a["name"]] = self._textarea

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def valid_value(name: str, field: dict, today: date) -> str | None:
    """What a person would leave or type in the field: the page's own value, else one of the field's type."""
    kind, value = field["type"], field["value"]
    if kind == "select":  # a real choice rather than the "choose…" placeholder ("" or 0) a new form selects
        return next((o for o in field["options"] if o not in ("", "0")), value or "")
    if kind in ("checkbox", "radio", "hidden"):
        return value
    if value:
        return value
    return {"date": today.isoformat(), "number": "1", "email": "kiem.thu@example.org",
            "password": "Kiem-thu-mat-khau-2026!"}.get(kind, "Kiểm thử " + name.rsplit("-", 1)[-1])


def odd_values(field: dict) -> list[str]:
    values = list(ODD_ONE)
    if field["maxlength"] and field["maxlength"].isdigit():
        n = int(field["maxlength"])
        values += ["ß" * (n - 1) + "a", "ß" * (n - 1) + "b", "ﬃ" * n, "x" * n]
    return values


def small_sheet(extra: str = "") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Kỳ họp thứ 2"])
    wb.active.append(["STT", "Nội dung kiến nghị", "Địa phương"])
    wb.active.append([1, "Sửa đường liên xã " + extra, "xã Ba Vì"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def post_data(fields: dict, multipart: bool) -> dict:
    """The fields as a test client's data, files made fresh (a stream is read once)."""
    data = {}
    for name, value in fields.items():
        if value is None:
            continue
        if isinstance(value, tuple):  # a file: (bytes, name)
            if multipart:
                data[name] = (io.BytesIO(value[0]), value[1])
            continue
        data[name] = value
    return data


# Several roles see the same forms; these see between them every form of the app.
ONE_ODD_ROLES = ["clerk", "agency_officer", "agency_leader", "committee", "admin"]


@pytest.mark.slow
@pytest.mark.parametrize("role", ONE_ODD_ROLES)
def test_one_odd_field_beside_valid_ones(db_app, client, build, world, role):
    AuthActions(client).login(build.user(role))
    walk = Walk(client)
    today = clock.today()
    seen: set[tuple] = set()
    for rule, method in rules(db_app):
        if method != "GET" or rule.endpoint in NOT_POSTED:
            continue
        for values in valid_values(rule, world)[:1]:
            response = client.get(build_path(rule, values))
            if response.status_code != 200 or not response.content_type.startswith("text/html"):
                response.close()
                continue
            html = response.get_data(as_text=True)
            for form in page_forms(html):
                action = form["action"] or build_path(rule, values)
                if action.split("?")[0].rstrip("/") in ("/logout", "/auth/logout") or "logout" in action \
                        or action.split("?")[0].endswith("/sessions/revoke-all"):
                    continue  # each would end the walk's own session (NOT_POSTED)
                key = (action.split("?")[0], tuple(sorted(form["fields"])))
                if key in seen:
                    continue
                seen.add(key)
                baseline = {n: valid_value(n, f, today) for n, f in form["fields"].items()}
                for name, field in form["fields"].items():
                    if field["type"] == "file":
                        sheet = name == "file" and "/imports" in action
                        baseline[name] = (small_sheet(), "tong-hop.xlsx") if sheet else (PDF, "bien-ban.pdf")
                for name, field in form["fields"].items():
                    if field["type"] == "file":
                        for filename in ("c" * 300 + ".xlsx", "c" * 300 + ".pdf", "a\x00\u202efdp.exe"):
                            data = post_data(baseline | {name: (baseline[name][0], filename)}, True)
                            walk.send("POST", action, data=data, content_type="multipart/form-data")
                        continue
                    for value in odd_values(field):
                        data = post_data(baseline | {name: value}, form["multipart"])
                        kwargs = {"content_type": "multipart/form-data"} if form["multipart"] else {}
                        walk.send("POST", action, data=data, **kwargs)
    assert walk.failures == [], f"{len(walk.failures)} of {walk.requests} requests failed:\n" + "\n".join(
        walk.failures[:40])
    assert len(seen) >= 5 and walk.requests > 200  # the walk found forms and posted them


# --- Odd sheets through the import ----------------------------------------------------------------------------

SHEET_LABELS = ["STT", "Nội dung kiến nghị", "Địa phương", "Đơn vị bầu cử", "Ngày tiếp xúc", "Địa điểm tiếp xúc",
                "Cơ quan chủ trì", "Cơ quan phối hợp", "Tổ đại biểu", "Lĩnh vực", "Ghi chú"]


def odd_sheets() -> list[tuple[str, bytes]]:
    """Sheets whose header is right and whose cells are not: each odd value in every column at once, and the
    long texts one column at a time (so that a refusal of one column does not hide another)."""
    from openpyxl import Workbook

    def save(rows: list[list]) -> bytes:
        wb = Workbook()
        wb.active.append(["Kỳ họp thứ 2"])
        wb.active.append(SHEET_LABELS)
        for row in rows:
            wb.active.append(row)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    valid = [1, "Sửa đường liên xã.", "xã Ba Vì", "", date(2026, 6, 5), "Nhà văn hóa", "", "", "", "", ""]
    sheets = []
    for length in (201, 301, 20_001):
        for column in range(2, len(SHEET_LABELS)):
            if column == 4:
                continue  # the date column: odd dates below
            row = list(valid)
            row[column] = "ư" * length
            sheets.append((f"{length} characters in {SHEET_LABELS[column]}", save([row])))
    odd_cells = ["a_x0000_b", "\u202egpj.exe", "9" * 30, 10 ** 30, -1, 1e308, "²", "٣", "31/12/9999",
                 "01/01/0001", datetime(1900, 1, 1), date(9999, 12, 31), "=1+1", "ß" * 200]
    for value in odd_cells:
        row = [value if i else 1 for i in range(len(SHEET_LABELS))]
        row[1] = value if isinstance(value, str) and value else "Sửa đường."
        sheets.append((f"{value!r:.40} in every column", save([row, list(valid)])))
        dated = list(valid)
        dated[4] = value
        sheets.append((f"{value!r:.40} as the date", save([dated])))
    return sheets


@pytest.mark.slow
def test_odd_sheets_through_the_import(db_app, client, build):
    AuthActions(client).login(build.clerk)
    walk = Walk(client)
    for label, data in odd_sheets():
        for check_only in ("y", ""):
            walk.send("POST", "/imports", content_type="multipart/form-data", data={
                "file": (io.BytesIO(data), "tong-hop.xlsx"), "session": str(build.session2.id),
                "timing": "before", "check_only": check_only})
        if walk.failures and label not in walk.failures[-1]:
            walk.failures[-1] += f" [{label}]"
    for filename in ("c" * 300 + ".xlsx", "a\x00b.xlsx", "\u202exslx.exe"):
        walk.send("POST", "/imports", content_type="multipart/form-data", data={
            "file": (io.BytesIO(small_sheet(str(len(filename)))), filename), "session": str(build.session2.id),
            "timing": "before"})
    assert walk.failures == [], f"{len(walk.failures)} of {walk.requests} requests failed:\n" + "\n".join(
        walk.failures[:40])
