"""search index on PostgreSQL: the row keeps the vector, not the folded text (a trigger turns one into the other)

Revision ID: c3f1a7d9e5b2
Revises: b8e2f4c61a07
Create Date: 2026-11-29 05:40:00.000000

A search walks the newest index rows and reads each one whole: without the text beside its vector a row is about
600 bytes instead of 850, and the walk takes half the time. The upgrade rewrites `petition_search` once (about a
minute per million items, during which recording waits); run `VACUUM ANALYZE petition_search` afterwards (the
old rows stay as dead tuples until then). SQLite (FTS5) is unchanged. After a downgrade the text is gone: run
`flask rebuild-search-index`.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3f1a7d9e5b2'
down_revision = 'b8e2f4c61a07'
branch_labels = None
depends_on = None

# Frozen copies of app/models/petition.py's PostgreSQL search DDL (a migration keeps the schema of its day).
UPGRADE = (
    "DROP INDEX IF EXISTS ix_petition_search_tsv",
    "ALTER TABLE petition_search DROP COLUMN IF EXISTS body_tsv",
    "ALTER TABLE petition_search ADD COLUMN body_tsv tsvector",
    "CREATE OR REPLACE FUNCTION petition_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.body <> '' THEN NEW.body_tsv := to_tsvector('simple'::regconfig, NEW.body); NEW.body := ''; "
    "ELSIF NEW.body_tsv IS NULL THEN NEW.body_tsv := ''::tsvector; END IF; RETURN NEW; END $$",
    "CREATE OR REPLACE TRIGGER petition_search_vector BEFORE INSERT OR UPDATE ON petition_search "
    "FOR EACH ROW EXECUTE FUNCTION petition_search_vector()",
    "UPDATE petition_search SET body = body",  # each row's vector from its text, the text then left out
    "CREATE INDEX ix_petition_search_tsv ON petition_search USING gin (body_tsv)",
)
DOWNGRADE = (
    "DROP TRIGGER IF EXISTS petition_search_vector ON petition_search",
    "DROP FUNCTION IF EXISTS petition_search_vector()",
    "DROP INDEX IF EXISTS ix_petition_search_tsv",
    "ALTER TABLE petition_search DROP COLUMN IF EXISTS body_tsv",
    "ALTER TABLE petition_search ADD COLUMN body_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, body)) STORED",
    "CREATE INDEX ix_petition_search_tsv ON petition_search USING gin (body_tsv)",
)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)
