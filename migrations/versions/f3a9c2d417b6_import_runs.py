"""import runs: large imports run by the job process, with their progress

Revision ID: f3a9c2d417b6
Revises: 8bc443b76acf
Create Date: 2026-11-28 22:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a9c2d417b6'
down_revision = '8bc443b76acf'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_run',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=20), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('error_params', sa.JSON(), nullable=True),
    sa.Column('problems', sa.JSON(), nullable=True),
    sa.Column('sheet_import_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_import_run_state')),
    sa.ForeignKeyConstraint(['sheet_import_id'], ['sheet_import.id'], name=op.f('fk_import_run_sheet_import_id_sheet_import'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_import_run_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_run'))
    )
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.create_index('ix_import_run_state_queued', ['state', 'queued_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_run_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_run_user_id'))
        batch_op.drop_index('ix_import_run_state_queued')

    op.drop_table('import_run')
