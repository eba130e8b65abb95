"""The committee's review of its record: members' remarks on the draft's entries, resolved by the secretary,
and the members' written opinions per agenda item after the meeting. Never commit; the caller does.

Written opinions are taken until the action items' deadline (the latest one of the record's action
entries; without one, until the record is final), a deadline's last day included, in the site's time
zone. They appear in the citizens' part of the record (`citizens.py` reads them).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from participation.accounts.models import User
from participation.core.db import utcnow
from participation.core.services import ServiceError, checked_text, require
from participation.extensions import db
from participation.meetings import membership
from participation.meetings.models import AgendaItem, Meeting, SeatRole
from participation.meetings.services import agenda_of
from participation.record import policies, services
from participation.record.kinds import EntryType
from participation.record.models import EntryRemark, Record, RecordEntry, WrittenOpinion

REMARK_MAX = 2000
OPINION_MAX = 10000


def local_today() -> date:
    """Today in the site's time zone (a deadline's day ends at midnight there)."""
    return datetime.now(get_timezone()).date()


# --- Remarks ------------------------------------------------------------------------------------------------

def add_remark(meeting: Meeting, entry: RecordEntry, author, body) -> EntryRemark:
    """A member's remark on an entry of the draft record."""
    require(policies.may_remark(author, meeting), author,
            _l("Members of this committee leave remarks while its record is a draft."))
    if entry.record.meeting_id != meeting.id:
        raise ServiceError(_l("That entry is not part of this record."), field="entry")
    text = checked_text(body, "body", REMARK_MAX, empty_message=_l("Write your remark."))
    remark = EntryRemark(entry_id=entry.id, author_id=author.id, body=text)
    db.session.add(remark)
    db.session.flush()
    return remark


def resolve_remark(meeting: Meeting, remark: EntryRemark, actor, now: datetime | None = None) -> None:
    """The secretary marks a remark as dealt with (once)."""
    require(policies.may_resolve_remarks(actor, meeting), actor,
            _l("Only the secretary serving this committee resolves remarks."))
    if remark.resolved_at is not None:
        raise ServiceError(_l("This remark is already resolved."), code="conflict")
    remark.resolved_at, remark.resolved_by_id = now or utcnow(), actor.id


def remarks_of(record: Record | None) -> list[EntryRemark]:
    """Every remark on the record's entries: open ones first, then by entry and time."""
    if record is None:
        return []
    rows = db.session.scalars(
        sa.select(EntryRemark).join(EntryRemark.entry).where(RecordEntry.record_id == record.id)
        .options(selectinload(EntryRemark.entry), selectinload(EntryRemark.author))
        .order_by(EntryRemark.resolved_at.is_not(None), RecordEntry.position, EntryRemark.created_at, EntryRemark.id))
    return list(rows)


def remark_of(record: Record | None, remark_id: int) -> EntryRemark | None:
    """The remark with that id if it is on this record's entries."""
    remark = db.session.get(EntryRemark, remark_id)
    return remark if record is not None and remark is not None and remark.entry.record_id == record.id else None


# --- Written opinions ---------------------------------------------------------------------------------------

def deadline_of(record: Record | None) -> date | None:
    """The written opinions' deadline: the latest deadline of the record's action items, if any."""
    if record is None:
        return None
    days = [e.deadline for e in record.entries if e.type is EntryType.ACTION and e.deadline is not None]
    return max(days) if days else None


def opinions_open(meeting: Meeting, record: Record | None, today: date | None = None) -> bool:
    return policies.opinions_open(meeting, deadline_of(record), today or local_today())


def may_write(user, meeting: Meeting, record: Record | None, today: date | None = None) -> bool:
    return policies.may_write_opinion(user, meeting, deadline_of(record), today or local_today())


def submit_opinion(meeting: Meeting, item: AgendaItem, member, body, today: date | None = None) -> WrittenOpinion:
    """Store the member's opinion on the item, replacing the one they sent before."""
    if item.meeting_id != meeting.id:
        raise ServiceError(_l("That agenda item is not part of this meeting."), field="item")
    record = db.session.scalar(sa.select(Record).where(Record.meeting_id == meeting.id))
    require(may_write(member, meeting, record, today), member,
            _l("Written opinions are taken from the committee's members after the meeting, until the deadline."))
    text = checked_text(body, "body", OPINION_MAX, empty_message=_l("Write your opinion."))
    record = record or services.record_of(meeting)
    opinion = _opinion(item.id, member.id)
    if opinion is None:
        opinion = WrittenOpinion(record_id=record.id, agenda_item_id=item.id, member_id=member.id, body=text)
        try:
            with db.session.begin_nested():
                db.session.add(opinion)
        except IntegrityError:  # the same member's first opinion, raced in from another tab
            opinion = _opinion(item.id, member.id)
            if opinion is None:
                raise
    opinion.body = text
    db.session.flush()
    return opinion


def _opinion(item_id: int, member_id: int) -> WrittenOpinion | None:
    return db.session.scalar(sa.select(WrittenOpinion).where(WrittenOpinion.agenda_item_id == item_id,
                                                             WrittenOpinion.member_id == member_id))


def opinions_by_member(record: Record | None, member) -> dict[int, WrittenOpinion]:
    """The member's opinions on the meeting's items, by item id."""
    if record is None or member is None:
        return {}
    rows = db.session.scalars(sa.select(WrittenOpinion).where(WrittenOpinion.record_id == record.id,
                                                              WrittenOpinion.member_id == member.id))
    return {row.agenda_item_id: row for row in rows}


@dataclass(frozen=True)
class ItemAnswers:
    """Who of the committee's members has answered on an item, and who has not."""

    item: AgendaItem
    answered: list[tuple[User, WrittenOpinion]]
    missing: list[User]


def committee_members(meeting: Meeting) -> list[User]:
    """The members who sat on the committee on the meeting's day or sit on it today (as `sits_on`)."""
    seen: dict[int, User] = {}
    for row in membership.memberships(meeting.committee):
        if row.role is SeatRole.MEMBER and row.user_id not in seen and policies.sits_on(row.user, meeting):
            seen[row.user_id] = row.user
    return sorted(seen.values(), key=lambda user: (user.display_name, user.id))


def answers(meeting: Meeting, record: Record | None) -> list[ItemAnswers]:
    """Per agenda item, the members who answered (with their opinion, also one who has left the committee
    since) and the members who have not."""
    members = committee_members(meeting)
    rows = [] if record is None else db.session.scalars(
        sa.select(WrittenOpinion).where(WrittenOpinion.record_id == record.id)
        .options(selectinload(WrittenOpinion.member)).order_by(WrittenOpinion.created_at, WrittenOpinion.id)).all()
    out = []
    for item in agenda_of(meeting):
        answered = [(row.member, row) for row in rows if row.agenda_item_id == item.id and row.member is not None]
        done = {member.id for member, _ in answered}
        out.append(ItemAnswers(item, answered, [m for m in members if m.id not in done]))
    return out
