"""Comment news that makes an item's themes out of date: whenever its set of approved comments changes
(a comment approved, an approved one hidden by a moderator or by reports), the item's themes are
requested in the same transaction, so the request is committed or rolled back with the change.

Rejecting a pending or hidden comment changes nothing (neither was approved), so it asks for nothing.
Connected explicitly by `connect()`, which the application factory calls.
"""
from __future__ import annotations

from participation.comments.models import Comment, ModerationAction
from participation.core import signals
from participation.feedback import jobs

_CHANGES_APPROVED = frozenset({ModerationAction.APPROVE, ModerationAction.HIDE})


def _on_decided(comment: Comment, action: ModerationAction, **_) -> None:
    if action in _CHANGES_APPROVED:
        jobs.request_themes(comment.item_id)


def _on_hidden(comment: Comment, **_) -> None:  # the third report took an approved comment off
    jobs.request_themes(comment.item_id)


RECEIVERS = (
    (signals.comment_decided, _on_decided),
    (signals.comment_hidden, _on_hidden),
)


def connect() -> None:
    """Connect every receiver (idempotent: blinker keeps one connection per receiver)."""
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)
