"""A committee member's desk (`/desk`): the public meetings of the committees they sit on, each with the
agenda items that drew the most reaction (the feedback domain's aggregates), and the written opinions
they still owe (opinions.py).

Which meetings: those the member sits in by the record's rule (`policies.sits_on`: a member seat on the
meeting's committee held on the meeting's day or today), so a member who has left a committee still
finds the meetings they sat in, and a new member the committee's earlier ones. Drafts never (they are
not public). Reads only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from participation.extensions import db
from participation.feedback import aggregates
from participation.feedback.aggregates import Tally
from participation.meetings import policies as meeting_policies
from participation.meetings.models import AgendaItem, Committee, CommitteeMembership, Meeting, SeatRole
from participation.meetings.services import agenda_of
from participation.record import opinions, policies
from participation.record.reading import record_of_meeting

TOP_ITEMS = 3


@dataclass(frozen=True)
class DeskMeeting:
    """A meeting the member sits in, with its items that drew the most reaction (approved comments plus
    agrees), most first; items without any left out."""

    meeting: Meeting
    top_items: list[tuple[AgendaItem, Tally]]


@dataclass(frozen=True)
class DueOpinions:
    """A meeting whose written opinions are taken now, and its items the member has not answered yet."""

    meeting: Meeting
    deadline: date | None  # None: until the record is final
    items: list[AgendaItem]


@dataclass
class DeskCommittee:
    committee: Committee
    meetings: list[DeskMeeting] = field(default_factory=list)


@dataclass(frozen=True)
class Desk:
    committees: list[DeskCommittee]  # empty: the member sits on no committee
    due: list[DueOpinions]  # the nearest deadline first


def member_committees(user) -> list[Committee]:
    """The committees on which the user holds (or held) a member seat, by name."""
    held = sa.select(CommitteeMembership.committee_id).where(
        CommitteeMembership.user_id == user.id, CommitteeMembership.role == SeatRole.MEMBER)
    return list(db.session.scalars(sa.select(Committee).where(Committee.id.in_(held))
                                   .order_by(Committee.name, Committee.id)))


def reaction(tally: Tally) -> int:
    """How much an item drew: its approved comments and the agrees on them."""
    return tally.approved + tally.agrees


def top_items(meeting: Meeting, limit: int = TOP_ITEMS) -> list[tuple[AgendaItem, Tally]]:
    """The meeting's items that drew the most reaction, most first (agenda order among equals)."""
    per, _ = aggregates.tallies(meeting.id, per_item=0)
    reacted = [(item, per[item.id]) for item in agenda_of(meeting) if item.id in per and reaction(per[item.id])]
    return sorted(reacted, key=lambda pair: (-reaction(pair[1]), pair[0].position))[:limit]


def due_opinions(meeting: Meeting, member, today: date | None = None) -> DueOpinions | None:
    """The meeting's items still waiting for the member's written opinion, while opinions are taken."""
    record = record_of_meeting(meeting)
    if not opinions.may_write(member, meeting, record, today):
        return None
    own = opinions.opinions_by_member(record, member)
    missing = [item for item in agenda_of(meeting) if item.id not in own]
    return DueOpinions(meeting, opinions.deadline_of(record), missing) if missing else None


def desk_of(member, today: date | None = None) -> Desk:
    """Everything the member's desk shows."""
    committees, due = [], []
    for committee in member_committees(member):
        row = DeskCommittee(committee)
        meetings = db.session.scalars(
            sa.select(Meeting).where(Meeting.committee_id == committee.id,
                                     Meeting.state.in_(meeting_policies.PUBLIC_STATES))
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc()))
        for meeting in meetings:
            if not policies.sits_on(member, meeting):
                continue
            row.meetings.append(DeskMeeting(meeting, top_items(meeting)))
            owed = due_opinions(meeting, member, today)
            if owed is not None:
                due.append(owed)
        committees.append(row)
    due.sort(key=lambda owed: (owed.deadline is None, owed.deadline or date.max, owed.meeting.starts_at))
    return Desk(committees, due)
