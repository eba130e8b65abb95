"""Which rooms each socket is in, kept beside python-socketio's rooms so that leaving costs what the
socket's own rooms cost, not what the whole namespace holds.

python-socketio keeps only room -> sockets. To disconnect a socket, or to list its rooms, it walks every
room of the namespace, and every socket has a room of its own (its sid), and here a user's or a guest's
room too: each disconnect cost as much as all the sockets connected, so a crowd of N leaving cost N^2
(10,000 viewers leaving at the end of a stream: 10^8 membership tests, minutes of CPU in which no other
socket is served). `IndexedRooms` keeps the reverse map socket -> rooms, updated wherever the manager
enters or leaves a room, and answers `get_rooms` and `basic_disconnect` from it.
"""
from __future__ import annotations

from collections import defaultdict


class IndexedRooms:
    """A mixin for a python-socketio client manager (before it in the bases)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rooms_of: dict[tuple[str, str], set] = defaultdict(set)  # (namespace, sid) -> its rooms

    def basic_enter_room(self, sid, namespace, room, eio_sid=None):
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self.rooms_of[(namespace, sid)].add(room)

    def basic_leave_room(self, sid, namespace, room):
        super().basic_leave_room(sid, namespace, room)
        rooms = self.rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del self.rooms_of[(namespace, sid)]

    def basic_disconnect(self, sid, namespace, **kwargs):
        """What the base class does, without its walk over every room."""
        for room in list(self.rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            waiting = pending.get(namespace)
            if waiting is not None and sid in waiting:
                waiting.remove(sid)
                if not waiting:
                    del pending[namespace]

    def get_rooms(self, sid, namespace):
        """The rooms the socket is in (not the socket's own None entry), as the base class answers."""
        return [room for room in self.rooms_of.get((namespace, sid), ()) if room is not None]
