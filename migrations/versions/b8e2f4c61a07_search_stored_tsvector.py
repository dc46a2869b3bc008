"""search index on PostgreSQL: a stored tsvector column and its GIN index, in place of the index on the expression

Revision ID: b8e2f4c61a07
Revises: d15e4b7a2c90
Create Date: 2026-11-29 04:30:00.000000

A phrase search rechecks each row the GIN index hands over, and ranking reads each weighed row's vector; over an
expression index both recomputed `to_tsvector` from the text. Adding the column rewrites `petition_search` (about a
minute per million items); SQLite (FTS5) is unchanged.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b8e2f4c61a07'
down_revision = 'd15e4b7a2c90'
branch_labels = None
depends_on = None

# Frozen copies of app/models/petition.py's PostgreSQL search DDL (a migration keeps the schema of its day).
UPGRADE = (
    "DROP INDEX IF EXISTS ix_petition_search_body_tsv",
    "ALTER TABLE petition_search ADD COLUMN IF NOT EXISTS body_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, body)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_petition_search_tsv ON petition_search USING gin (body_tsv)",
)
DOWNGRADE = (
    "DROP INDEX IF EXISTS ix_petition_search_tsv",
    "ALTER TABLE petition_search DROP COLUMN IF EXISTS body_tsv",
    "CREATE INDEX IF NOT EXISTS ix_petition_search_body_tsv ON petition_search "
    "USING gin (to_tsvector('simple'::regconfig, body))",
)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)
