"""A world for the open-data tests: one public meeting whose comments are in every state, a draft meeting,
personal data in bodies, a guest, votes and a reply; and what must never leave the platform."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from participation.comments import services as comments
from participation.comments.consents import CONSENT_VERSION
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import AgendaItem
from tests import factories

PHONE, EMAIL = "010-1234-5678", "citizen.secret@example.org"
GUEST_ID = "guest-internal-id-4242"


@dataclass
class World:
    public_meeting_id: int
    draft_meeting_id: int
    item_ids: list[int]
    approved_ids: list[int]
    hidden_texts: list[str] = field(default_factory=list)  # pending, rejected, hidden: never public
    secrets: list[str] = field(default_factory=list)  # personal data and internal ids: never public


def build() -> World:
    """Make the world (inside an app context) and commit it."""
    committee = factories.committee()
    task = factories.task(committee, "3-1-7")
    moderator = factories.user(Role.MODERATOR, email="moderator.private@example.org")
    member = factories.user(Role.MEMBER, email="member.private@example.org")
    citizen = factories.user(Role.CITIZEN, email="citizen.private@example.org")
    reporters = [factories.user(Role.CITIZEN) for _ in range(3)]
    meeting = factories.meeting(committee, published=True, items=2)
    meeting.allow_guest_comments = True
    items = sorted(meeting_items(meeting.id), key=lambda i: i.position)
    items[0].task_id = task.id
    draft = factories.meeting(committee, title="초안 회의", items=1)

    with_data = comments.approve(factories.comment(items[0], citizen, f"연락은 {PHONE} 또는 {EMAIL} 로 주세요"),
                                 moderator)
    plain = factories.approved_comment(items[1], citizen, moderator, "지하철 안내가 더 필요합니다")
    guest, _ = comments.submit(items[0], Submitter(guest_id=GUEST_ID, nickname="손님"), body="손님 의견입니다",
                               stance="question", client_key="guest-1", consent=CONSENT_VERSION)
    comments.approve(guest, moderator)
    factories.comment(items[0], citizen, "대기 중인 비공개 의견")
    comments.reject(factories.comment(items[1], citizen, "거절된 비공개 의견"), moderator, reason="spam")
    hidden = factories.approved_comment(items[1], citizen, moderator, "신고로 가려진 의견")
    for reporter in reporters:
        comments.report(hidden, reporter, "부적절")
    comments.vote(plain, Submitter(user=reporters[0]), "agree")
    comments.vote(plain, Submitter(user=reporters[1]), "disagree")
    comments.post_reply(plain, member, "검토하겠습니다")
    db.session.commit()
    return World(meeting.id, draft.id, [i.id for i in items], [with_data.id, plain.id, guest.id],
                 hidden_texts=["대기 중인 비공개 의견", "거절된 비공개 의견", "신고로 가려진 의견", "초안 회의"],
                 secrets=[PHONE, EMAIL, GUEST_ID, "private@example.org"])


def meeting_items(meeting_id: int):
    return list(db.session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)))


def approve_another(world: World, body: str, item_index: int = 1):
    """One more approved comment on the world's public meeting, committed."""
    from participation.accounts.models import User

    moderator = db.session.scalar(sa.select(User).where(User.email == "moderator.private@example.org"))
    citizen = factories.user(Role.CITIZEN)  # each its own author: the comment rate limit is per author
    item = db.session.get(AgendaItem, world.item_ids[item_index])
    created = comments.approve(factories.comment(item, citizen, body), moderator)
    db.session.commit()
    return created.id
