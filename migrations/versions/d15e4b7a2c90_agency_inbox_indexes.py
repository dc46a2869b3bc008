"""Agency inbox indexes: an agency's items by due date (open ones, all, one state)

The agency inbox reads its own items (as lead agency) in due-date order from the top of an index and merges them
with the items it coordinates (listing.page_query), so its cost follows the page, not the agency's books: a partial
index of the open items (lead_agency_id, due_date, id) for the default view, the same over every item for "all",
and (lead_agency_id, status, due_date, id) for one state, which replaces (lead_agency_id, status), its prefix.

Revision ID: d15e4b7a2c90
Revises: a7c3e9d14b52
Create Date: 2026-11-29 01:10:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd15e4b7a2c90'
down_revision = 'a7c3e9d14b52'
branch_labels = None
depends_on = None

# The open states in the order listing.open_items writes them (sorted), so the databases match the predicate.
OPEN = ("status IN ('answer_drafted', 'answered', 'awaiting_transfer', 'classified', 'on_roadmap', "
        "'reanswer_requested', 'recorded', 'return_proposed', 'returned', 'transferred')")


def upgrade():
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.create_index('ix_petition_agency_status_due', ['lead_agency_id', 'status', 'due_date', 'id'],
                              unique=False)
        batch_op.drop_index('ix_petition_agency_status')
        batch_op.create_index('ix_petition_agency_open_due', ['lead_agency_id', 'due_date', 'id'], unique=False,
                              sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch_op.create_index('ix_petition_agency_due', ['lead_agency_id', 'due_date', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.drop_index('ix_petition_agency_due')
        batch_op.drop_index('ix_petition_agency_open_due')
        batch_op.create_index('ix_petition_agency_status', ['lead_agency_id', 'status'], unique=False)
        batch_op.drop_index('ix_petition_agency_status_due')
