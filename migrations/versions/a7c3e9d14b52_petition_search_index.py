"""petition search index: folded text per item, FTS5 on SQLite, a GIN tsvector index on PostgreSQL; word counts

Revision ID: a7c3e9d14b52
Revises: 5f3c9a1d2e47
Create Date: 2026-12-01 09:00:00.000000

After upgrading, fill the index once: `flask rebuild-search-index` (docs/DEPLOY.md).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9d14b52'
down_revision = '5f3c9a1d2e47'
branch_labels = None
depends_on = None

# Frozen copies of app/models/petition.py's search DDL (a migration keeps the schema of its day).
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS petition_search_fts USING fts5(body, content='petition_search', "
    "content_rowid='petition_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS petition_search_ai AFTER INSERT ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(rowid, body) VALUES (new.petition_id, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS petition_search_ad AFTER DELETE ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(petition_search_fts, rowid, body) VALUES ('delete', old.petition_id, old.body); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS petition_search_au AFTER UPDATE ON petition_search BEGIN "
    "INSERT INTO petition_search_fts(petition_search_fts, rowid, body) VALUES ('delete', old.petition_id, old.body); "
    "INSERT INTO petition_search_fts(rowid, body) VALUES (new.petition_id, new.body); END",
    "CREATE VIRTUAL TABLE IF NOT EXISTS petition_search_fts_vocab USING fts5vocab(petition_search_fts, 'row')",
)


def upgrade():
    op.create_table('petition_search',
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('places', sa.Text(), nullable=False),
    sa.Column('indexed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], name=op.f('fk_petition_search_petition_id_petition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('petition_id', name=op.f('pk_petition_search'))
    )
    op.create_table('search_term',
    sa.Column('term', sa.String(length=100), nullable=False),
    sa.Column('docs', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('term', name=op.f('pk_search_term'))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_petition_search_body_tsv ON petition_search "
                   "USING gin (to_tsvector('simple'::regconfig, body))")
    else:
        for statement in SQLITE_DDL:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_petition_search_body_tsv")
    else:
        op.execute("DROP TABLE IF EXISTS petition_search_fts_vocab")
        op.execute("DROP TABLE IF EXISTS petition_search_fts")  # its triggers go with petition_search
    op.drop_table('search_term')
    op.drop_table('petition_search')
