"""The public moderation figures of a meeting (submitted, approved, waiting, rejected by reason), sent live
to its viewers as the ephemeral event `figures.changed`.

Coalesced like the viewer count: a change only marks the meeting, after its commit; the broadcaster of
presence.py sends the figures, read fresh from the database, at most every BROADCAST_INTERVAL seconds,
however many comments arrive.
"""
from __future__ import annotations

from participation.comments.queries import moderation_figures
from participation.live.marks import Marks
from participation.meetings import policies as meeting_policies
from participation.meetings.models import Meeting

_marks = Marks()


def changed(meeting_id: int) -> None:
    """The meeting's figures changed (call after the commit)."""
    _marks.mark(meeting_id)


take_dirty = _marks.take  # the meetings whose figures changed since the last call


def public_figures(meeting_id: int) -> dict:
    """The figures as the meeting and live pages show them."""
    figures = moderation_figures(meeting_id)
    return {"submitted": figures.submitted, "approved": figures.approved,
            "waiting": figures.pending + figures.hidden, "rejected": figures.rejected,
            "rejected_by_reason": {reason.value: n for reason, n in figures.rejected_by_reason.items()}}


def may_change(meeting: Meeting) -> bool:
    """The meeting's figures can still change: it takes comments, or comments wait for a decision (pending,
    or hidden after reports). Only then does the meeting page follow them live."""
    if not meeting_policies.is_public(meeting):
        return False
    if meeting_policies.takes_comments(meeting):
        return True
    figures = moderation_figures(meeting.id)
    return figures.pending + figures.hidden > 0
