"""report assessments: the committee's assessment of a report, kept in a table of its own

Revision ID: b7e4c2a9d5f1
Revises: e6d2a8f4b1c9
Create Date: 2026-11-29 09:20:00.000000

The assessment the standing committee writes in the report form ("Đánh giá chung") lived in the report run's
params, and runs are deleted a day later. It now has its own row per report (session, cut-off date, kind, scope),
read back by later runs of the same report. The assessments of runs still kept are copied in.
"""
import json
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7e4c2a9d5f1'
down_revision = 'e6d2a8f4b1c9'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('report_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('responsible', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['council_session.id'], name=op.f('fk_report_assessment_session_id_council_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['user_account.id'], name=op.f('fk_report_assessment_written_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_assessment')),
    sa.UniqueConstraint('session_id', 'as_of', 'kind', 'scope', name=op.f('uq_report_assessment_session_id'))
    )
    _copy_from_runs(table)


def _copy_from_runs(table):
    """Runs of the last day that carry an assessment: the latest one of each report is kept."""
    bind = op.get_bind()
    runs = sa.table('report_run', sa.column('user_id', sa.Integer), sa.column('kind', sa.String),
                    sa.column('params', sa.JSON), sa.column('created_at', sa.DateTime))
    sessions = set(bind.execute(sa.text('SELECT id FROM council_session')).scalars())
    kept = {}
    for user_id, kind, params, created_at in bind.execute(
            sa.select(runs.c.user_id, runs.c.kind, runs.c.params, runs.c.created_at).order_by(runs.c.created_at)):
        params = json.loads(params) if isinstance(params, str) else (params or {})
        text, responsible = (params.get('assessment') or '').strip(), (params.get('responsible') or '').strip()
        if kind != 'results' or not (text or responsible) or params.get('session') not in sessions \
                or not params.get('as_of'):
            continue
        scope = f"agency:{params['agency']}" if params.get('agency') else 'all'
        key = (params['session'], params['as_of'], scope)
        kept[key] = {'session_id': params['session'], 'as_of': date.fromisoformat(params['as_of']),
                     'kind': 'results', 'scope': scope, 'text': text, 'responsible': responsible,
                     'written_by_id': user_id, 'written_at': created_at or datetime.utcnow()}
    if kept:
        op.bulk_insert(table, list(kept.values()))


def downgrade():
    op.drop_table('report_assessment')
