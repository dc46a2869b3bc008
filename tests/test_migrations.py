"""Alembic migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db
from app.models import SearchWordSet
from app.models.petition import managed_by_alembic
from config import TestingConfig


def test_upgrade_matches_models_and_downgrade_empties(fresh_database_url):
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": fresh_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "include_name": managed_by_alembic}), db.metadata)
        assert diff == [], diff
        # Each database's own full-text index over the folded text (the comparison above leaves them aside).
        if db.engine.dialect.name == "postgresql":
            indexes = {i["name"] for i in inspect(db.engine).get_indexes("petition_search")}
            assert {"ix_petition_search_tsv", "ix_petition_search_hot"} <= indexes  # the newest rows' own too
            # The stored vector the queries read (not recomputed from the text on every row weighed).
            assert "body_tsv" in {c["name"] for c in inspect(db.engine).get_columns("petition_search")}
        else:
            assert "petition_search_fts" in inspect(db.engine).get_table_names()
        assert "petition" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def _index_terms() -> set[str]:
    """Every token the database's full-text index holds (words and word pairs)."""
    if db.engine.dialect.name == "postgresql":
        statements = ["SELECT word FROM ts_stat('SELECT body_tsv FROM petition_search')"]
        if db.session.scalar(text("SELECT to_regclass('petition_search_pairs')")):
            statements.append("SELECT word FROM ts_stat('SELECT pairs FROM petition_search_pairs')")
    else:
        statements = ["SELECT term FROM petition_search_fts_vocab"]
    terms = {term for statement in statements for term in db.session.execute(text(statement)).scalars()}
    db.session.commit()  # no transaction left holding the table: the migration alters it
    return terms


def test_the_word_pairs_migration_pairs_the_rows_already_indexed(fresh_database_url):
    """e6d2a8f4b1c9 gives the rows indexed before it the word pairs the index writer gives new rows (from the
    text on SQLite, from the vector's positions on PostgreSQL, where the text is not kept), and its downgrade
    takes them out again."""
    from app.services.petitions import intake as petitions
    from app.services.search import query as search
    from tests.factories import Builder

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": fresh_database_url})
    with app.app_context():
        upgrade()
        build = Builder()
        clerk = build.user("clerk")
        phrase = petitions.record_petition(clerk, content="Đề nghị nạo vét hồ Văn Chương, nước hồ ô nhiễm.",
                                           locality="phường Văn Chương", session=build.session2)
        petitions.record_petition(clerk, content="Nạo vét cống; hồ Văn Chương ô nhiễm.", locality="Đống Đa",
                                  session=build.session2)
        db.session.commit()
        written = _index_terms()
        assert "_vet_ho" in written and "_van_chuong" in written
        vocabulary = set(db.session.scalars(text("SELECT word FROM search_word")))
        assert vocabulary == {t for t in written if "_" not in t and not t.isdigit()}  # no pairs, no numbers
        db.session.commit()
        downgrade(revision="c3f1a7d9e5b2")
        assert not {t for t in _index_terms() if "_" in t}
        upgrade()
        assert _index_terms() == written
        assert set(db.session.scalars(text("SELECT word FROM search_word"))) == vocabulary
        hits = db.session.execute(select(search.matching("nạo vét hồ Văn Chương"))).all()
        assert [(h.pid, h.phrase) for h in hits if h.phrase] == [(phrase.id, 1)]
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()


def test_the_assessments_migration_keeps_the_assessments_of_runs_still_kept(fresh_database_url):
    """b7e4c2a9d5f1 gives the committee's assessments a table of their own; those written with a report run that is
    still kept (runs are deleted a day later) are copied in, the latest of each report; the downgrade drops it."""
    from datetime import datetime

    from app.models import ReportRun
    from tests.factories import Builder

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": fresh_database_url})
    with app.app_context():
        upgrade(revision="e6d2a8f4b1c9")
        build = Builder()
        committee, session = build.committee, build.session2

        def run(n: int, params: dict) -> ReportRun:
            return ReportRun(id=f"r{n}", user_id=committee.id, kind=params.pop("kind", "results"), format="pdf",
                             params={"session": session.id, "as_of": "2026-11-22", "agency": None, **params},
                             created_at=datetime(2026, 11, 22, 8, n))

        db.session.add_all([run(1, {"assessment": "Bản đầu.", "responsible": ""}),
                            run(2, {"assessment": "Bản cuối.", "responsible": "Sở Xây dựng"}),
                            run(3, {"assessment": "", "responsible": ""}),
                            run(4, {"kind": "overdue", "assessment": "Không thuộc báo cáo kết quả."}),
                            run(5, {"assessment": "Của một cơ quan.", "agency": build.agency.id})])
        db.session.commit()
        session_id, committee_id, agency_id = session.id, committee.id, build.agency.id
        db.session.remove()
        upgrade()
        rows = db.session.execute(text(
            "SELECT session_id, as_of, kind, scope, text, responsible, written_by_id FROM report_assessment "
            "ORDER BY scope")).all()
        assert [tuple(str(v) for v in r) for r in rows] == [
            (str(session_id), "2026-11-22", "results", f"agency:{agency_id}", "Của một cơ quan.", "",
             str(committee_id)),
            (str(session_id), "2026-11-22", "results", "all", "Bản cuối.", "Sở Xây dựng", str(committee_id))]
        db.session.remove()
        downgrade(revision="e6d2a8f4b1c9")
        assert "report_assessment" not in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        db.engine.dispose()


def test_the_handover_kinds_migration_gives_the_borrowed_kinds_back(fresh_database_url):
    """c8d1f5a3e7b2 moves the notices of four hand-overs, stored under a borrowed kind, to their own kind (found by
    their event's action); notices that really are of the borrowed kind stay; the downgrade moves them back."""
    from tests.factories import Builder

    # (the event's action, the kind stored before, the kind after)
    cases = [("draft_answer", "return_proposed", "answer_drafted"),
             ("submit_for_transfer", "answer_submitted", "awaiting_transfer"),
             ("send_back", "returned", "sent_back_to_office"),
             ("withdraw", "closed", "withdrawn"),
             # The hand-overs these kinds are named after keep them.
             ("propose_return", "return_proposed", "return_proposed"),
             ("submit_answer", "answer_submitted", "answer_submitted"),
             ("return_not_competent", "returned", "returned"),
             ("accept", "closed", "closed")]
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": fresh_database_url})
    with app.app_context():
        upgrade(revision="b7e4c2a9d5f1")
        # Today's index writer looks for the word sets (a later revision) on every flush: the table stands in for
        # the Builder's writes, and goes before the upgrade creates it.
        SearchWordSet.__table__.create(db.engine)
        build = Builder()
        p, reader = build.petition(), build.committee
        db.session.commit()
        SearchWordSet.__table__.drop(db.engine)
        for n, (action, before, _) in enumerate(cases, start=1):
            db.session.execute(text(
                "INSERT INTO petition_event (id, petition_id, at, action, reason) "
                "VALUES (:id, :p, :at, :action, '')"), {"id": 1000 + n, "p": p.id, "at": "2026-11-22 08:00:00",
                                                        "action": action})
            db.session.execute(text(
                "INSERT INTO notice (id, petition_id, kind, deadline_ref, recipient_id, event_id, created_at) "
                "VALUES (:id, :p, :kind, '2026-11-22', :r, :e, '2026-11-22 08:00:00')"),
                {"id": 1000 + n, "p": p.id, "kind": before, "r": reader.id, "e": 1000 + n})
        db.session.commit()

        def kinds() -> list[str]:
            stored = db.session.execute(text("SELECT kind FROM notice WHERE id > 1000 ORDER BY id")).scalars().all()
            db.session.commit()  # no transaction left holding the table: the migration rebuilds it
            return stored

        db.session.remove()
        upgrade()
        assert kinds() == [after for _, _, after in cases]
        db.session.remove()
        downgrade(revision="b7e4c2a9d5f1")
        assert kinds() == [before for _, before, _ in cases]
        with pytest.raises(IntegrityError):  # the older CHECK is back
            db.session.execute(text("UPDATE notice SET kind = 'withdrawn' WHERE id = 1004"))
        db.session.rollback()
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
