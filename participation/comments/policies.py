"""Who may do what with comments: the one home of each rule.

Pure functions of a user (or an anonymous visitor) and a meeting or comment. The services enforce them
(`require`), the views, socket handlers and templates ask them which forms and buttons to offer.
"""
from __future__ import annotations

from participation.comments.models import Comment, CommentStatus, Phase
from participation.core.roles import Role
from participation.meetings import policies as meeting_policies
from participation.meetings.models import Meeting, MeetingState

PHASE_OF_STATE = {MeetingState.PUBLISHED: Phase.BEFORE, MeetingState.LIVE: Phase.LIVE,
                  MeetingState.CLOSED: Phase.AFTER}
# Who speaks or works for the committee: they do not vote, so that the votes (and the opinion map) are
# the citizens'.
STAFF_ROLES = (Role.MODERATOR, Role.SECRETARY, Role.MEMBER, Role.ADMIN)


def _holds(user, role: Role) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_role(role))


def phase_of(meeting: Meeting) -> Phase | None:
    """The phase a comment written now belongs to; None when the meeting takes no comments."""
    return PHASE_OF_STATE.get(meeting.state) if meeting_policies.takes_comments(meeting) else None


def may_comment(user, meeting: Meeting) -> bool:
    """Citizens comment on a meeting that takes comments; visitors without an account only where the
    meeting allows guests."""
    if not meeting_policies.takes_comments(meeting):
        return False
    if user is not None and user.is_authenticated:
        return user.has_role(Role.CITIZEN)
    return meeting.allow_guest_comments


def may_see(user, comment: Comment) -> bool:
    """The comment belongs to a meeting the user may see at all (its text is a further question)."""
    return meeting_policies.may_view(user, comment.meeting)


def is_staff(user) -> bool:
    """The user holds a role of the committee's people (moderator, secretary, member, administrator)."""
    return any(_holds(user, role) for role in STAFF_ROLES)


def may_vote(user, meeting: Meeting | None = None) -> bool:
    """Citizens vote on the approved comments of a meeting that takes comments; visitors without an
    account only where the meeting allows guests; staff never, even holding the citizen role too.
    Without a meeting: whether the user may vote anywhere (a visitor: where guests are allowed)."""
    if user is not None and user.is_authenticated:
        allowed = user.has_role(Role.CITIZEN) and not is_staff(user)
        return allowed and (meeting is None or meeting_policies.takes_comments(meeting))
    return meeting is None or meeting_policies.takes_guest_comments(meeting)


def may_react(user, comment: Comment | None = None) -> bool:
    """Logged-in users report approved comments of meetings they may see."""
    if user is None or not user.is_authenticated:
        return False
    return comment is None or (comment.status is CommentStatus.APPROVED and may_see(user, comment))


def may_moderate(user, meeting: Meeting | None = None) -> bool:
    """Moderators decide comments, of any meeting they may see."""
    return _holds(user, Role.MODERATOR) and (meeting is None or meeting_policies.may_view(user, meeting))


def may_reply(user, comment: Comment | None = None) -> bool:
    """Committee members reply officially to approved comments of meetings they may see."""
    return _holds(user, Role.MEMBER) and (
        comment is None or (comment.status is CommentStatus.APPROVED and may_see(user, comment)))


def may_audit(user) -> bool:
    """The secretary reads the moderation audit log."""
    return _holds(user, Role.SECRETARY)
