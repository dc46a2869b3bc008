"""search index on PostgreSQL: a second GIN index over the newest rows only

Revision ID: d2b7e9a4c6f8
Revises: c8d1f5a3e7b2
Create Date: 2026-11-29 13:00:00.000000

GIN cannot hand its matches newest first: a search whose words are in one item of a hundred either walked tens
of thousands of the newest rows to fill its window of 500 or asked the whole index for every match (12,500 at
1,000,000 items) and sorted them. A partial GIN index over the rows above a floor ("petition_id > N") hands over
the newest rows' matches alone. The upgrade builds it over the newest HOT_ROWS rows as they stand (the whole table
when it is smaller); the nightly job (`index.compact`) moves the floor up as items are added. Nothing on SQLite,
whose FTS5 index hands its matches newest first already.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2b7e9a4c6f8'
down_revision = 'c8d1f5a3e7b2'
branch_labels = None
depends_on = None

HOT_ROWS = 100_000  # query.HOT_ROWS as of this revision


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    newest = bind.execute(sa.text('SELECT max(petition_id) FROM petition_search')).scalar() or 0
    floor = max(int(newest) - HOT_ROWS, 0)
    # An integer computed here, never a value from outside: DDL takes no bound parameters.
    op.execute(f'CREATE INDEX IF NOT EXISTS ix_petition_search_hot ON petition_search USING gin (body_tsv) '
               f'WHERE petition_id > {floor}')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_petition_search_hot')
