"""scheduler lease: one job process runs the jobs

Revision ID: 3960e6a20332
Revises: 7a1e0c3b9d21
Create Date: 2026-11-28 19:57:39.881265

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3960e6a20332'
down_revision = '7a1e0c3b9d21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scheduler_lease',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=True),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('acquired_at', sa.DateTime(), nullable=True),
    sa.Column('renewed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduler_lease'))
    )


def downgrade():
    op.drop_table('scheduler_lease')
