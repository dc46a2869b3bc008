"""search index on SQLite: word sets, the items holding each common word as one compressed bitmap

Revision ID: e4a8c1f6b3d9
Revises: d2b7e9a4c6f8
Create Date: 2026-11-29 15:00:00.000000

FTS5 answers a search for several common words by stepping through their lists side by side, every entry of every
list when the words are each in one item of twenty: a search that finds nothing cost what the lists hold. The
sets (app/services/search/sets.py) are intersected instead. The table is created on both databases (the models are
shared) and stays empty on PostgreSQL; the nightly job writes the sets on SQLite, and until then searches ask FTS5
as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a8c1f6b3d9'
down_revision = 'd2b7e9a4c6f8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_word_set',
                    sa.Column('word', sa.String(length=100), nullable=False),
                    sa.Column('chunk', sa.Integer(), autoincrement=False, nullable=False),
                    sa.Column('members', sa.LargeBinary(), nullable=False),
                    sa.PrimaryKeyConstraint('word', 'chunk', name=op.f('pk_search_word_set')))


def downgrade():
    op.drop_table('search_word_set')
