"""Fixtures of the comments tests: a published meeting with a document, and the people who act on it.

`world` builds everything through the real services and commits; tests look objects up again by id
(`w.item`, `w.citizen`...) inside the app context they run in.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.comments.models import (
    Comment, ModerationDecision, Reply, Report, Vote,
)
from participation.core.roles import Role
from participation.core.text import render_markdown
from participation.extensions import db
from participation.live.models import LiveEvent
from participation.meetings import materials, services
from participation.meetings.models import AgendaItem, Meeting, MeetingState
from tests import factories

DOCUMENT = "첫째 문단: 정보화 예산을 늘립니다.\n\n둘째 문단: 공공 와이파이를 확대합니다."
# A limit no test reaches unless it sets its own.
GENEROUS = "1000 per minute"


class World(SimpleNamespace):
    """Ids of what `world` built, and helpers to load them in the current app context."""

    def get(self, model, id_):
        return db.session.get(model, id_)

    def user(self, name: str) -> User:
        return db.session.get(User, getattr(self, name))

    @property
    def item_(self) -> AgendaItem:
        return db.session.get(AgendaItem, self.item)

    @property
    def meeting_(self) -> Meeting:
        return db.session.get(Meeting, self.meeting)


@pytest.fixture
def world(app):
    app.config.update(COMMENT_RATE_LIMIT=GENEROUS, GUEST_COMMENT_RATE_LIMIT=GENEROUS)
    with app.app_context():
        committee = factories.committee()
        meeting = factories.meeting(committee, items=2, title="2017년 제1차 정보화전략위원회")
        item, other_item = services.agenda_of(meeting)
        document = materials.add_document(meeting, item, "안건 자료", DOCUMENT, None)
        materials.add_document(meeting, None, "회의 자료", "회의 전체에 관한 문단.", None)
        services.move_meeting(meeting, MeetingState.PUBLISHED)
        people = {
            "citizen": factories.user(Role.CITIZEN, email="citizen@example.org", name="Citizen Lee"),
            "citizen2": factories.user(Role.CITIZEN, email="citizen2@example.org", name="Citizen Park"),
            "citizen3": factories.user(Role.CITIZEN, email="citizen3@example.org", name="Citizen Choi"),
            "citizen4": factories.user(Role.CITIZEN, email="citizen4@example.org", name="Citizen Jung"),
            "moderator": factories.user(Role.MODERATOR, email="moderator@example.org", name="Moderator Kim"),
            "moderator2": factories.user(Role.MODERATOR, email="moderator2@example.org", name="Moderator Han"),
            "member": factories.user(Role.MEMBER, email="member@example.org", name="Member Yoon"),
            "secretary": factories.user(Role.SECRETARY, email="secretary@example.org", name="Secretary Seo"),
        }
        db.session.commit()
        anchors = [a.id for a in render_markdown(DOCUMENT).anchors]
        return World(meeting=meeting.id, item=item.id, other_item=other_item.id, document=document.id,
                     anchors=anchors, meeting_anchor=render_markdown("회의 전체에 관한 문단.").anchors[0].id,
                     **{name: user.id for name, user in people.items()})


def counts() -> dict[str, int]:
    """Rows of every table a comment use case writes to."""
    models = {"comments": Comment, "votes": Vote, "reports": Report, "decisions": ModerationDecision,
              "replies": Reply, "events": LiveEvent}
    return {name: db.session.scalar(sa.select(sa.func.count()).select_from(model)) for name, model in models.items()}


def events(meeting_id: int) -> list[LiveEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(LiveEvent).where(LiveEvent.meeting_id == meeting_id)
                                   .order_by(LiveEvent.seq)))


def stale_copy(model, id_):
    """The row as this session loads it now, kept in memory after the transaction ends: attached again
    without reloading, it is what a request that loaded it a moment ago still holds."""
    loaded = db.session.get(model, id_)
    db.session.expunge(loaded)
    db.session.commit()

    def attach():
        return db.session.merge(loaded, load=False)

    return attach


def approved(w, who="citizen", body="정보화 예산 증액에 찬성합니다.", item=None) -> Comment:
    """A comment of `who` on the world's item (or `item`), approved by its moderator and committed."""
    comment = factories.approved_comment(item or w.item_, w.user(who), w.user("moderator"), body=body)
    db.session.commit()
    return comment


def fresh(comment_id: int) -> Comment:
    """The comment as the database holds it now."""
    db.session.expire_all()
    return db.session.get(Comment, comment_id)
