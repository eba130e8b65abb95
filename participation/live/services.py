"""The secretary's control of part 2: start, move the "now discussing" pointer, spotlight, end.

Starting and ending move the meeting through `meetings.services.move_meeting`, the one path of every
state change; `follow_state` (called by the receiver of that signal) keeps the live session in step,
so a move made from the secretary's manage page reaches viewers exactly as one made here.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.core.db import utcnow
from participation.core.services import NotFound, ServiceError, is_id, require
from participation.extensions import db
from participation.live import events
from participation.live.models import LiveSession
from participation.meetings import policies as meeting_policies
from participation.meetings import queries as meeting_queries
from participation.meetings.models import AgendaItem, Meeting, MeetingState
from participation.meetings.services import agenda_of, move_meeting


def _require_secretary(user: User) -> None:
    require(meeting_policies.may_manage(user), user, _l("Only the secretary controls the live session."))


def _require_live(meeting: Meeting) -> LiveSession:
    if meeting.state is not MeetingState.LIVE:
        raise ServiceError(_l("The live session is not running."), code="closed")
    return events.live_session(meeting.id)


def state_of(meeting: Meeting) -> dict:
    """The state a client needs to draw the live page."""
    return _state(meeting.id, meeting.state, db.session.get(LiveSession, meeting.id))


_meetings, _live = Meeting.__table__, LiveSession.__table__
# Built once (their cache keys too) and run on the session's connection without the ORM: a crowd joins.
_WATCHABLE = sa.select(_meetings.c.id, _meetings.c.state).where(_meetings.c.id == sa.bindparam("meeting_id"))
_VIEWER_STATE = (
    sa.select(_meetings.c.state, _live.c.current_item_id, _live.c.spotlight_comment_id, _live.c.last_seq)
    .select_from(_meetings.outerjoin(_live, _live.c.meeting_id == _meetings.c.id))
    .where(_meetings.c.id == sa.bindparam("meeting_id"))
)


def watchable(meeting_id: int, user, field: str = "meeting_id") -> int:
    """`meeting_id`, if the user may watch that meeting; NotFound as `visible_meeting` otherwise."""
    row = db.session.connection().execute(_WATCHABLE, {"meeting_id": meeting_id}).one_or_none()
    return meeting_queries.require_visible(row, user, field).id


def viewer_state(meeting_id: int) -> dict:
    """`state_of` the meeting, read in one statement."""
    row = db.session.connection().execute(_VIEWER_STATE, {"meeting_id": meeting_id}).one()
    return _state(meeting_id, row.state, row if row.last_seq is not None else None)


def _state(meeting_id: int, state: MeetingState, row) -> dict:
    return {
        "meeting_id": meeting_id,
        "session": state.value,
        "current_item_id": row.current_item_id if row else None,
        "spotlight_comment_id": row.spotlight_comment_id if row else None,
        "last_event_id": row.last_seq if row else 0,
    }


def start(meeting: Meeting, user: User) -> None:
    """Start part 2: the meeting goes live (see `follow_state`)."""
    _require_secretary(user)
    try:
        move_meeting(meeting, MeetingState.LIVE)
    except ServiceError as error:
        raise ServiceError(error.message, code="conflict") from None


def end(meeting: Meeting, user: User) -> None:
    """End part 2: the meeting is closed; comments from now on are "after the meeting"."""
    _require_secretary(user)
    _require_live(meeting)
    move_meeting(meeting, MeetingState.CLOSED)


def follow_state(meeting: Meeting, previous: MeetingState) -> None:
    """Bring the live session in step with a meeting that moved from `previous` to its state now, and
    tell its viewers (`session.state`)."""
    row = events.live_session(meeting.id)
    if meeting.state is MeetingState.LIVE:
        row.started_at = utcnow()
    elif previous is MeetingState.LIVE:
        row.ended_at = utcnow()
        _clear_spotlight(meeting, row)
    data = {"session": meeting.state.value}
    if meeting.state is MeetingState.CANCELLED:  # no live session: viewers read why, and since when
        data |= {"reason": meeting.cancellation.reason, "cancelled_at": meeting.cancellation.created_at.isoformat()}
    events.record(meeting.id, "session.state", data)
    if meeting.state is MeetingState.LIVE and row.current_item_id is None:
        agenda = agenda_of(meeting)
        if agenda:
            _point_at(meeting, row, agenda[0])


def advance(meeting: Meeting, user: User, item_id) -> None:
    """Point "now discussing" at another item of this meeting."""
    _require_secretary(user)
    row = _require_live(meeting)
    item = db.session.get(AgendaItem, item_id) if is_id(item_id) else None
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(_l("Unknown agenda item."), field="item_id")
    _point_at(meeting, row, item)


def _point_at(meeting: Meeting, row: LiveSession, item: AgendaItem) -> None:
    row.current_item_id = item.id
    _clear_spotlight(meeting, row)
    events.record(meeting.id, "item.current", {"item_id": item.id, "title": item.title})


def _clear_spotlight(meeting: Meeting, row: LiveSession) -> None:
    """Clear the spotlight with its event, so clients that follow the events agree with `state_of`."""
    if row.spotlight_comment_id is not None:
        row.spotlight_comment_id = None
        events.record(meeting.id, "comment.spotlight", {"comment_id": None})


def withdraw_spotlight(comment: Comment) -> None:
    """A comment taken off the public pages is no longer the one being answered."""
    row = db.session.get(LiveSession, comment.meeting_id)
    if row is not None and row.spotlight_comment_id == comment.id:
        _clear_spotlight(comment.meeting, row)


def spotlight(meeting: Meeting, user: User, comment_id) -> None:
    """Mark the approved comment the committee is answering now (None clears it)."""
    _require_secretary(user)
    row = _require_live(meeting)
    if comment_id is not None:
        comment = db.session.get(Comment, comment_id) if is_id(comment_id) else None
        if comment is None or comment.meeting_id != meeting.id or comment.status is not CommentStatus.APPROVED:
            raise NotFound(_l("Unknown comment."), field="comment_id")
    row.spotlight_comment_id = comment_id
    events.record(meeting.id, "comment.spotlight", {"comment_id": comment_id})
