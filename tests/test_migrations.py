"""Alembic migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from app import create_app
from app.extensions import db
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
            assert "ix_petition_search_tsv" in {i["name"] for i in inspect(db.engine).get_indexes("petition_search")}
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
