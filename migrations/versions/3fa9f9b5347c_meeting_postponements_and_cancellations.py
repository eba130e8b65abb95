"""meeting postponements and cancellations

New tables only: a cancellation is a row of its own rather than columns of `meetings`, so upgrading an
existing SQLite database never copies the `meetings` table (a copy drops the old one, and with foreign keys
on that would cascade to its agenda, materials and comments). The new state `cancelled` needs no DDL
(the state column is a VARCHAR without a CHECK constraint).

Revision ID: 3fa9f9b5347c
Revises: 476663c7d9aa
Create Date: 2026-12-03 12:30:59.189728

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3fa9f9b5347c'
down_revision = '476663c7d9aa'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_cancellations',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meeting_cancellations_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_cancellations_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_meeting_cancellations'))
    )
    op.create_table('meeting_postponements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('previous_starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meeting_postponements_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_postponements_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_postponements'))
    )
    with op.batch_alter_table('meeting_postponements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_postponements_meeting_id'), ['meeting_id'], unique=False)


def downgrade():
    # The code before this revision knows no `cancelled` state: such meetings go back to `published`
    # (their reason goes with the table; the pages then show them as scheduled again).
    op.execute("UPDATE meetings SET state = 'published' WHERE state = 'cancelled'")
    with op.batch_alter_table('meeting_postponements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_postponements_meeting_id'))

    op.drop_table('meeting_postponements')
    op.drop_table('meeting_cancellations')
