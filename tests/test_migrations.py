"""Alembic migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

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
