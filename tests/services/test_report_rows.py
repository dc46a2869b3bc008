"""Report rows are read while the report is laid out (app/services/reporting/rows.py): a section is an iterable whose
first rows cost one chunk's queries, not the whole section's, and that comes in the order it is printed. On SQLite
and on PostgreSQL (TEST_DATABASE_URL), with statements counted by a before_cursor_execute listener."""
from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby

from openpyxl import load_workbook
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import Field, Petition
from app.services.petitions import intake as petitions
from app.services.reporting import data as report_data
from app.services.reporting import rows as report_rows
from app.services.reporting.files import ReportRequest, generate
from app.services.reporting.metrics.snapshot import Scope
from reports.model import NO_FIELD_COMPILED
from tests.statements import Statements
from workflows.collation import sorted_vi

FIRST = 2  # the ids in order, then the sessions' openings (how many sessions each item stayed outstanding)
PER_CHUNK = 4  # the chunk's rows as of the day, then their latest answers, progress entries and merged sources


def test_a_section_reads_its_rows_a_chunk_at_a_time(build):
    made = [build.petition("transferred") for _ in range(7)]
    db.session.commit()
    rows = report_rows.items(Scope(clock.today()), "transferred", chunk=2)
    assert not isinstance(rows, Sequence)  # no list of rows: a source read when iterated
    with Statements() as seen:
        reading = iter(rows)
        assert seen.sent == []  # nothing is read before the first row is asked for
        first = next(reading)
        assert len(seen.sent) == FIRST + PER_CHUNK  # the first row costs one chunk of two items
        chunk_query = seen.sent[FIRST][0]
        second = next(reading)
        assert len(seen.sent) == FIRST + PER_CHUNK  # the second row came with the first
        third = next(reading)
        assert len(seen.sent) == FIRST + 2 * PER_CHUNK
        rest = list(reading)
    assert len(seen.sent) == FIRST + 4 * PER_CHUNK  # 7 items in chunks of 2
    assert [r.code for r in (first, second, third, *rest)] == sorted(p.code for p in made)
    assert "petition_event" in chunk_query  # each chunk's rows as of the day, from the event log
    # Iterating again reads again (each output format, each section reads its own rows).
    assert [r.code for r in rows] == sorted(p.code for p in made)


def test_a_list_export_reads_its_rows_in_the_list_order_a_chunk_at_a_time(build):
    made = [build.petition("transferred") for _ in range(5)]
    db.session.commit()
    rows = report_rows.rows_of(select(Petition).order_by(Petition.id.desc()), chunk=2)
    with Statements() as seen:
        reading = iter(rows)
        first = next(reading)
        assert len(seen.sent) == FIRST + PER_CHUNK
        rest = list(reading)
    assert len(seen.sent) == FIRST + 3 * PER_CHUNK
    assert [r.code for r in (first, *rest)] == [p.code for p in reversed(made)]


def test_the_list_by_field_comes_in_vietnamese_order_with_the_unclassified_group(build):
    """The compilation's list is grouped by field from consecutive rows: the database's Vietnamese order (ICU on
    PostgreSQL, the app's collation on SQLite) must group exactly as the Python order of the names would."""
    land = Field(code="DD", name="Đất đai", committee=build.committee_body)
    health = Field(code="YT", name="Y tế", committee=build.committee_body)
    db.session.add_all([land, health])
    db.session.flush()
    for field in (build.field, land, health, land, build.field):
        p = build.petition("recorded")
        petitions.classify(build.clerk, p, field=field, competence_level="province", lead_agency=build.agency)
    build.petition("recorded")  # no field yet
    db.session.commit()
    data = report_data.compilation(build.committee, build.session2.id)
    rows = list(data.items_by_field)
    names = [r.field or NO_FIELD_COMPILED for r in rows]
    groups = [name for name, _ in groupby(names)]
    assert groups == sorted_vi(set(names))
    assert len(groups) == 4 and groups[:2] == [NO_FIELD_COMPILED, "Đất đai"]
    for _, group in groupby(rows, key=lambda r: r.field):
        codes = [r.code for r in group]
        assert codes == sorted(codes)
    assert sorted(r.code for r in data.items) == [r.code for r in data.items]  # the spreadsheet's list: by code


def test_a_list_export_holds_every_row_of_its_filter(build):
    made = [build.petition("transferred") for _ in range(3)] + [build.petition("classified")]
    db.session.commit()
    report = generate(build.committee, ReportRequest(kind="list", format="xlsx",
                                                     filters={"status": "transferred"}))
    sheet = load_workbook(io.BytesIO(report.data)).active
    codes = [row[0] for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("KN-")]
    assert report.rows == 3 and sorted(codes) == sorted(p.code for p in made[:3])
