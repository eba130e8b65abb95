"""A closed meeting whose record holds the reference minutes (the resolution and the action item
confirmed), its serving secretary, a member sitting on the committee, a citizen's approved comment with a
reply, and a moderator: the ground of the finalizing, review and PDF tests."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from participation.accounts.models import User
from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import AgendaItem, Meeting, MeetingState
from participation.meetings.services import agenda_of, move_meeting
from participation.record import services
from participation.record.kinds import EntryType
from tests import factories
from tests.record import minutes_text

TITLE = "2016년 제2차 정보화전략위원회"
DEADLINE = date(2017, 1, 15)


@dataclass
class World:
    meeting: Meeting
    items: list[AgendaItem]
    secretary: User
    member: User
    other_secretary: User
    citizen: User
    moderator: User


def build(*, deadline: date | None = DEADLINE, close: bool = True) -> World:
    """Everything committed; the meeting closed (or only published) with its record imported."""
    meeting = factories.meeting(published=True, items=2, title=TITLE, part_2=False)
    secretary = factories.user(Role.SECRETARY, name="박간사")
    member = factories.user(Role.MEMBER, name="김위원")
    other_secretary = factories.user(Role.SECRETARY, name="이간사")
    factories.seat(meeting.committee, secretary, "secretary", "간사")
    factories.seat(meeting.committee, member)
    factories.seat(factories.committee("다른 위원회"), other_secretary, "secretary", "간사")
    citizen, moderator = factories.user(Role.CITIZEN, name="시민일"), factories.user(Role.MODERATOR)
    items = agenda_of(meeting)
    approved = factories.approved_comment(items[0], citizen, moderator, body="회의록에 남을 시민 의견입니다")
    comments.post_reply(approved, member, "검토하겠습니다.")
    if close:
        move_meeting(meeting, MeetingState.CLOSED)
    parsed = services.preview_import(meeting, minutes_text().encode())
    confirmations = [services.Confirmation(n, p.type, deadline=deadline if p.type is EntryType.ACTION else None)
                     for n, p in enumerate(parsed.proposals) if p.type in (EntryType.RESOLUTION, EntryType.ACTION)]
    services.import_minutes(meeting, parsed, confirmations)
    db.session.commit()
    return World(meeting, items, secretary, member, other_secretary, citizen, moderator)
