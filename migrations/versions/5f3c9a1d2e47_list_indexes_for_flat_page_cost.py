"""List indexes and dashboard figures for flat page cost

Each list reads its page from the top of an index instead of sorting every match (issue 15): the default order
(created_at, id), by status, by field and status, by lead agency; and (status, very_overdue_date) for the very
overdue counts; the overdue items by due date (partial). dashboard_figures: each dashboard's figures, materialised by the job process.

Revision ID: 5f3c9a1d2e47
Revises: f3a9c2d417b6
Create Date: 2026-11-28 22:40:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5f3c9a1d2e47'
down_revision = 'f3a9c2d417b6'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_petition_created': ['created_at', 'id'],
    'ix_petition_status_created': ['status', 'created_at', 'id'],
    'ix_petition_field_status_created': ['field_id', 'status', 'created_at', 'id'],
    'ix_petition_agency_created': ['lead_agency_id', 'created_at', 'id'],
    'ix_petition_status_very_overdue': ['status', 'very_overdue_date'],
}


# The overdue items' partial index: statuses in the order deadlines.flags writes them.
WITH_AGENCY = "status IN ('answer_drafted', 'reanswer_requested', 'return_proposed', 'transferred')"


def upgrade():
    op.create_table(
        'dashboard_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_figures')),
        sa.UniqueConstraint('scope', name=op.f('uq_dashboard_figures_scope')),
    )
    with op.batch_alter_table('petition', schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
        batch_op.create_index('ix_petition_overdue_due', ['due_date', 'id'], unique=False,
                              sqlite_where=sa.text(WITH_AGENCY), postgresql_where=sa.text(WITH_AGENCY))


def downgrade():
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.drop_index('ix_petition_overdue_due')
        for name in reversed(INDEXES):
            batch_op.drop_index(name)
    op.drop_table('dashboard_figures')
