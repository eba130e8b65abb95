"""The secretary's control of part 2: start, move the "now discussing" pointer, spotlight, end."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.core.db import utcnow
from participation.core.roles import Role
from participation.core.services import NotFound, ServiceError
from participation.extensions import db
from participation.live import events
from participation.live.models import LiveSession
from participation.meetings.models import AgendaItem, Meeting, MeetingState
from participation.meetings.services import agenda_of, move_meeting


def _require_secretary(user: User) -> None:
    if user is None or not user.is_authenticated or not user.has_role(Role.SECRETARY):
        raise ServiceError(_l("Only the secretary controls the live session."), code="forbidden")


def _require_live(meeting: Meeting) -> LiveSession:
    if meeting.state is not MeetingState.LIVE:
        raise ServiceError(_l("The live session is not running."), code="closed")
    return events.live_session(meeting.id)


def state_of(meeting: Meeting) -> dict:
    """The state a client needs to draw the live page."""
    row = db.session.get(LiveSession, meeting.id)
    return {
        "meeting_id": meeting.id,
        "session": meeting.state.value,
        "current_item_id": row.current_item_id if row else None,
        "spotlight_comment_id": row.spotlight_comment_id if row else None,
        "last_event_id": row.last_seq if row else 0,
    }


def _session_event(meeting: Meeting) -> None:
    events.record(meeting.id, "session.state", {"session": meeting.state.value})


def start(meeting: Meeting, user: User) -> None:
    """Start part 2: the meeting goes live, the pointer on the first agenda item."""
    _require_secretary(user)
    try:
        move_meeting(meeting, MeetingState.LIVE)
    except ServiceError as error:
        raise ServiceError(error.message, code="conflict") from None
    row = events.live_session(meeting.id)
    row.started_at = utcnow()
    _session_event(meeting)
    agenda = agenda_of(meeting)
    if agenda and row.current_item_id is None:
        advance(meeting, user, agenda[0].id)


def advance(meeting: Meeting, user: User, item_id) -> None:
    """Point "now discussing" at another item of this meeting."""
    _require_secretary(user)
    row = _require_live(meeting)
    item = db.session.get(AgendaItem, item_id) if isinstance(item_id, int) and not isinstance(item_id, bool) else None
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(_l("Unknown agenda item."), field="item_id")
    row.current_item_id = item.id
    _clear_spotlight(meeting, row)
    events.record(meeting.id, "item.current", {"item_id": item.id, "title": item.title})


def _clear_spotlight(meeting: Meeting, row: LiveSession) -> None:
    """Clear the spotlight with its event, so clients that follow the events agree with `state_of`."""
    if row.spotlight_comment_id is not None:
        row.spotlight_comment_id = None
        events.record(meeting.id, "comment.spotlight", {"comment_id": None})


def spotlight(meeting: Meeting, user: User, comment_id) -> None:
    """Mark the approved comment the committee is answering now (None clears it)."""
    _require_secretary(user)
    row = _require_live(meeting)
    if comment_id is not None:
        valid = isinstance(comment_id, int) and not isinstance(comment_id, bool)
        comment = db.session.get(Comment, comment_id) if valid else None
        if comment is None or comment.meeting_id != meeting.id or comment.status is not CommentStatus.APPROVED:
            raise NotFound(_l("Unknown comment."), field="comment_id")
    row.spotlight_comment_id = comment_id
    events.record(meeting.id, "comment.spotlight", {"comment_id": comment_id})


def end(meeting: Meeting, user: User) -> None:
    """End part 2: the meeting is closed; comments from now on are "after the meeting"."""
    _require_secretary(user)
    row = _require_live(meeting)
    move_meeting(meeting, MeetingState.CLOSED)
    row.ended_at = utcnow()
    _clear_spotlight(meeting, row)
    _session_event(meeting)
