"""News of a meeting for its followers: recorded in the change's transaction, told after its commit.

A meeting may have thousands of followers (its own and its committee's), so the secretary's request (or
the live page's socket event) that publishes, postpones, cancels or starts it renders no mail: it only
writes one `NotificationEvent` row, in its own transaction (nothing is told of a change that rolls
back). Once that commits, a background thread of the web process (core/after_commit.py `in_background`) expands the
event into one mail per follower, `BATCH` at a time, and delivers them; the worker's round
(`core/rounds.py`, feedback/worker.py) and `flask notifications expand` pick up what a process that died
left.

Each follower is told once: a batch takes the event's row lock (`FOR UPDATE` on PostgreSQL; SQLite's
write unit is one writer at a time), reads the next followers after its `cursor` in user-id order, and
commits their mails with the advanced cursor in the same transaction, so a batch is either all written
with its cursor or not at all. Only those who followed before the event are told, each in their own
language, if the kind is on for them, their address confirmed, and not the person who made the change.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from participation.accounts import mail
from participation.accounts.models import User
from participation.core import after_commit
from participation.core.db import utcnow
from participation.core.routing import public_url
from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.meetings import policies as meeting_policies
from participation.meetings.models import Meeting, MeetingPostponement
from participation.notifications import services
from participation.notifications.models import SETTING_OF, EventKind, Follow, NotificationEvent, NotificationSettings

BATCH = 50  # mails rendered per transaction (on SQLite the write lock is held meanwhile)
EVENTS_PER_RUN = 20


def record(meeting: Meeting, kind: EventKind, *, actor_id: int | None,
           postponement: MeetingPostponement | None = None) -> NotificationEvent | None:
    """Write the event in the caller's transaction (nothing when nobody follows the meeting) and expand it
    once that commits, off the request path."""
    if not services.has_followers(meeting):
        return None
    event = NotificationEvent(kind=kind.value, meeting_id=meeting.id, actor_id=actor_id, created_at=utcnow(),
                              postponement_id=postponement.id if postponement is not None else None)
    db.session.add(event)
    if current_app.config["MAIL_DELIVER_AFTER_COMMIT"]:
        after_commit.in_background(db.session(), _expand_and_deliver, "notifications")
    return event


def _expand_and_deliver() -> None:
    expand_pending()
    while mail.deliver_pending():
        pass


def recipients(event: NotificationEvent, meeting: Meeting, limit: int) -> list[User]:
    """The next followers to tell of the event, after its cursor, in user-id order."""
    setting = SETTING_OF[EventKind(event.kind)]
    followers = sa.select(Follow.user_id).where(
        sa.or_(Follow.meeting_id == meeting.id, Follow.committee_id == meeting.committee_id),
        Follow.created_at <= event.created_at)
    query = (sa.select(User).outerjoin(NotificationSettings, NotificationSettings.user_id == User.id)
             .where(User.id.in_(followers), User.id > event.cursor, services.reachable_clause(),
                    services.wants_clause(setting))
             .order_by(User.id).limit(limit))
    if event.actor_id is not None:
        query = query.where(User.id != event.actor_id)
    return list(db.session.scalars(query))


def _context(event: NotificationEvent, meeting: Meeting) -> dict:
    postponement = db.session.get(MeetingPostponement, event.postponement_id) if event.postponement_id else None
    live = meeting_policies.has_part_2(meeting)
    return {"event": EventKind(event.kind), "meeting": meeting, "committee": meeting.committee,
            "postponement": postponement, "cancellation": meeting.cancellation,
            "meeting_url": public_url("meetings.meeting", meeting_id=meeting.id),
            "live_url": public_url("live.live_page", meeting_id=meeting.id) if live else None,
            "committee_url": public_url("meetings.committee", committee_id=meeting.committee_id)}


def expand_batch(event_id: int, limit: int = BATCH) -> tuple[int, bool]:
    """Compose the mails of the event's next `limit` followers and advance its cursor, in one
    transaction; (mails composed, whether the event is done)."""
    with write_transaction():
        event = db.session.get(NotificationEvent, event_id, with_for_update=True, populate_existing=True)
        if event is None or event.done_at is not None:
            db.session.rollback()
            return 0, True
        meeting = db.session.get(Meeting, event.meeting_id)
        users = recipients(event, meeting, limit)
        context = _context(event, meeting) if users else {}
        setting = SETTING_OF[EventKind(event.kind)]
        for user in users:
            services.compose(user, setting, "meeting_event", **context)
        done = len(users) < limit
        if users:
            event.cursor = users[-1].id
        if done:
            event.done_at = utcnow()
        db.session.commit()
    return len(users), done


def expand_pending(events: int | None = EVENTS_PER_RUN) -> int:
    """Expand the oldest `events` events not done yet (None: all), wholly; how many mails were composed."""
    ids = list(db.session.scalars(sa.select(NotificationEvent.id).where(NotificationEvent.done_at.is_(None))
                                  .order_by(NotificationEvent.id).limit(events)))
    db.session.commit()
    composed = 0
    for event_id in ids:
        done = False
        while not done:
            count, done = expand_batch(event_id)
            composed += count
    return composed
