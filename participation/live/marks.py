"""Meetings marked as changed until the broadcaster takes them: how the coalesced live events
(`viewers.count`, `figures.changed`, `feedback.changed`) collapse many changes into one send."""
from __future__ import annotations

import time


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


class Pace:
    """How often a meeting's crowd may be sent a coalesced event: a send to N sockets costs this process
    N writes, and those writes delay the comments being delivered, so a crowd of N sockets waits
    N / `per_second` seconds between two sends of one kind. A room whose wait would be at most `floor`
    seconds (the broadcaster's own round) is not paced."""

    def __init__(self, per_second: int, floor: float) -> None:
        self.per_second, self.floor = per_second, floor
        self._sent_at: dict[int, float] = {}

    def due(self, meeting_id: int, crowd: int) -> bool:
        """Whether the meeting may be sent now, with `crowd` sockets of this process in its room."""
        wait = crowd / self.per_second
        last = self._sent_at.get(meeting_id)
        return wait <= self.floor or last is None or time.monotonic() - last >= wait

    def sent(self, meeting_id: int) -> None:
        self._sent_at[meeting_id] = time.monotonic()
