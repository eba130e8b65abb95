"""feedback counters and themes

New tables: the dashboard's counters (kept by triggers on `comments`, created here by
participation/feedback/counters.py and filled from the existing comments by its `recount`), and the
themes worker's queue (filled with every item that already has approved comments), runs and themes. One index on `comments`, created with a plain CREATE INDEX:
the comments table is never copied.

Revision ID: b841c2c9a361
Revises: a592c13bc33c
Create Date: 2026-12-04 18:25:28.377123

"""
from alembic import op
import sqlalchemy as sa

from participation.core.db import UTCDateTime, utcnow
from participation.feedback import counters


# revision identifiers, used by Alembic.
revision = 'b841c2c9a361'
down_revision = 'a592c13bc33c'
branch_labels = None
depends_on = None


def _enum(*values):
    return sa.Enum(*values, native_enum=False, length=24, create_constraint=False)


STATUS = _enum('pending', 'approved', 'rejected', 'hidden')
STANCE = _enum('support', 'oppose', 'concern', 'question', 'suggestion')
PHASE = _enum('before', 'live', 'after')


def upgrade():
    op.create_table('feedback_tallies',
    sa.Column('item_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('status', STATUS, nullable=False),
    sa.Column('stance', STANCE, nullable=False),
    sa.Column('phase', PHASE, nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('agrees', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('item_id', 'status', 'stance', 'phase', 'reason', name=op.f('pk_feedback_tallies'))
    )
    op.create_index(op.f('ix_feedback_tallies_meeting_id'), 'feedback_tallies', ['meeting_id'], unique=False)
    op.create_table('feedback_participants',
    sa.Column('meeting_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('item_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('meeting_id', 'item_id', name=op.f('pk_feedback_participants'))
    )
    op.create_table('feedback_submitters',
    sa.Column('meeting_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('item_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('submitter_key', sa.String(length=80), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('meeting_id', 'item_id', 'submitter_key', name=op.f('pk_feedback_submitters'))
    )
    op.create_table('feedback_volume',
    sa.Column('meeting_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('phase', PHASE, nullable=False),
    sa.Column('minute', sa.String(length=16), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('meeting_id', 'phase', 'minute', name=op.f('pk_feedback_volume'))
    )
    connection = op.get_bind()
    counters.install(connection)
    counters.recount(connection)
    op.create_table('feedback_theme_jobs',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_feedback_theme_jobs_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_feedback_theme_jobs'))
    )
    # Every item that already has approved comments gets its themes computed by the worker.
    jobs = sa.table('feedback_theme_jobs', sa.column('item_id'), sa.column('requested_at', UTCDateTime()))
    comments = sa.table('comments', sa.column('item_id'), sa.column('status'))
    connection.execute(sa.insert(jobs).from_select(
        ['item_id', 'requested_at'],
        sa.select(comments.c.item_id, sa.literal(utcnow(), UTCDateTime())).where(comments.c.status == 'approved')
        .group_by(comments.c.item_id)))
    op.create_table('feedback_theme_runs',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_feedback_theme_runs_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_feedback_theme_runs'))
    )
    op.create_table('feedback_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('representative_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['feedback_theme_runs.item_id'], name=op.f('fk_feedback_themes_item_id_feedback_theme_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_themes'))
    )
    with op.batch_alter_table('feedback_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_themes_item_id'), ['item_id'], unique=False)

    op.create_index('ix_comments_item_top', 'comments', ['item_id', 'status', 'agree_count', 'id'], unique=False)



def downgrade():
    counters.uninstall(op.get_bind())
    op.drop_index('ix_comments_item_top', table_name='comments')

    with op.batch_alter_table('feedback_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_themes_item_id'))

    op.drop_table('feedback_themes')
    op.drop_table('feedback_theme_runs')
    op.drop_table('feedback_theme_jobs')
    op.drop_table('feedback_volume')
    op.drop_table('feedback_participants')
    op.drop_table('feedback_submitters')
    op.drop_index(op.f('ix_feedback_tallies_meeting_id'), table_name='feedback_tallies')
    op.drop_table('feedback_tallies')
