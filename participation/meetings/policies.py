"""The rules of a meeting's visibility and of what its state allows: the one home of each.

Pure functions of a user and a meeting. Services enforce them, queries filter with them, views and
templates ask them which controls to show; nothing else decides "is this meeting public" or "does it
take comments".
"""
from __future__ import annotations

from participation.core.db import utcnow
from participation.core.roles import Role
from participation.meetings import membership
from participation.meetings.models import MEETING_TRANSITIONS, Committee, Meeting, MeetingState, SeatRole

# Everything but the draft is public: published ahead of the meeting, live, closed, record final, and
# cancelled (its pages stay, saying so).
PUBLIC_STATES = frozenset({MeetingState.PUBLISHED, MeetingState.LIVE, MeetingState.CLOSED,
                           MeetingState.RECORD_FINAL, MeetingState.CANCELLED})
# Citizens comment before the meeting, during part 2 and after it, until the record is final; a cancelled
# meeting takes none (pending comments are still moderated, approved ones stay).
COMMENTING_STATES = frozenset({MeetingState.PUBLISHED, MeetingState.LIVE, MeetingState.CLOSED})


def is_public(meeting: Meeting) -> bool:
    """Everyone may read the meeting, its agenda and its materials."""
    return meeting.state in PUBLIC_STATES


def may_preview(user) -> bool:
    """Secretaries read unpublished meetings on the public pages too (as a preview)."""
    return bool(user is not None and user.is_authenticated and user.has_role(Role.SECRETARY))


def may_view(user, meeting: Meeting) -> bool:
    """The user may open the meeting's pages and act on what hangs off it."""
    return is_public(meeting) or may_preview(user)


def may_manage(user) -> bool:
    """Secretaries publish meetings, move them through their states and run the live session."""
    return may_preview(user)


def has_part_2(meeting: Meeting) -> bool:
    """The meeting has an online open session (a part 2): only then does it go live and have a live page."""
    return meeting.part2_starts_at is not None


def next_states(meeting: Meeting) -> tuple[MeetingState, ...]:
    """Where the secretary may move the meeting now, the forward step first. A published meeting with a
    part 2 goes live before it closes; one without a part 2 closes straight away and never goes live;
    either may be cancelled instead, as long as it has not started."""
    if meeting.state is MeetingState.PUBLISHED:
        forward = MeetingState.LIVE if has_part_2(meeting) else MeetingState.CLOSED
        return forward, MeetingState.CANCELLED
    return MEETING_TRANSITIONS[meeting.state]


def may_cancel(meeting: Meeting) -> bool:
    """The meeting may be called off now (published, not yet started)."""
    return MeetingState.CANCELLED in next_states(meeting)


def may_postpone(meeting: Meeting) -> bool:
    """The meeting may be moved to a later date now: published and not yet started."""
    return meeting.state is MeetingState.PUBLISHED


def agenda_is_open(meeting: Meeting) -> bool:
    """Agenda items may still be deleted: once published, the agenda is part of the public record."""
    return meeting.state is MeetingState.DRAFT


def takes_comments(meeting: Meeting) -> bool:
    """The meeting's state accepts new comments (whoever writes them)."""
    return meeting.state in COMMENTING_STATES


def takes_guest_comments(meeting: Meeting) -> bool:
    """Comments without an account are accepted now."""
    return takes_comments(meeting) and meeting.allow_guest_comments


def may_manage_membership(user, committee: Committee) -> bool:
    """Who sits on a committee is kept by an administrator or by a secretary serving it today."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.has_role(Role.ADMIN) or membership.holds(user, committee.id, SeatRole.SECRETARY, utcnow().date())
