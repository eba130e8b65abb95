"""Meetings marked as changed until the broadcaster takes them: how the coalesced live events
(`viewers.count`, `figures.changed`, `feedback.changed`) collapse many changes into one send."""
from __future__ import annotations


class Marks:
    """A set of meeting ids, marked after a commit and taken, sorted, once per broadcast round."""

    def __init__(self) -> None:
        self._marked: set[int] = set()

    def mark(self, meeting_id: int) -> None:
        self._marked.add(meeting_id)

    def take(self) -> list[int]:
        """The meetings marked since the last call."""
        taken = sorted(self._marked)
        self._marked.clear()
        return taken

    def clear(self) -> None:
        self._marked.clear()
