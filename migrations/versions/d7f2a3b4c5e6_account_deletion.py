"""accounts: deleted accounts keep their row under a neutral label

`users.deleted_at`: when the account was deleted (participation/accounts/deletion.py); the row stays, its
e-mail, name and password erased, so that what the person left on the record keeps its links and counts.
A plain ADD COLUMN, never a batch copy of `users`: on SQLite a copy drops the old table, and with foreign
keys on that would cascade to the roles and set every comment's author to NULL. `users.email` stays NOT
NULL (a deleted account holds `deleted:<id>`, no address) for the same reason.

`account_audit`: who deleted an account or exported a person's data, and when (accounts/audit.py).

The comment status `withdrawn` (a waiting comment of a deleted account) needs no DDL: the status column is
a VARCHAR without a CHECK constraint. Going back deletes those comments (empty, never decided), which the
older code cannot read; the feedback counters' triggers count them out.

Revision ID: d7f2a3b4c5e6
Revises: c6e1f2a3b4d5
Create Date: 2026-12-07 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7f2a3b4c5e6'
down_revision = 'c6e1f2a3b4d5'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('account_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('delete', 'export', name='accountaction', native_enum=False, length=24), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_account_audit_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['users.id'], name=op.f('fk_account_audit_subject_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_audit'))
    )
    op.create_index(op.f('ix_account_audit_created_at'), 'account_audit', ['created_at'], unique=False)
    op.create_index(op.f('ix_account_audit_subject_id'), 'account_audit', ['subject_id'], unique=False)


def downgrade():
    op.execute("DELETE FROM comments WHERE status = 'withdrawn'")
    op.execute("DELETE FROM feedback_tallies WHERE status = 'withdrawn' AND comments = 0")
    op.drop_index(op.f('ix_account_audit_subject_id'), table_name='account_audit')
    op.drop_index(op.f('ix_account_audit_created_at'), table_name='account_audit')
    op.drop_table('account_audit')
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), not a batch copy of `users` (see above).
    op.drop_column('users', 'deleted_at')
