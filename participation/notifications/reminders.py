"""To committee members: their written opinions on a meeting are due.

Written opinions are taken after the meeting until the action items' deadline (record/opinions.py). When
that deadline is at most OPINION_REMINDER_DAYS days away (its last day included), each member sitting on
the committee who has not yet written an opinion on every agenda item is reminded once per meeting (an
`OpinionReminder` row, whose key makes a second reminder impossible, also from two processes at once).
A record without a deadline (opinions taken until it is final) has no date to remind of.

Run by the worker's round (at most every CHECK_EVERY seconds per process) and by
`flask notifications remind`.
"""
from __future__ import annotations

import time
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.core.routing import public_url
from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.meetings.models import Meeting, MeetingState
from participation.meetings.services import agenda_of
from participation.notifications import services
from participation.notifications.models import Kind, OpinionReminder
from participation.record import opinions
from participation.record.kinds import EntryType
from participation.record.models import Record, RecordEntry, WrittenOpinion

DEFAULT_DAYS = 3
CHECK_EVERY = 600.0  # seconds between two checks of the worker's round


def reminder_days() -> int:
    return int(current_app.config.get("OPINION_REMINDER_DAYS", DEFAULT_DAYS))


def _records_due(today: date, days: int) -> list[Record]:
    """The records of closed (or final) meetings whose action items' deadline is within `days` days."""
    deadline = sa.func.max(RecordEntry.deadline)
    due = (sa.select(RecordEntry.record_id)
           .where(RecordEntry.type == EntryType.ACTION, RecordEntry.deadline.is_not(None))
           .group_by(RecordEntry.record_id)
           .having(deadline >= today, deadline <= today + timedelta(days=days)))
    return list(db.session.scalars(
        sa.select(Record).join(Meeting, Meeting.id == Record.meeting_id)
        .where(Record.id.in_(due), Meeting.state.in_([MeetingState.CLOSED, MeetingState.RECORD_FINAL]))
        .order_by(Record.id)))


def _remind(member: User, meeting: Meeting, record: Record, missing: list, deadline: date) -> bool:
    """Compose the member's reminder unless they had it already (the row first, in a savepoint)."""
    if not services.reachable(member) or not services.wants(member, Kind.OPINION_DUE):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(OpinionReminder(meeting_id=meeting.id, user_id=member.id))
    except IntegrityError:  # reminded before, or by another process right now
        return False
    services.compose(member, Kind.OPINION_DUE, "opinion_due", meeting=meeting, items=missing, deadline=deadline,
                     opinions_url=public_url("record.opinions_page", meeting_id=meeting.id))
    return True


def remind_due(today: date | None = None) -> int:
    """Remind the members whose opinions are due soon, once per member and meeting; how many were
    reminded. Commits."""
    today = today or opinions.local_today()
    sent = 0
    with write_transaction():
        for record in _records_due(today, reminder_days()):
            meeting = record.meeting
            if not opinions.opinions_open(meeting, record, today):
                continue
            deadline = opinions.deadline_of(record)
            agenda = agenda_of(meeting)
            reminded = set(db.session.scalars(sa.select(OpinionReminder.user_id)
                                              .where(OpinionReminder.meeting_id == meeting.id)))
            answered: dict[int, set[int]] = {}
            for member_id, item_id in db.session.execute(
                    sa.select(WrittenOpinion.member_id, WrittenOpinion.agenda_item_id)
                    .where(WrittenOpinion.record_id == record.id)):
                answered.setdefault(member_id, set()).add(item_id)
            for member in opinions.committee_members(meeting):
                if member.id in reminded:
                    continue
                missing = [item for item in agenda if item.id not in answered.get(member.id, set())]
                if missing and _remind(member, meeting, record, missing, deadline):
                    sent += 1
        db.session.commit()
    return sent


_last_check = {"at": None}


def remind_periodically() -> bool:
    """The worker's round: `remind_due` at most every CHECK_EVERY seconds; True when it reminded."""
    now = time.monotonic()
    if _last_check["at"] is not None and now - _last_check["at"] < CHECK_EVERY:
        return False
    _last_check["at"] = now
    return remind_due() > 0
