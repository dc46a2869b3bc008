"""Event log indexes for figures as of a past day

(petition_id, at, id) replaces the index on petition_id alone; (action, at) finds the events of one kind (issue 11).

Revision ID: 7a1e0c3b9d21
Revises: 24d2b97c6ce4
Create Date: 2026-11-28 20:30:00
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '7a1e0c3b9d21'
down_revision = '24d2b97c6ce4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('petition_event', schema=None) as batch_op:
        batch_op.create_index('ix_petition_event_petition_at', ['petition_id', 'at', 'id'], unique=False)
        batch_op.create_index('ix_petition_event_action_at', ['action', 'at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_petition_event_petition_id'))


def downgrade():
    with op.batch_alter_table('petition_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_event_petition_id'), ['petition_id'], unique=False)
        batch_op.drop_index('ix_petition_event_action_at')
        batch_op.drop_index('ix_petition_event_petition_at')
