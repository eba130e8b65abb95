"""A committee member's desk (`/desk`): the public meetings of the committees they sit on, each with the
agenda items that drew the most reaction (the feedback domain's aggregates), and the written opinions
they still owe (opinions.py).

Which meetings: those the member sits in by the record's rule (`policies.sits_on`: a member seat on the
meeting's committee held on the meeting's day or today), so a member who has left a committee still
finds the meetings they sat in, and a new member the committee's earlier ones. Drafts never (they are
not public). Reads only, in a fixed number of statements whatever the number of committees, meetings
and items (each kind of row read once for every meeting at the same time).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.feedback import aggregates
from participation.feedback.aggregates import Tally
from participation.meetings import membership
from participation.meetings import policies as meeting_policies
from participation.meetings.models import AgendaItem, Committee, CommitteeMembership, Meeting, SeatRole
from participation.record import opinions, policies
from participation.record.models import Record, WrittenOpinion

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


def top_items(agenda: list[AgendaItem], per: dict[int, Tally],
              limit: int = TOP_ITEMS) -> list[tuple[AgendaItem, Tally]]:
    """Of a meeting's agenda and its items' tallies, the items that drew the most reaction, most first
    (agenda order among equals)."""
    reacted = [(item, per[item.id]) for item in agenda if item.id in per and reaction(per[item.id])]
    return sorted(reacted, key=lambda pair: (-reaction(pair[1]), pair[0].position))[:limit]


def _sat_in(member, committees: list[Committee]) -> list[Meeting]:
    """The public meetings of these committees the member sits in, newest first."""
    if not committees:
        return []
    seats = membership.seats_of(member, SeatRole.MEMBER)
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.committee_id.in_([c.id for c in committees]),
                                 Meeting.state.in_(meeting_policies.PUBLIC_STATES))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc()))
    return [meeting for meeting in meetings if policies.sits_on_among(seats, meeting)]


def _agendas(meetings: list[Meeting]) -> dict[int, list[AgendaItem]]:
    """The meetings' agenda items in agenda order, by meeting id."""
    agendas: dict[int, list[AgendaItem]] = defaultdict(list)
    for item in db.session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id.in_([m.id for m in meetings]))
                                   .order_by(AgendaItem.meeting_id, AgendaItem.position)):
        agendas[item.meeting_id].append(item)
    return agendas


def _due(meetings: list[Meeting], agendas: dict[int, list[AgendaItem]], member,
         today: date | None) -> list[DueOpinions]:
    """The member's opinions still due, over meetings the member sits in: their records with their entries
    (the deadline), then the member's opinions in those records, once each."""
    if not meetings:
        return []
    records = {record.meeting_id: record for record in db.session.scalars(
        sa.select(Record).where(Record.meeting_id.in_([m.id for m in meetings])).options(selectinload(Record.entries)))}
    answered: dict[int, set[int]] = defaultdict(set)
    if records:
        for record_id, item_id in db.session.execute(
                sa.select(WrittenOpinion.record_id, WrittenOpinion.agenda_item_id)
                .where(WrittenOpinion.member_id == member.id,
                       WrittenOpinion.record_id.in_([r.id for r in records.values()]))):
            answered[record_id].add(item_id)
    due = []
    for meeting in meetings:
        record = records.get(meeting.id)
        if not opinions.opinions_open(meeting, record, today):  # the member sits in it (`_sat_in`)
            continue
        own = answered[record.id] if record is not None else set()
        missing = [item for item in agendas[meeting.id] if item.id not in own]
        if missing:
            due.append(DueOpinions(meeting, opinions.deadline_of(record), missing))
    return due


def desk_of(member, today: date | None = None) -> Desk:
    """Everything the member's desk shows."""
    committees = member_committees(member)
    meetings = _sat_in(member, committees)
    agendas = _agendas(meetings) if meetings else {}
    tallies = aggregates.tallies_of_meetings([m.id for m in meetings], per_item=0)
    rows = {committee.id: DeskCommittee(committee) for committee in committees}
    for meeting in meetings:
        rows[meeting.committee_id].meetings.append(
            DeskMeeting(meeting, top_items(agendas[meeting.id], tallies[meeting.id][0])))
    due = _due(meetings, agendas, member, today)
    due.sort(key=lambda owed: (owed.deadline is None, owed.deadline or date.max, owed.meeting.starts_at))
    return Desk(list(rows.values()), due)
