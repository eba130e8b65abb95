"""votes on comments

"I agree" (공감) becomes the agree of three choices: agree, disagree, pass. A new table `comment_votes`
(one row per voter and comment: the voter's key "u:<user id>" or "g:<guest id>", the user, the choice,
the meeting's phase at voting time, when it was cast and last changed) replaces `comment_agreements`; every
stored agreement becomes a vote `agree` under the key "u:<user id>", dated as the agreement. Its phase is
the comment's phase: the meeting's phase when the agreement was given was not stored, and the comment's
is an acceptable approximation (agreements come after the comment's approval, mostly in the same phase).
`comments` gets `disagree_count` and `pass_count` (0 for every existing comment; `agree_count` is already
the number of its agreements), added in place with ALTER TABLE: the comments table is never copied, and
its feedback triggers stay.

Downgrade: the agree votes of accounts become agreements again; disagree and pass votes and the votes of
guests are dropped, and `agree_count` is counted again from the agreements where a guest's agree made it
differ (the feedback triggers follow that UPDATE).

Revision ID: e0811a007549
Revises: cd94868e4d1d
Create Date: 2026-12-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e0811a007549'
down_revision = 'cd94868e4d1d'
branch_labels = None
depends_on = None

AGREEMENTS = sa.table('comment_agreements', sa.column('comment_id'), sa.column('user_id'), sa.column('created_at'))
VOTES = sa.table('comment_votes', sa.column('comment_id'), sa.column('voter_key'), sa.column('user_id'),
                 sa.column('choice'), sa.column('phase'), sa.column('created_at'), sa.column('updated_at'))
COMMENTS = sa.table('comments', sa.column('id'), sa.column('phase'), sa.column('agree_count'))


def _create_agreements():
    op.create_table('comment_agreements',
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_agreements_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_comment_agreements_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('comment_id', 'user_id', name=op.f('pk_comment_agreements'))
    )


def upgrade():
    op.create_table('comment_votes',
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('voter_key', sa.String(length=80), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('choice', sa.Enum('agree', 'disagree', 'pass', name='votechoice', native_enum=False, length=24), nullable=False),
    sa.Column('phase', sa.Enum('before', 'live', 'after', name='phase', native_enum=False, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_votes_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_comment_votes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('comment_id', 'voter_key', name=op.f('pk_comment_votes'))
    )
    op.get_bind().execute(sa.insert(VOTES).from_select(
        ['comment_id', 'voter_key', 'user_id', 'choice', 'phase', 'created_at', 'updated_at'],
        sa.select(AGREEMENTS.c.comment_id, sa.literal_column("'u:'") + sa.cast(AGREEMENTS.c.user_id, sa.String),
                  AGREEMENTS.c.user_id, sa.literal_column("'agree'"), COMMENTS.c.phase, AGREEMENTS.c.created_at,
                  AGREEMENTS.c.created_at)
        .select_from(AGREEMENTS.join(COMMENTS, COMMENTS.c.id == AGREEMENTS.c.comment_id))))
    op.add_column('comments', sa.Column('disagree_count', sa.Integer(), server_default='0', nullable=False))
    op.add_column('comments', sa.Column('pass_count', sa.Integer(), server_default='0', nullable=False))
    op.drop_table('comment_agreements')


def downgrade():
    _create_agreements()
    connection = op.get_bind()
    connection.execute(sa.insert(AGREEMENTS).from_select(
        ['comment_id', 'user_id', 'created_at'],
        sa.select(VOTES.c.comment_id, VOTES.c.user_id, VOTES.c.created_at)
        .where(VOTES.c.choice == 'agree', VOTES.c.user_id.is_not(None))))
    agreements = (sa.select(sa.func.count()).select_from(AGREEMENTS)
                  .where(AGREEMENTS.c.comment_id == COMMENTS.c.id).scalar_subquery())
    connection.execute(sa.update(COMMENTS).where(COMMENTS.c.agree_count != agreements).values(agree_count=agreements))
    op.drop_column('comments', 'pass_count')
    op.drop_column('comments', 'disagree_count')
    op.drop_table('comment_votes')
