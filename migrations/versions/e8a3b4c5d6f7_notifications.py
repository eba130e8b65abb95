"""notifications: each person's choices and the committees and meetings they follow

Revision ID: e8a3b4c5d6f7
Revises: d7f2a3b4c5e6
Create Date: 2026-12-07 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a3b4c5d6f7'
down_revision = 'd7f2a3b4c5e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notification_settings',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('comment_decided', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('comment_replied', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('meeting_published', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('meeting_rescheduled', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('meeting_live', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('opinion_due', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_settings_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_settings')),
    )
    op.create_table(
        'follows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('committee_id', sa.Integer(), nullable=True),
        sa.Column('meeting_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('(committee_id IS NULL) <> (meeting_id IS NULL)', name=op.f('ck_follows_one_target')),
        sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_follows_committee_id_committees'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_follows_meeting_id_meetings'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_follows_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follows')),
        sa.UniqueConstraint('user_id', 'committee_id', name='uq_follows_user_committee'),
        sa.UniqueConstraint('user_id', 'meeting_id', name='uq_follows_user_meeting'),
    )
    op.create_index(op.f('ix_follows_committee_id'), 'follows', ['committee_id'])
    op.create_index(op.f('ix_follows_meeting_id'), 'follows', ['meeting_id'])
    op.create_table(
        'notification_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('postponement_id', sa.Integer(), nullable=True),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cursor', sa.Integer(), server_default='0', nullable=False),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_notification_events_actor_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_notification_events_meeting_id_meetings'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['postponement_id'], ['meeting_postponements.id'],
                                name=op.f('fk_notification_events_postponement_id_meeting_postponements'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_events')),
    )
    op.create_index(op.f('ix_notification_events_meeting_id'), 'notification_events', ['meeting_id'])
    op.create_index('ix_notification_events_pending', 'notification_events', ['done_at', 'id'])
    op.create_table(
        'opinion_reminders',
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_opinion_reminders_meeting_id_meetings'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_opinion_reminders_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('meeting_id', 'user_id', name=op.f('pk_opinion_reminders')),
    )


def downgrade():
    op.drop_table('opinion_reminders')
    op.drop_index('ix_notification_events_pending', table_name='notification_events')
    op.drop_index(op.f('ix_notification_events_meeting_id'), table_name='notification_events')
    op.drop_table('notification_events')
    op.drop_index(op.f('ix_follows_meeting_id'), table_name='follows')
    op.drop_index(op.f('ix_follows_committee_id'), table_name='follows')
    op.drop_table('follows')
    op.drop_table('notification_settings')
