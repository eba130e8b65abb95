"""The feedback dashboard, live: its figures sent to the pages that follow it as the ephemeral event
`feedback.changed` (docs/realtime.md).

Coalesced like the moderation figures (figures.py): a change of a comment only marks its meeting, after
the commit; the broadcaster of presence.py reads the dashboard's figures once per marked meeting and
sends them at most every BROADCAST_INTERVAL seconds, however many comments arrive. The figures are the
public aggregates the dashboard itself shows; no comment text travels in this event (the page fetches an
item's panel again when its figures moved).
"""
from __future__ import annotations

from participation.feedback import aggregates, brief
from participation.meetings.services import agenda_of
from participation.live.marks import Marks
from participation.meetings.models import Meeting

_marks = Marks()


def changed(meeting_id: int) -> None:
    """The meeting's feedback changed (call after the commit)."""
    _marks.mark(meeting_id)


take_dirty = _marks.take  # the meetings whose feedback changed since the last call


def _figures(tally: aggregates.Tally) -> dict:
    return {**brief.figures(tally),
            "stance": {stance.value: n for stance, n in sorted(tally.by_stance.items()) if n},
            "phase": {phase.value: n for phase, n in sorted(tally.by_phase.items()) if n},
            "reason": {reason.value: n for reason, n in sorted(tally.rejected_by_reason.items()) if n}}


def dashboard_figures(meeting: Meeting) -> dict:
    """`{"total": figures, "items": {item id: figures}}`, each figures as the page's `data-figure` keys."""
    per, total = aggregates.tallies(meeting.id, per_item=0)  # counts only: no comment is read
    return {"total": _figures(total),
            "items": {str(item.id): _figures(per.get(item.id) or aggregates.Tally(item.id))
                      for item in agenda_of(meeting)}}
