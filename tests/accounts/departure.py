"""A world for the deletion and export tests: a person who took part everywhere (a comment in a finalized
record; on a meeting still taking comments an approved comment with votes and a reply, a pending one, one
hidden after reports, a rejected one; their own votes and report on another's comment; their consent),
the people around them, and what must never show again once they are gone."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from participation.accounts.models import User
from participation.comments import services as comments
from participation.comments.models import Comment, Vote
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import MeetingState
from participation.meetings.services import agenda_of, move_meeting
from participation.record import versions
from participation.record.models import Record, RecordVersion
from tests import factories
from tests.record import final_world

NAME, EMAIL = "떠나는한결", "leaving.hangyeol@example.org"
OTHER_NAME, OTHER_EMAIL = "남는두리", "staying.duri@example.org"
BODIES = {"final": "확정 회의록에 남는 의견입니다", "approved": "공개되어 남는 의견입니다",
          "pending": "대기 중이던 철회될 의견", "hidden": "신고로 가려졌던 의견", "rejected": "거절되었던 의견",
          "other": "다른 시민의 공개 의견"}


@dataclass
class World:
    person_id: int
    other_id: int
    admin_id: int
    moderator_id: int
    final_meeting_id: int
    live_meeting_id: int
    item_ids: list[int]
    comment_ids: dict[str, int]  # the keys of BODIES
    version_sha256: str
    version_snapshot: str


def build() -> World:
    """Make the world (inside an app context) and commit it."""
    base = final_world.build(close=False)
    person = factories.user(Role.CITIZEN, email=EMAIL, name=NAME)
    other = factories.user(Role.CITIZEN, email=OTHER_EMAIL, name=OTHER_NAME)
    voters = [factories.user(Role.CITIZEN) for _ in range(3)]
    admin = factories.user(Role.ADMIN, email="the.admin@example.org")
    moderator, member = base.moderator, base.member

    final_comment = factories.approved_comment(base.items[1], person, moderator, BODIES["final"])
    comments.post_reply(final_comment, member, "회의록 답변입니다")
    move_meeting(base.meeting, MeetingState.CLOSED)
    version = versions.finalize(base.meeting, base.secretary)

    meeting = factories.meeting(base.meeting.committee, published=True, items=2, title="계속되는 회의")
    items = agenda_of(meeting)
    ids = {"final": final_comment.id}
    approved = factories.approved_comment(items[0], person, moderator, BODIES["approved"])
    comments.post_reply(approved, member, "공개 답변입니다")
    comments.vote(approved, Submitter(user=voters[0]), "agree")
    comments.vote(approved, Submitter(user=voters[1]), "disagree")
    ids["approved"] = approved.id
    ids["pending"] = factories.comment(items[1], person, BODIES["pending"]).id
    hidden = factories.approved_comment(items[1], person, moderator, BODIES["hidden"])
    for voter in voters:
        comments.report(hidden, voter, "부적절합니다")
    ids["hidden"] = hidden.id
    ids["rejected"] = comments.reject(factories.comment(items[0], person, BODIES["rejected"]), moderator,
                                      reason="other", note="주제와 다른 내용입니다").id
    theirs = factories.approved_comment(items[0], other, moderator, BODIES["other"])
    comments.vote(theirs, Submitter(user=person), "agree")
    comments.vote(theirs, Submitter(user=voters[2]), "pass")
    comments.report(theirs, person, "다시 보아 주세요")
    ids["other"] = theirs.id
    db.session.commit()
    return World(person.id, other.id, admin.id, moderator.id, base.meeting.id, meeting.id, [i.id for i in items],
                 ids, version.sha256, version.snapshot)


def versions_of(meeting_id: int) -> list[tuple[int, str, str]]:
    return db.session.execute(
        sa.select(RecordVersion.number, RecordVersion.sha256, RecordVersion.snapshot).join(Record)
        .where(Record.meeting_id == meeting_id).order_by(RecordVersion.number)).all()


def person(world: World) -> User:
    return db.session.get(User, world.person_id)


def comment(world: World, which: str) -> Comment:
    return db.session.get(Comment, world.comment_ids[which])


def votes_on(comment_id: int) -> list[Vote]:
    return list(db.session.scalars(sa.select(Vote).where(Vote.comment_id == comment_id)))
