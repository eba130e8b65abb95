"""A meeting's feedback, counted in SQL: per agenda item and for the whole meeting, comments by status,
approved ones by stance and phase, rejections by reason, distinct participants, agrees, the most agreed
approved comments, and comment volume over time.

The counts are read from the counters the database keeps on every change of a comment (counters.py:
a few hundred rows for a meeting however many comments it has); the most agreed comments come from
one indexed LIMIT per item. No other comment is loaded into Python. Pending, hidden and rejected
comments only ever appear here as counts.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

import sqlalchemy as sa

from participation.comments.models import Comment, CommentStatus, Phase, RejectReason, Stance
from participation.extensions import db
from participation.feedback import counters  # noqa: F401  (the triggers come with create_all too)
from participation.feedback.buckets import parse_minute
from participation.feedback.models import WHOLE_MEETING, CommentTally, CommentVolume, ParticipantCount
from participation.meetings.models import AgendaItem, Meeting
from participation.meetings.services import agenda_of

TOP_PER_ITEM = 3
# The stances a committee looks for when it compares items side by side.
STANDOUT_STANCES = (Stance.OPPOSE, Stance.QUESTION, Stance.CONCERN)


@dataclass(frozen=True)
class TopComment:
    """An approved comment among the most agreed of its item (the newer first among equals): its public
    (masked) text only."""

    id: int
    item_id: int
    body: str
    stance: Stance
    phase: Phase
    agree_count: int
    created_at: datetime

    @classmethod
    def of(cls, row) -> TopComment:
        """From a row of TOP_COLUMNS."""
        return cls(row.id, row.item_id, row.public_body, row.stance, row.phase, row.agree_count, row.created_at)


# The columns of a TopComment, as a statement selects them.
TOP_COLUMNS = (Comment.id, Comment.item_id, Comment.public_body, Comment.stance, Comment.phase,
               Comment.agree_count, Comment.created_at)


@dataclass
class Tally:
    """The feedback of one agenda item, or of the whole meeting (`item_id` None)."""

    item_id: int | None = None
    by_status: Counter = field(default_factory=Counter)
    by_stance: Counter = field(default_factory=Counter)  # approved comments
    by_phase: Counter = field(default_factory=Counter)  # approved comments
    rejected_by_reason: Counter = field(default_factory=Counter)
    participants: int = 0
    agrees: int = 0  # agrees on approved comments
    top: list[TopComment] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        """Every comment but those withdrawn (their authors deleted their accounts)."""
        return sum(n for status, n in self.by_status.items() if status is not CommentStatus.WITHDRAWN)

    @property
    def approved(self) -> int:
        return self.by_status[CommentStatus.APPROVED]

    @property
    def rejected(self) -> int:
        return self.by_status[CommentStatus.REJECTED]

    @property
    def waiting(self) -> int:
        return self.by_status[CommentStatus.PENDING] + self.by_status[CommentStatus.HIDDEN]

    def share(self, stance: Stance) -> float:
        """The stance's share of the approved comments (0 when there are none)."""
        return self.by_stance[stance] / self.approved if self.approved else 0.0


@dataclass
class MeetingFeedback:
    meeting: Meeting
    items: list[tuple[AgendaItem, Tally]]
    total: Tally
    per_minute: list[tuple[datetime, int]]  # comments sent during the live session, per minute
    per_day: list[tuple[str, int]]  # every comment, per day (`YYYY-MM-DD`) in the reader's time zone

    def tally(self, item_id: int) -> Tally:
        return next(tally for item, tally in self.items if item.id == item_id)

    def standouts(self) -> dict[Stance, list[tuple[AgendaItem, int]]]:
        """For opposition, questions and concern: the items that drew the most, most first (items
        with none left out)."""
        ranked = {}
        for stance in STANDOUT_STANCES:
            counted = [(item, tally.by_stance[stance]) for item, tally in self.items if tally.by_stance[stance]]
            ranked[stance] = sorted(counted, key=lambda pair: (-pair[1], pair[0].position))
        return ranked


_DIMENSIONS = (("by_status", CommentStatus), ("by_stance", Stance), ("by_phase", Phase),
               ("rejected_by_reason", RejectReason))


_PARTICIPANTS = "participants"  # the counts statement's rows of distinct participants


def _counts_statement(meeting_ids: list[int], item_ids: list[int] | None):
    """Status, stance, phase, reasons and agrees from the trigger-kept counters (counters.py), summed in
    SQL along each dimension, and the distinct participants, all in one statement (a few hundred rows
    however many comments): of the meetings' items and the meetings as wholes, or only of `item_ids`
    (of those meetings)."""
    scope = [CommentTally.meeting_id.in_(meeting_ids), CommentTally.comments > 0]
    people = [ParticipantCount.meeting_id.in_(meeting_ids), ParticipantCount.participants > 0]
    if item_ids is not None:
        scope.append(CommentTally.item_id.in_(item_ids))
        people.append(ParticipantCount.item_id.in_(item_ids))
    approved = CommentTally.status == CommentStatus.APPROVED
    columns = {"by_status": (CommentTally.status, None), "by_stance": (CommentTally.stance, approved),
               "by_phase": (CommentTally.phase, approved),
               "rejected_by_reason": (CommentTally.reason, CommentTally.status == CommentStatus.REJECTED)}
    parts = [sa.select(CommentTally.meeting_id, CommentTally.item_id, sa.literal(name).label("counter"),
                       sa.cast(column, sa.String).label("key"), sa.func.sum(CommentTally.comments),
                       sa.func.sum(CommentTally.agrees))
             .where(*scope, *([condition] if condition is not None else []))
             .group_by(CommentTally.meeting_id, CommentTally.item_id, column)
             for name, (column, condition) in columns.items()]
    parts.append(sa.select(ParticipantCount.meeting_id, ParticipantCount.item_id, sa.literal(_PARTICIPANTS),
                           sa.cast(sa.null(), sa.String), ParticipantCount.participants, sa.literal(0))
                 .where(*people))
    return sa.union_all(*parts)


def _counted(meeting_ids: list[int], item_ids: list[int] | None = None
             ) -> dict[int, tuple[dict[int, Tally], Tally]]:
    """By meeting: its per-item tallies (items without comments absent) and its total, without their most
    agreed comments."""
    found = {meeting_id: ({}, Tally()) for meeting_id in meeting_ids}
    codes = dict(_DIMENSIONS)
    for meeting_id, row_item, counter, key, comments, agrees in db.session.execute(
            _counts_statement(meeting_ids, item_ids)):
        per, total = found[meeting_id]
        if counter == _PARTICIPANTS:
            if row_item == WHOLE_MEETING:
                total.participants = comments
            else:
                per.setdefault(row_item, Tally(row_item)).participants = comments
            continue
        key = codes[counter](key or RejectReason.OTHER)
        for tally in (per.setdefault(row_item, Tally(row_item)), total):
            getattr(tally, counter)[key] += comments
            if counter == "by_stance":
                tally.agrees += agrees
    return found


def _top_statement(item_ids: list[int], limit: int):
    """One indexed LIMIT per item (ix_comments_item_top): a LATERAL join over the item ids on PostgreSQL
    (planned once), a UNION ALL of small SELECTs on SQLite (which has no LATERAL)."""
    most_agreed = (Comment.agree_count.desc(), Comment.id.desc())
    if db.session.get_bind().dialect.name == "postgresql":
        wanted = sa.values(sa.column("item_id", sa.Integer), name="wanted").data([(i,) for i in item_ids])
        top = (sa.select(*TOP_COLUMNS).where(Comment.item_id == wanted.c.item_id, Comment.status == CommentStatus.APPROVED)
               .order_by(*most_agreed).limit(limit).lateral("top"))
        return sa.select(top).select_from(wanted).join(top, sa.true())
    return sa.union_all(*[
        sa.select(sa.select(*TOP_COLUMNS).where(Comment.item_id == item_id, Comment.status == CommentStatus.APPROVED)
                  .order_by(*most_agreed).limit(limit).subquery())
        for item_id in item_ids])


def _top_into(per: dict[int, Tally], item_ids: list[int], limit: int) -> None:
    """The most agreed approved comments of each item, in one statement."""
    if not item_ids or limit <= 0:
        return
    for row in db.session.execute(_top_statement(item_ids, limit)):
        per.setdefault(row.item_id, Tally(row.item_id)).top.append(TopComment.of(row))
    for tally in per.values():
        tally.top.sort(key=lambda c: (-c.agree_count, -c.id))


def _volume(meeting_id: int) -> list[tuple[datetime, Phase, int]]:
    """Comments sent per UTC minute and phase (minutes without comments left out), oldest first."""
    stmt = (sa.select(CommentVolume.minute, CommentVolume.phase, CommentVolume.comments)
            .where(CommentVolume.meeting_id == meeting_id, CommentVolume.comments > 0)
            .order_by(CommentVolume.minute))
    return [(parse_minute(label), phase, count) for label, phase, count in db.session.execute(stmt)]


def per_minute(meeting_id: int, *, phase: Phase | None = None) -> list[tuple[datetime, int]]:
    """Comments sent per UTC minute (minutes without comments left out), oldest first; only the given
    phase if any."""
    return _per_minute(_volume(meeting_id), phase)


def _per_minute(volume, phase: Phase | None) -> list[tuple[datetime, int]]:
    minutes: Counter = Counter()
    for minute, minute_phase, count in volume:
        if phase is None or minute_phase is phase:
            minutes[minute] += count
    return sorted(minutes.items())


def _per_day(volume, zone: tzinfo) -> list[tuple[str, int]]:
    days: Counter = Counter()
    for minute, _phase, count in volume:
        days[minute.astimezone(zone).date().isoformat()] += count
    return sorted(days.items())


def _with_top(found: dict[int, tuple[dict[int, Tally], Tally]], per_item: int) -> None:
    """The most agreed comments of every item with approved ones (one statement), and of each meeting."""
    per = {item_id: tally for of_meeting, _total in found.values() for item_id, tally in of_meeting.items()}
    _top_into(per, [i for i, tally in per.items() if tally.approved], per_item)
    for of_meeting, total in found.values():
        total.top = sorted((c for t in of_meeting.values() for c in t.top),
                           key=lambda c: (-c.agree_count, -c.id))[:per_item]


def tallies(meeting_id: int, item_id: int | None = None, *, per_item: int = TOP_PER_ITEM) -> tuple[dict[int, Tally], Tally]:
    """Per-item tallies (items without comments absent) and the total, of a meeting or of one item."""
    found = _counted([meeting_id], None if item_id is None else [item_id])
    _with_top(found, per_item)
    per, total = found[meeting_id]
    if item_id is not None:  # one item: its own participants are the total
        total.participants = per[item_id].participants if item_id in per else 0
    return per, total


def tallies_of_meetings(meeting_ids: list[int], *, per_item: int = TOP_PER_ITEM
                        ) -> dict[int, tuple[dict[int, Tally], Tally]]:
    """`tallies` of several meetings at once, by meeting id, in as many statements as for one."""
    meeting_ids = sorted(set(meeting_ids))
    if not meeting_ids:
        return {}
    found = _counted(meeting_ids)
    _with_top(found, per_item)
    return found


def item_tallies(items: list[AgendaItem], *, per_item: int = TOP_PER_ITEM) -> dict[int, Tally]:
    """The tallies of these items (of any meetings) by item id, every item present (an empty tally for one
    without comments), in as many statements as for one item."""
    if not items:
        return {}
    found = _counted(sorted({item.meeting_id for item in items}), sorted({item.id for item in items}))
    _with_top(found, per_item)
    return {item.id: found[item.meeting_id][0].get(item.id) or Tally(item.id) for item in items}


def per_day(meeting_id: int, zone: tzinfo = timezone.utc) -> list[tuple[str, int]]:
    """Comments per day of `zone` (a day starts at midnight where the reader is, not in UTC), from the
    per-minute counters (one row per minute and phase that had comments)."""
    return _per_day(_volume(meeting_id), zone)


def meeting_feedback(meeting: Meeting, zone: tzinfo = timezone.utc,
                     agenda: list[AgendaItem] | None = None) -> MeetingFeedback:
    """Everything the dashboard shows of a meeting, in a handful of queries; days are `zone`'s. `agenda`:
    the meeting's items in agenda order when the caller has read them already (with what it shows of them)."""
    per, total = tallies(meeting.id)
    items = [(item, per.get(item.id) or Tally(item.id)) for item in (agenda_of(meeting) if agenda is None else agenda)]
    volume = _volume(meeting.id)
    return MeetingFeedback(meeting, items, total, _per_minute(volume, Phase.LIVE), _per_day(volume, zone))


def item_tally(item: AgendaItem) -> Tally:
    """One item's feedback (the brief), its five most agreed comments included."""
    per, _ = tallies(item.meeting_id, item.id, per_item=5)
    return per.get(item.id) or Tally(item.id)
