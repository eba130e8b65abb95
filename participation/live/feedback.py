"""The feedback dashboard, live: its figures sent to the pages that follow it as the ephemeral event
`feedback.changed` (docs/realtime.md).

Coalesced like the moderation figures (figures.py): a change of a comment only marks its meeting, after
the commit; the broadcaster of presence.py reads the dashboard's figures once per marked meeting and
sends them at most every BROADCAST_INTERVAL seconds, however many comments arrive. The figures are the
public aggregates the dashboard itself shows, and each item's opinion map version (when the worker last
stored it: a new map marks the meeting too, `mark_new_maps`); no comment text travels in this event (the
page fetches an item's panel again when its figures moved).
"""
from __future__ import annotations

from participation.extensions import socketio
from participation.feedback import aggregates, brief, maps
from participation.live.events import NAMESPACE, feedback_room
from participation.meetings.services import agenda_of
from participation.live.marks import Marks
from participation.meetings.models import Meeting

_marks = Marks()


def changed(meeting_id: int) -> None:
    """The meeting's feedback changed (call after the commit)."""
    _marks.mark(meeting_id)


take_dirty = _marks.take  # the meetings whose feedback changed since the last call

# The meetings whose dashboard a socket of this process follows, and their maps' versions when last seen:
# the worker, another process, stores the maps, so the database is where the news is (`mark_new_maps`).
# A meeting stays only while a socket of this process is in its `feedback_room`.
_map_versions: dict[int, str] = {}


def follow(meeting_id: int) -> None:
    """A socket follows the meeting's dashboard: its maps are watched from now on."""
    if meeting_id not in _map_versions:
        _map_versions[meeting_id] = maps.meeting_versions([meeting_id]).get(meeting_id, "")


def forget() -> None:
    """Forget the marks and the followed meetings (tests: each has its own database)."""
    _marks.clear()
    _map_versions.clear()


def followed() -> set[int]:
    """The meetings whose maps this process watches."""
    return set(_map_versions)


def _still_followed(meeting_id: int) -> bool:
    """Whether a socket of this process is still in the meeting's dashboard room (a disconnected socket
    leaves its rooms; with Redis, each process knows only its own sockets, which is what is wanted)."""
    return next(socketio.server.manager.get_participants(NAMESPACE, feedback_room(meeting_id)), None) is not None


def mark_new_maps() -> None:
    """Mark the followed meetings whose opinion maps were stored again since the last look (one query).
    A meeting no socket of this process follows any more is forgotten first: `follow` starts again."""
    for meeting_id in [m for m in _map_versions if not _still_followed(m)]:
        del _map_versions[meeting_id]
    if not _map_versions:
        return
    current = maps.meeting_versions(_map_versions)
    for meeting_id, seen in _map_versions.items():
        if current.get(meeting_id, "") != seen:
            _map_versions[meeting_id] = current.get(meeting_id, "")
            _marks.mark(meeting_id)


def _figures(tally: aggregates.Tally) -> dict:
    return {**brief.figures(tally),
            "stance": {stance.value: n for stance, n in sorted(tally.by_stance.items()) if n},
            "phase": {phase.value: n for phase, n in sorted(tally.by_phase.items()) if n},
            "reason": {reason.value: n for reason, n in sorted(tally.rejected_by_reason.items()) if n}}


def dashboard_figures(meeting: Meeting) -> dict:
    """`{"total": figures, "items": {item id: figures}}`, each figures as the page's `data-figure` keys."""
    per, total = aggregates.tallies(meeting.id, per_item=0)  # counts only: no comment is read
    items = agenda_of(meeting)
    map_versions = maps.versions(item.id for item in items)
    return {"total": _figures(total),
            "items": {str(item.id): {**_figures(per.get(item.id) or aggregates.Tally(item.id)),
                                     "map": map_versions.get(item.id, "")}
                      for item in items}}
