"""A meeting whose feedback is known by hand: approved, rejected, pending and hidden comments in every
phase, a guest among the participants, agrees (one on a comment hidden since), a phone number masked,
an official reply, and the first item linked to a plan task with a status history.

    item 1 (task 3-1-7): #1 support c1 (2 agrees) · #2 oppose c2, phone masked (1 agree) · #3 concern
        c3 rejected spam · #5 concern guest, live (1 agree) · #7 suggestion c1, after
        -> submitted 5, approved 4, waiting 0, rejected 1, participants 4, agrees 4
    item 2: #4 question c1, hidden after three reports (1 agree before) · #6 oppose c2 pending, live ·
        #8 question c3 rejected off_topic, after
        -> submitted 3, approved 0, waiting 2, rejected 1, participants 3, agrees 0
    total: submitted 8, approved 4, waiting 2, rejected 2, participants 4, agrees 4
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from participation.comments import services as comments
from participation.comments.consents import CONSENT_VERSION
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import services as meetings
from participation.meetings.models import MeetingState, TaskStatus
from participation.meetings.services import agenda_of
from tests import factories

SECRET = ("REJECTED-ONE", "REJECTED-TWO", "PENDING-ONE", "HIDDEN-ONE", "010-1234-5678")
CITIZEN_NAMES = ("시민갑", "시민을", "시민병", "시민정")
GUEST = "손님닉네임"
REPLY = "검토하겠습니다 REPLY-ONE"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=timezone.utc)


@dataclass
class World:
    meeting: object
    items: list
    ids: dict[int, int] = field(default_factory=dict)  # number in the docstring -> comment id
    member: object = None


def build(*, secretary=None) -> World:
    committee = factories.committee()
    task = factories.task(committee, "3-1-7")
    meetings.change_task_status(task, TaskStatus.UNDERPERFORMING, date(2016, 11, 30), "이용 실적 저조", actor_id=None)
    meeting = factories.meeting(committee, published=True, items=2)
    meeting.allow_guest_comments = True
    first, second = agenda_of(meeting)
    first.task_id = task.id
    moderator = factories.user(Role.MODERATOR)
    member = factories.user(Role.MEMBER, name="답변위원")
    c1, c2, c3, c4 = (factories.user(Role.CITIZEN, name=name) for name in CITIZEN_NAMES)
    guest = Submitter(guest_id="guest-1", nickname=GUEST)
    world = World(meeting, [first, second], member=member)

    def send(number, item, who, stance, body, when):
        submitter = who if isinstance(who, Submitter) else Submitter(user=who)
        created, _ = comments.submit(item, submitter, body=body, stance=stance, client_key=f"c{number}", now=when,
                                     consent=CONSENT_VERSION)
        world.ids[number] = created.id
        return created

    one = comments.approve(send(1, first, c1, "support", "지하철 안내가 좋아졌어요 APPROVED-ONE", at(1, 1)), moderator)
    two = comments.approve(send(2, first, c2, "oppose", "연락처 010-1234-5678 로 알려 주세요 APPROVED-TWO", at(1, 2)),
                           moderator)
    comments.reject(send(3, first, c3, "concern", "광고입니다 REJECTED-ONE", at(2, 3)), moderator, reason="spam")
    four = comments.approve(send(4, second, c1, "question", "질문입니다 HIDDEN-ONE", at(2, 4)), moderator)
    comments.agree(four, c2)
    for reporter in (c2, c3, c4):
        comments.report(four, reporter, "부적절합니다")
    meetings.move_meeting(meeting, MeetingState.LIVE)
    five = comments.approve(send(5, first, guest, "concern", "안전 알림이 걱정됩니다 APPROVED-THREE", at(3, 6, 30)),
                            moderator)
    send(6, second, c2, "oppose", "반대합니다 PENDING-ONE", at(3, 6, 32))
    meetings.move_meeting(meeting, MeetingState.CLOSED)
    comments.approve(send(7, first, c1, "suggestion", "교육을 제안합니다 APPROVED-FOUR", at(4, 0, 10)), moderator)
    comments.reject(send(8, second, c3, "question", "상관없는 글 REJECTED-TWO", at(4, 0, 20)), moderator,
                    reason="off_topic")
    comments.agree(one, c2)
    comments.agree(one, c3)
    comments.agree(two, c1)
    comments.agree(five, c1)
    comments.post_reply(one, member, REPLY)
    db.session.commit()
    return world
