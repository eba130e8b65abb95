"""page cache: the content version that every committed change moves forward (without Redis)

One row, id 1; participation/core/page_cache.py increments it in the transaction of each change, and the
public pages cached for anonymous visitors are keyed by it.

Revision ID: f9b4c5d6e7a8
Revises: e8a3b4c5d6f7
Create Date: 2026-12-07 23:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f9b4c5d6e7a8'
down_revision = 'e8a3b4c5d6f7'
branch_labels = None
depends_on = None


def upgrade():
    versions = op.create_table(
        'content_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_versions')),
    )
    op.bulk_insert(versions, [{'id': 1, 'number': 0}])


def downgrade():
    op.drop_table('content_versions')
