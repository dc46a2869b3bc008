"""hand-over notice kinds of their own: an officer's draft, the office's submission, the send-back, a withdrawal

Revision ID: c8d1f5a3e7b2
Revises: b7e4c2a9d5f1
Create Date: 2026-11-29 10:15:00.000000

Four hand-overs (issue 12) were told under kinds the notice table already allowed, and worded by their event's
action: an officer's draft as "return_proposed", the office's submission as "answer_submitted", the committee's
send-back to the office as "returned", a withdrawal as "closed". Each gets a kind of its own, so that whatever counts
or filters notices by kind reads what they are about. The notices already stored are found by their event's action,
as the wording did, and moved to their kind; the downgrade moves them back.

The rewrite cannot collide with a unique key: every one of these notices has an event, so it is keyed
(event_id, recipient_id), which holds no kind; the reminders' key (petition, kind, day, recipient) and the digests'
key only cover rows without an event or without an item.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c8d1f5a3e7b2'
down_revision = 'b7e4c2a9d5f1'
branch_labels = None
depends_on = None

_OLD_KINDS = ['due_soon', 'due_today', 'overdue', 'very_overdue', 'roadmap_due', 'weekly_digest', 'transferred',
              'answer_submitted', 'reanswer_requested', 'returned', 'draft_sent_back', 'return_proposed',
              'roadmap_accepted', 'closed']
# (the event's action, the kind it was told under, its own kind)
_MOVED = [('draft_answer', 'return_proposed', 'answer_drafted'),
          ('submit_for_transfer', 'answer_submitted', 'awaiting_transfer'),
          ('send_back', 'returned', 'sent_back_to_office'),
          ('withdraw', 'closed', 'withdrawn')]
_NEW_KINDS = _OLD_KINDS + [new for _, _, new in _MOVED]


def _in(values):
    return ", ".join(f"'{v}'" for v in values)


def _notice_kinds(kinds):
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notice_kind'), type_='check')
        batch_op.create_check_constraint('kind', f"kind IN ({_in(kinds)})")


def _move(action, from_kind, to_kind):
    # Constants of this file only, no input: nothing to bind.
    op.execute(f"UPDATE notice SET kind = '{to_kind}' WHERE kind = '{from_kind}' AND event_id IN "  # nosec B608
               f"(SELECT id FROM petition_event WHERE action = '{action}')")


def upgrade():
    _notice_kinds(_NEW_KINDS)  # first: the rewritten rows must pass the CHECK
    for action, borrowed, own in _MOVED:
        _move(action, borrowed, own)


def downgrade():
    for action, borrowed, own in _MOVED:
        _move(action, own, borrowed)
    _notice_kinds(_OLD_KINDS)
