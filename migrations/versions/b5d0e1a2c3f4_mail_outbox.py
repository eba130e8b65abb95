"""mail: the outbox of messages sent after commit, and e-mail address confirmation

`mail_messages` holds each message rendered in its recipient's language until it is delivered (and
MAIL_KEEP_DAYS after). `users.email_confirmed_at`: when the person followed the confirmation link; the
accounts made before it are left unconfirmed.

Revision ID: b5d0e1a2c3f4
Revises: a4f1c2e9b7d3
Create Date: 2026-12-07 23:00:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'b5d0e1a2c3f4'
down_revision = 'a4f1c2e9b7d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('to_address', sa.String(length=254), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('locale', sa.String(length=5), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('text_body', sa.Text(), nullable=False),
        sa.Column('html_body', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('claimed_by', sa.String(length=80), nullable=True),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('unsubscribe_url', sa.String(length=500), nullable=True),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_messages_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_messages')),
    )
    op.create_index('ix_mail_messages_due', 'mail_messages', ['sent_at', 'next_attempt_at'])
    op.create_index(op.f('ix_mail_messages_user_id'), 'mail_messages', ['user_id'])
    op.add_column('users', sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35 and later), not a batch copy of `users`: with foreign keys on,
    # dropping the copied table would cascade to everything that references an account.
    op.drop_column('users', 'email_confirmed_at')
    op.drop_index(op.f('ix_mail_messages_user_id'), table_name='mail_messages')
    op.drop_index('ix_mail_messages_due', table_name='mail_messages')
    op.drop_table('mail_messages')
