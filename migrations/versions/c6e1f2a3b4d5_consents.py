"""consent: what a person accepted before their first comment, with its time and text version

`consents`: one row per person (an account's `user_id`, erased with it, or a guest session's `guest_key`,
its `"g:<guest id>"` submitter key) and version of the consent text (participation/comments/consents.py).

Revision ID: c6e1f2a3b4d5
Revises: b5d0e1a2c3f4
Create Date: 2026-12-07 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6e1f2a3b4d5'
down_revision = 'b5d0e1a2c3f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('guest_key', sa.String(length=80), nullable=True),
    sa.Column('text_version', sa.String(length=16), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(user_id IS NULL) <> (guest_key IS NULL)', name=op.f('ck_consents_one_owner')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consents_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents')),
    sa.UniqueConstraint('guest_key', 'text_version', name=op.f('uq_consents_guest_key')),
    sa.UniqueConstraint('user_id', 'text_version', name=op.f('uq_consents_user_id'))
    )


def downgrade():
    op.drop_table('consents')
