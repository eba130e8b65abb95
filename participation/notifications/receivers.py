"""Domain news turned into notifications: the receivers of the signals the lower domains send.

Connected explicitly by `connect()`, which the application factory calls (it also hands the periodic work
to the worker's round, core/rounds.py). Receivers run inside the transaction of the change: a mail to
one person (a comment's author) is composed there, a meeting's news for its followers is recorded as one
event row and expanded after the commit (fanout.py). A rollback tells nobody anything.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from participation.comments.models import Comment, ModerationAction, Reply
from participation.core import rounds, signals
from participation.core.db import utcnow
from participation.core.routing import public_url
from participation.meetings.models import Meeting, MeetingPostponement, MeetingState
from participation.notifications import fanout, reminders, services
from participation.notifications.models import EventKind, Kind

# A notification tells of what has just happened. A decision or a reply dated further from now than this
# is history being written in bulk (the demo's seed replays 2016 with its dates), which mails nobody.
NEWS_WINDOW = timedelta(minutes=10)


def is_news(moment: datetime | None) -> bool:
    return moment is None or abs(utcnow() - moment) <= NEWS_WINDOW


_DECISIONS = {ModerationAction.APPROVE: "approved", ModerationAction.REJECT: "rejected",
              ModerationAction.HIDE: "hidden"}


def _comment_url(comment: Comment) -> str:
    return public_url("meetings.item", meeting_id=comment.meeting_id, item_id=comment.item_id) + f"#comment-{comment.id}"


def _on_decided(comment: Comment, action: ModerationAction, **_) -> None:
    """The author hears that a moderator approved their comment, or rejected it (or took it off after
    reports) with the published reason and the moderator's note, as /my/comments shows them."""
    outcome = _DECISIONS.get(action)
    if outcome is None or comment.author_id is None or not is_news(comment.decided_at):
        return
    services.notify(comment.author, Kind.COMMENT_DECIDED, "comment_decided", actor_id=comment.decided_by_id,
                    comment=comment, outcome=outcome, comment_url=_comment_url(comment),
                    mine_url=public_url("comments.my_comments"),
                    policy_url=public_url("comments.policy"))


def _on_reply(reply: Reply, **_) -> None:
    """The author of the comment hears of a member's official reply, with its text."""
    comment = reply.comment
    if comment.author_id is None or not is_news(reply.created_at):
        return
    services.notify(comment.author, Kind.COMMENT_REPLIED, "comment_replied", actor_id=reply.author_id,
                    comment=comment, reply=reply, comment_url=_comment_url(comment))


_STATE_EVENTS = {MeetingState.LIVE: EventKind.LIVE, MeetingState.CANCELLED: EventKind.CANCELLED}


def _on_meeting_state_changed(meeting: Meeting, previous: MeetingState, **_) -> None:
    if meeting.state is MeetingState.PUBLISHED and previous is MeetingState.DRAFT:
        if not is_news(meeting.published_at):
            return
        kind = EventKind.PUBLISHED
    else:
        kind = _STATE_EVENTS.get(meeting.state)
    if kind is None:
        return
    actor_id = services.current_actor_id()
    if kind is EventKind.CANCELLED and meeting.cancellation is not None:
        actor_id = meeting.cancellation.created_by_id or actor_id
    fanout.record(meeting, kind, actor_id=actor_id)


def _on_meeting_rescheduled(meeting: Meeting, postponement: MeetingPostponement, **_) -> None:
    if not is_news(postponement.created_at):
        return
    fanout.record(meeting, EventKind.POSTPONED, postponement=postponement,
                  actor_id=postponement.created_by_id or services.current_actor_id())


def _on_user_deleted(user, **_) -> None:
    services.erase_for(user.id)


def _on_account_data_requested(user, **_) -> dict:
    return services.export_of(user)


RECEIVERS = (
    (signals.comment_decided, _on_decided),
    (signals.reply_posted, _on_reply),
    (signals.meeting_state_changed, _on_meeting_state_changed),
    (signals.meeting_rescheduled, _on_meeting_rescheduled),
) + tuple((signal, receiver) for signal, receiver in (
    # Account deletion and export (accounts/deletion.py), where that part of the platform is present.
    (getattr(signals, "user_deleted", None), _on_user_deleted),
    (getattr(signals, "account_data_requested", None), _on_account_data_requested),
) if signal is not None)

ROUNDS = (fanout.expand_pending, reminders.remind_periodically)


def connect() -> None:
    """Connect every receiver and register the worker's periodic work (idempotent)."""
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)
    for work in ROUNDS:
        rounds.register(work)
