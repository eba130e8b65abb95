"""Comment news that makes an item's themes or opinion map out of date: whenever its set of approved
comments changes (a comment approved, an approved one hidden by a moderator or by reports, a hidden one
approved again when its reports are dismissed), the item's themes and map are requested, and whenever a
vote is cast or changed (or a deleted account's votes are unlinked from it), its map; in the same transaction, so the request is committed or rolled back
with the change.

Rejecting a pending or hidden comment changes nothing (neither was approved), so it asks for nothing.
Connected explicitly by `connect()`, which the application factory calls.
"""
from __future__ import annotations

from participation.comments.models import Comment, ModerationAction
from participation.core import signals
from participation.feedback import jobs

_CHANGES_APPROVED = frozenset({ModerationAction.APPROVE, ModerationAction.HIDE})


def _approved_changed(comment: Comment) -> None:
    """The item's approved comments changed: its themes, and its map when votes on the comment come or go
    with it (a newly approved comment has none)."""
    jobs.request_themes(comment.item_id)
    if any(comment.vote_counts.values()):
        jobs.request_map(comment.item_id)


def _on_decided(comment: Comment, action: ModerationAction, **_) -> None:
    if action in _CHANGES_APPROVED:
        _approved_changed(comment)


def _on_hidden(comment: Comment, **_) -> None:  # the third report took an approved comment off
    _approved_changed(comment)


def _on_reports_dismissed(comment: Comment, **_) -> None:  # a hidden comment approved again
    _approved_changed(comment)


def _on_voted(comment: Comment, **_) -> None:
    jobs.request_map(comment.item_id)


def _on_votes_unlinked(_user, item_ids: list[int], **_) -> None:
    """A deleted account's votes moved to a new key: the stored maps (which hold voter keys) are computed
    again, so none keeps the account's."""
    for item_id in item_ids:
        jobs.request_map(item_id)


RECEIVERS = (
    (signals.comment_decided, _on_decided),
    (signals.comment_hidden, _on_hidden),
    (signals.comment_reports_dismissed, _on_reports_dismissed),
    (signals.comment_voted, _on_voted),
    (signals.votes_unlinked, _on_votes_unlinked),
)


def connect() -> None:
    """Connect every receiver (idempotent: blinker keeps one connection per receiver)."""
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)
