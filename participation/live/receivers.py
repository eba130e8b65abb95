"""Domain news turned into live events: the receivers of the signals that lower domains send.

Connected explicitly by `connect()`, which the application factory calls, never by the side effect of an
import. Receivers run inside the transaction of the change; what they record is broadcast after its
commit (core/after_commit.py).
"""
from __future__ import annotations

import copy

import sqlalchemy as sa

from participation.comments.models import Comment, ModerationAction, Reply
from participation.comments.queries import replies_by_comment
from participation.core import after_commit, signals
from participation.extensions import db
from participation.live import authors, events, feedback, figures, services
from participation.live.models import LiveEvent
from participation.meetings.models import Meeting, MeetingPostponement, MeetingState


def _figures_changed(comment: Comment) -> None:
    """The moderation figures and the dashboard both follow the comment (after the commit)."""
    meeting_id = comment.meeting_id

    def mark() -> None:
        figures.changed(meeting_id)
        feedback.changed(meeting_id)

    after_commit.queue(db.session(), mark)


def _feedback_changed(comment: Comment) -> None:
    meeting_id = comment.meeting_id
    after_commit.queue(db.session(), lambda: feedback.changed(meeting_id))


def _on_submitted(comment: Comment, **_) -> None:
    _figures_changed(comment)
    events.to_moderators(comment.meeting_id, "moderation.queued", events.queued_comment(comment))


def _on_decided(comment: Comment, action: ModerationAction, **_) -> None:
    _figures_changed(comment)
    decided_by = comment.decided_by.public_name if comment.decided_by else ""
    events.to_moderators(comment.meeting_id, "moderation.decided",
                         {"comment_id": comment.id, "status": comment.status.value, "decided_by": decided_by,
                          "reason": comment.reject_reason.value if comment.reject_reason else None,
                          "action": action.value})
    authors.tell(comment)  # the author's own sockets only, with the published reason
    # A rejection needs no public event: a pending comment was never shown, a hidden one is already gone.
    if action is ModerationAction.APPROVE:
        replies = replies_by_comment([comment.id])[comment.id]
        events.record(comment.meeting_id, "comment.approved", {"comment": events.public_comment(comment, replies)})
    elif action is ModerationAction.HIDE:  # a reported comment a moderator took off the public pages
        _withdraw_from_public(comment)


def _withdraw_from_public(comment: Comment) -> None:
    events.withdraw_stored(comment)
    events.record(comment.meeting_id, "comment.hidden", {"comment_id": comment.id, "item_id": comment.item_id})
    services.withdraw_spotlight(comment)


def _on_reported(comment: Comment, **_) -> None:
    events.to_moderators(comment.meeting_id, "moderation.reported", events.queued_comment(comment))


def _on_reports_dismissed(comment: Comment, moderator, **_) -> None:
    # The comment stays published: only the moderators' views change.
    events.to_moderators(comment.meeting_id, "moderation.decided",
                         {"comment_id": comment.id, "status": comment.status.value,
                          "decided_by": moderator.display_name, "reason": None,
                          "action": ModerationAction.DISMISS_REPORTS.value})


def _on_hidden(comment: Comment, **_) -> None:
    _figures_changed(comment)
    _withdraw_from_public(comment)
    authors.tell(comment)
    events.to_moderators(comment.meeting_id, "moderation.queued", events.queued_comment(comment))


def _on_voted(comment: Comment, **_) -> None:
    _feedback_changed(comment)  # its agrees and the most agreed comments
    # Counts only, never who voted: `comment.votes` replaces `comment.agreed` (docs/realtime.md).
    events.record(comment.meeting_id, "comment.votes", {"comment_id": comment.id, **comment.vote_counts})


def _on_reply(reply: Reply, **_) -> None:
    events.record(reply.comment.meeting_id, "reply.posted", {"reply": events.public_reply(reply)})


def _on_withdrawn(comment: Comment, **_) -> None:
    """A waiting comment of a deleted account left the queue: the moderators' lists and the figures follow."""
    _figures_changed(comment)
    events.to_moderators(comment.meeting_id, "moderation.decided",
                         {"comment_id": comment.id, "status": comment.status.value, "decided_by": "",
                          "reason": None, "action": "withdraw"})


def _on_user_deleted(user, **_) -> None:
    """The stored events that name the deleted account (its approved comments, its replies) name it no more:
    a replay shows the neutral label, as the pages do."""
    relabelled = {"author": user.document_name, "former": True}
    comment_ids = set(db.session.scalars(sa.select(Comment.id).where(Comment.author_id == user.id)))
    reply_ids = set(db.session.scalars(sa.select(Reply.id).where(Reply.author_id == user.id)))
    if not comment_ids and not reply_ids:
        return
    meeting_ids = sa.union(sa.select(Comment.meeting_id).where(Comment.author_id == user.id),
                           sa.select(Comment.meeting_id).join(Reply, Reply.comment_id == Comment.id)
                           .where(Reply.author_id == user.id))
    stored = db.session.scalars(sa.select(LiveEvent).where(LiveEvent.meeting_id.in_(meeting_ids),
                                                           LiveEvent.type.in_(("comment.approved", "reply.posted"))))
    for event in stored:
        data = copy.deepcopy(event.data)
        comment = data.get("comment") or {}
        replies = comment.get("replies", []) + ([data["reply"]] if isinstance(data.get("reply"), dict) else [])
        changed = False
        if comment.get("id") in comment_ids and not data.get("withdrawn"):
            comment.update(relabelled)
            changed = True
        for reply in replies:
            if reply.get("id") in reply_ids:
                reply["author"] = relabelled["author"]
                changed = True
        if changed:
            event.data = data


def _on_meeting_state_changed(meeting: Meeting, previous: MeetingState, **_) -> None:
    # Publishing has no viewers to tell yet; every later move reaches the live page, whichever screen
    # (the live page's controls or the secretary's manage page) made it.
    if previous is not MeetingState.DRAFT:
        services.follow_state(meeting, previous)


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def _on_meeting_rescheduled(meeting: Meeting, postponement: MeetingPostponement, **_) -> None:
    # Viewers waiting on the live page see the new date and their countdown moves, without reloading.
    events.record(meeting.id, "meeting.rescheduled", {
        "previous_starts_at": _iso(postponement.previous_starts_at), "starts_at": _iso(meeting.starts_at),
        "part1_starts_at": _iso(meeting.part1_starts_at), "part1_ends_at": _iso(meeting.part1_ends_at),
        "part2_starts_at": _iso(meeting.part2_starts_at), "part2_ends_at": _iso(meeting.part2_ends_at),
        "reason": postponement.reason,
    })


RECEIVERS = (
    (signals.comment_submitted, _on_submitted),
    (signals.comment_decided, _on_decided),
    (signals.comment_hidden, _on_hidden),
    (signals.comment_reported, _on_reported),
    (signals.comment_reports_dismissed, _on_reports_dismissed),
    (signals.comment_voted, _on_voted),
    (signals.reply_posted, _on_reply),
    (signals.comment_withdrawn, _on_withdrawn),
    (signals.user_deleted, _on_user_deleted),
    (signals.meeting_state_changed, _on_meeting_state_changed),
    (signals.meeting_rescheduled, _on_meeting_rescheduled),
)


def connect() -> None:
    """Connect every receiver (idempotent: blinker keeps one connection per receiver)."""
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)
