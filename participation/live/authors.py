"""What the author of a comment learns on their own sockets, and nobody else: the event `comment.decided`,
sent after commit when a moderator approves or rejects the comment, or when reports hide it.

A logged-in author is reached through the user's room, a guest through the room of the guest id that its
browser's session carries (the id the comment was submitted under; rooms.py joins both on connect). The
reason's label is in the author's language (the account's; a guest's is unknown, so the site's default);
the live page shows the label of the reason code in the page's own language.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale

from participation.comments.models import Comment, CommentStatus
from participation.live import events

EVENT = "comment.decided"
GUEST_KEY_PREFIX = "g:"  # Comment.submitter_key of a guest: "g:<guest id>"
REASONED = frozenset({CommentStatus.REJECTED, CommentStatus.HIDDEN})  # statuses that may carry a reason


def _language(comment: Comment) -> str:
    """The author's language: the account's preference, else (a guest) the site's default."""
    locale = comment.author.locale if comment.author is not None else None
    return locale if locale in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def decision(comment: Comment) -> dict:
    """The author's view of the comment's fate: its new status, and for a rejection (or a moderator's
    hiding, when it gives one) the published reason, code and label, with the moderator's note; never the
    text itself. Hidden after reports, it has no reason: readers reported it, no moderator decided yet."""
    reason = comment.reject_reason if comment.status in REASONED else None
    with force_locale(_language(comment)):
        reason_label = str(reason.label) if reason else None
    return {"comment_id": comment.id, "item_id": comment.item_id, "meeting_id": comment.meeting_id,
            "status": comment.status.value, "stance": comment.stance.value,
            "reason": reason.value if reason else None, "reason_label": reason_label,
            "note": comment.moderator_note if reason else None}


def tell(comment: Comment) -> None:
    """Send `comment.decided` to the author's own sockets once the transaction commits."""
    payload = decision(comment)
    if comment.author_id is not None:
        events.to_user(comment.author_id, EVENT, payload)
    elif comment.submitter_key.startswith(GUEST_KEY_PREFIX):
        events.to_guest(comment.submitter_key[len(GUEST_KEY_PREFIX):], EVENT, payload)
