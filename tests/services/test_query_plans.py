"""The lists and counts read indexes, not every item: their query plans on generated data, on SQLite (EXPLAIN QUERY
PLAN) and PostgreSQL (EXPLAIN, with sequential scans and sorts made expensive so the planner shows whether an
index can serve at all, as it would choose at a million rows)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import clock
from app.demo.loaddata import generate
from app.extensions import db
from app.models import Petition
from app.services.deadlines import flags
from app.services.petitions.listing import PetitionFilters, open_items, page_query, petition_query


def plan(stmt, sorts: bool = False) -> str:
    """The plan of `stmt` as one text (literal values inlined, so both drivers take it as it is); on PostgreSQL
    without sequential scans, and without sorts unless `sorts`."""
    conn = db.session.connection()
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    if conn.dialect.name == "sqlite":
        return "\n".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql(f"SET LOCAL enable_sort = {'on' if sorts else 'off'}")
    return "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))


def page(user, **filters):
    return petition_query(user, PetitionFilters(**filters)).limit(51)


def reads_index(text: str, index: str) -> bool:
    """The plan walks `index`, never every row of the table, and sorts nothing."""
    if db.engine.dialect.name == "sqlite":
        full_scan = any(line.strip(" |`-") == "SCAN petition" for line in text.splitlines())
        return index in text and not full_scan and "TEMP B-TREE" not in text
    return index in text and "Seq Scan on petition" not in text and "Sort" not in text


@pytest.fixture
def loaded(build):
    db.session.commit()
    generate(600, seed=5)
    return build


@pytest.mark.parametrize(("filters", "index"), [
    ({}, "ix_petition_created"),
    ({"status": "transferred"}, "ix_petition_status_created"),
    ({"status": "transferred", "field": 1}, "ix_petition_field_status_created"),
    ({"agency": 1}, "ix_petition_agency_created"),
])
def test_staff_lists_read_their_page_from_an_index(loaded, filters, index):
    text = plan(page(loaded.committee, **filters))
    assert reads_index(text, index), text


def test_an_agency_list_looks_up_its_own_and_coordinated_items(loaded):
    """Lead agency OR coordinating (petition_query: counts, exports): two index lookups combined, not a scan with a
    sub-query per item. A page of the list reads the two parts in order instead (listing.page_query): its own items
    newest first from the top of (lead_agency_id, created_at, id), the ones it coordinates looked up."""
    from app.services.petitions.listing import bounded_count_query

    if db.engine.dialect.name == "sqlite":
        # Counted (no order to tempt a walk of the newest-first index, which SQLite may pick for a small page).
        text = plan(bounded_count_query(petition_query(loaded.agency_leader, PetitionFilters())))
        assert "MULTI-INDEX OR" in text and "INDEX ix_petition_agency" in text, text
    else:
        # The planner picks between the two lookups and walking the newest-first index from the top (what it
        # estimates cheaper on this small table); never a scan of every item.
        text = plan(page(loaded.agency_leader), sorts=True)
        assert "Seq Scan on petition " not in text and "ix_petition_coordinator_agency_id" in text, text
    text = plan(page_query(loaded.agency_leader, PetitionFilters()).limit(51))
    assert read_in_order(text, "ix_petition_agency_created") and "ix_petition_coordinator_agency_id" in text, text


def test_counts_of_overdue_and_very_overdue_read_an_index(loaded):
    today = clock.today()
    for clause, indexes in ((flags.overdue_clause(today), ("ix_petition_status_due", "ix_petition_overdue_due")),
                            (flags.very_overdue_clause(today), ("ix_petition_status_very_overdue",))):
        text = plan(select(func.count()).select_from(Petition).where(clause))
        assert any(i in text for i in indexes) and "SCAN petition\n" not in text + "\n" and "Seq Scan" not in text, text



def test_the_overdue_board_reads_the_oldest_due_dates_from_its_partial_index(loaded):
    filters = {"overdue": True, "sort": "due", "dir": "asc"}
    text = plan(page(loaded.committee, **filters))
    assert reads_index(text, "ix_petition_overdue_due"), text


def read_in_order(text: str, index: str) -> bool:
    """`index` is walked and its rows taken in their order, up to a LIMIT: never sorted after (its parent in the plan
    is the LIMIT on PostgreSQL; on SQLite no temporary B-tree sorts what it gives)."""
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines) if f"INDEX {index} " in line or f"using {index} " in line), None)
    if at is None:
        return False
    if db.engine.dialect.name == "sqlite":
        return at + 1 == len(lines) or "TEMP B-TREE" not in lines[at + 1]
    return "Limit" in lines[at - 1]


def open_due(text: str) -> bool:
    """The agency's open items read by due date: from their partial index; on SQLite, whose statistics cannot tell
    the two apart on a small table, possibly from the whole (lead agency, due date) index, equally in order (that
    the partial one serves the query is shown by test_the_open_items_partial_index_serves_the_inbox_on_sqlite)."""
    if read_in_order(text, "ix_petition_agency_open_due"):
        return True
    return db.engine.dialect.name == "sqlite" and read_in_order(text, "ix_petition_agency_due")


@pytest.mark.parametrize(("filters", "open_only", "reads"), [
    ({}, True, open_due),  # the inbox as it opens: open items, soonest due first
    ({"status": "transferred"}, False, lambda text: read_in_order(text, "ix_petition_agency_status_due")),
    ({}, False, lambda text: read_in_order(text, "ix_petition_agency_due")),  # "Tất cả"
    ({"overdue": True}, True, open_due),
])
def test_the_agency_inbox_reads_its_own_items_by_due_date_from_an_index(loaded, filters, open_only, reads):
    """An agency's own items (as lead agency) are read in due-date order from the top of an index and merged with
    the items it coordinates (listing.page_query), instead of sorting every item the agency may see."""
    query = page_query(loaded.agency_leader, PetitionFilters(sort="due", dir="asc", **filters),
                       where=(open_items(),) if open_only else ()).limit(51)
    text = plan(query)
    assert reads(text), text
    assert "ix_petition_coordinator_agency_id" in text, text  # the items it coordinates: looked up, not scanned


def test_the_agency_desk_reads_its_open_items_by_due_date_from_an_index(loaded):
    """The agency dashboard's "waiting for you" list: its own open items, soonest due first, from the top of an
    index (no sort of every item the agency leads)."""
    from app.services.reporting.dashboard import work_query

    assert open_due(text := plan(work_query(loaded.agency_leader).limit(20))), text


def test_the_open_items_partial_index_serves_the_inbox_on_sqlite(loaded):
    """SQLite uses a partial index only for a query whose WHERE visibly implies the index's own (the status list
    written into the SQL by listing.open_items, in the same order): told to use it, the planner finds a plan, and
    reads it in order (with a status list it cannot match, SQLite answers "no query solution")."""
    from app.services.reporting.dashboard import work_query

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL picks the partial index by itself (test_the_agency_inbox_reads_...)")
    conn = db.session.connection()
    for query in (page_query(loaded.agency_leader, PetitionFilters(sort="due", dir="asc"), where=(open_items(),)),
                  work_query(loaded.agency_leader)):
        sql = str(query.limit(20).compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        forced = sql.replace("FROM petition ", "FROM petition INDEXED BY ix_petition_agency_open_due ", 1)
        text = "\n".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {forced}"))
        assert forced != sql and read_in_order(text, "ix_petition_agency_open_due"), text


def test_the_committee_desk_reads_each_state_by_due_date_from_an_index(loaded):
    """The committee's "waiting for you" list spans two states over the whole council: each state's soonest due
    items are read in order from (status, due_date) and only those are sorted, instead of sorting every answered
    item and roadmap (700 ms at 1,000,000 items)."""
    from app.permissions import WAITING_FOR
    from app.services.reporting.dashboard import work_query

    text = plan(work_query(loaded.committee).limit(20))
    assert text.count("ix_petition_status_due") == len(WAITING_FOR["committee"]), text
    assert "Seq Scan on petition " not in text + " " and "SCAN petition\n" not in text + "\n", text
