"""open data: comments' licence and the public listing's indexes

`comments.licence`: the licence the comment form stated when a comment was written (CC-BY-4.0 for those
written before it stated one). Two indexes serve the API's keyset listing of approved comments in the order
they became public, everywhere and per meeting (participation/comments/public.py). A plain ADD COLUMN, not
a batch copy: the comments table carries the feedback counters' triggers, which a copy would drop.

Revision ID: a4f1c2e9b7d3
Revises: 0c7e9d4b6a21
Create Date: 2026-12-07 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4f1c2e9b7d3'
down_revision = '0c7e9d4b6a21'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('comments', sa.Column('licence', sa.String(length=40), nullable=False,
                                        server_default='CC-BY-4.0'))
    op.create_index('ix_comments_public', 'comments', ['status', 'decided_at', 'id'])
    op.create_index('ix_comments_meeting_public', 'comments', ['meeting_id', 'status', 'decided_at', 'id'])


def downgrade():
    op.drop_index('ix_comments_meeting_public', table_name='comments')
    op.drop_index('ix_comments_public', table_name='comments')
    with op.batch_alter_table('comments') as batch_op:
        batch_op.drop_column('licence')
