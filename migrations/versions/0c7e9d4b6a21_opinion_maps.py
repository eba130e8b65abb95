"""opinion maps

The opinion map's queue (`feedback_map_jobs`, the same shape as the themes' queue) and its stored
result per agenda item (`feedback_opinion_maps`: participation/feedback/opinion/'s result as JSON).
Every item that already has votes gets its map computed by the worker.

Revision ID: 0c7e9d4b6a21
Revises: f3a1c5d27b90
Create Date: 2026-12-06 21:15:00

"""
from alembic import op
import sqlalchemy as sa

from participation.core.db import UTCDateTime, utcnow


# revision identifiers, used by Alembic.
revision = '0c7e9d4b6a21'
down_revision = 'f3a1c5d27b90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_map_jobs',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_feedback_map_jobs_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_feedback_map_jobs'))
    )
    op.create_table('feedback_opinion_maps',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_feedback_opinion_maps_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_feedback_opinion_maps'))
    )
    jobs = sa.table('feedback_map_jobs', sa.column('item_id'), sa.column('requested_at', UTCDateTime()))
    comments = sa.table('comments', sa.column('id'), sa.column('item_id'), sa.column('status'))
    votes = sa.table('comment_votes', sa.column('comment_id'))
    op.get_bind().execute(sa.insert(jobs).from_select(
        ['item_id', 'requested_at'],
        sa.select(comments.c.item_id, sa.literal(utcnow(), UTCDateTime())).distinct()
        .where(comments.c.status == 'approved', comments.c.id.in_(sa.select(votes.c.comment_id)))))


def downgrade():
    op.drop_table('feedback_opinion_maps')
    op.drop_table('feedback_map_jobs')
