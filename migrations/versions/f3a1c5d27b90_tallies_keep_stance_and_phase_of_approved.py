"""tallies keep stance and phase of approved comments only

The dashboard's counters (participation/feedback/counters.py) now tally stance and phase for approved
comments only ('' for the others), so a meeting has about a sixth of the tally rows it had: the triggers
are installed again and the counters recounted from the comments. The downgrade recounts too; it cannot
bring back the earlier triggers' code, and needs not: the readers of the tallies read stance and phase of
approved comments only.

Revision ID: f3a1c5d27b90
Revises: e0811a007549
Create Date: 2026-12-06 21:10:00

"""
from alembic import op

from participation.feedback import counters


# revision identifiers, used by Alembic.
revision = 'f3a1c5d27b90'
down_revision = 'e0811a007549'
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    counters.install(connection)
    counters.recount(connection)


def downgrade():
    counters.recount(op.get_bind())
