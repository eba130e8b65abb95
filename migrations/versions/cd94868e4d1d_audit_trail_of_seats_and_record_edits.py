"""audit trail of seats and record edits

One new table (`audit_events`: committee seats added and ended, record entries added, edited, moved,
deleted, minutes imported, record settings changed); no existing table is touched.

Revision ID: cd94868e4d1d
Revises: b841c2c9a361
Create Date: 2026-12-04 18:30:05.000547

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cd94868e4d1d'
down_revision = 'b841c2c9a361'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('seat_added', 'seat_ended', 'entry_added', 'entry_edited', 'entry_moved', 'entry_deleted', 'minutes_imported', 'settings_changed', name='auditaction', native_enum=False, length=24), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_audit_events_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_audit_events_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_meeting_id'), ['meeting_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_committee_id'))

    op.drop_table('audit_events')
