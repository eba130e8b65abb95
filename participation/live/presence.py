"""Who is watching: connected viewers per meeting, counted per process (and summed in Redis when set).

With Redis, each process keeps its count of a meeting in the field `<process>` of the hash
`open-session:viewers:<meeting>`, and proves it is alive with the key `open-session:process:<process>`,
which lives PRESENCE_HEARTBEAT_TTL seconds (config) and which the process sets again every third of it
(its broadcast loop, and every count it publishes). A process that died without a word (`kill -9`, the
machine gone) stops renewing it: within the TTL its field no longer counts and is deleted by the next
`count`, and every half TTL each process sends the meetings it serves their count again when it
changed, so the viewers see the dead process's viewers leave (and, reconnected to a living process,
come back).
"""
from __future__ import annotations

import os
import time
import uuid
from collections import defaultdict

from flask import current_app

from participation.core import redis_clients
from participation.live.marks import Marks, Pace

_PROCESS = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
_viewers: dict[int, set[str]] = defaultdict(set)
_dirty = Marks()
_sent: dict[int, int] = {}  # the count each meeting was last sent
_beaten = 0.0  # when this process last renewed its heartbeat (time.monotonic)



def _ttl() -> int:
    return current_app.config["PRESENCE_HEARTBEAT_TTL"]


def _viewers_key(meeting_id: int) -> str:
    return f"open-session:viewers:{meeting_id}"


def _heartbeat_key(process: str) -> str:
    return f"open-session:process:{process}"


def _redis():
    """The process's Redis client when REDIS_URL is set (core/redis_clients.py), else None."""
    if not current_app.config.get("REDIS_URL"):
        return None
    return redis_clients.client()


def heartbeat(force: bool = False) -> None:
    """Renew this process's heartbeat (at most every third of its TTL unless `force`)."""
    global _beaten
    client = _redis()
    if client is not None and (force or time.monotonic() - _beaten >= _ttl() / 3):
        client.set(_heartbeat_key(_PROCESS), 1, ex=_ttl())
        _beaten = time.monotonic()


def _publish(meeting_id: int) -> None:
    client = _redis()
    if client is not None:
        heartbeat()
        key = _viewers_key(meeting_id)
        client.hset(key, _PROCESS, len(_viewers[meeting_id]))
        client.expire(key, 6 * 3600)


def join(meeting_id: int, sid: str) -> None:
    _viewers[meeting_id].add(sid)
    _dirty.mark(meeting_id)
    _publish(meeting_id)


def leave(sid: str, meeting_id: int | None = None) -> list[int]:
    """Forget `sid` in `meeting_id` (everywhere when None); the meetings it was watching."""
    left = [m for m, sids in _viewers.items() if sid in sids and meeting_id in (None, m)]
    for meeting_id in left:
        _viewers[meeting_id].discard(sid)
        _dirty.mark(meeting_id)
        _publish(meeting_id)
    return left


def count(meeting_id: int) -> int:
    """The meeting's viewers on every living process; the fields of dead ones are deleted on the way."""
    client = _redis()
    if client is None:
        return len(_viewers[meeting_id])
    key = _viewers_key(meeting_id)
    fields = client.hgetall(key)
    if not fields:
        return 0
    processes = list(fields)
    alive = client.mget([_heartbeat_key(p.decode()) for p in processes])
    dead = [process for process, beat in zip(processes, alive) if beat is None]
    if dead:
        client.hdel(key, *dead)
    return sum(int(fields[process]) for process, beat in zip(processes, alive) if beat is not None)


def _recount() -> set[int]:
    """The meetings this process serves whose count differs from the one last sent."""
    return {meeting_id for meeting_id, sids in _viewers.items()
            if sids and count(meeting_id) != _sent.get(meeting_id)}


take_dirty = _dirty.take  # the meetings whose count changed since the last call


BROADCAST_INTERVAL = 2.0
# A crowd of N viewers in this process gets `viewers.count` and `figures.changed` at most every
# N / CROWD_SENDS_PER_SECOND seconds each (5,000 viewers: every 5 s); below 2,000, every round.
CROWD_SENDS_PER_SECOND = 1000
_paces = {kind: Pace(CROWD_SENDS_PER_SECOND, floor=BROADCAST_INTERVAL)
          for kind in ("viewers.count", "figures.changed")}
_broadcaster_started = False


def ensure_broadcaster() -> None:
    """Start, once per process, the task that sends `viewers.count` to meetings whose count changed,
    `figures.changed` to meetings whose moderation figures changed and `feedback.changed` to the
    dashboards of meetings whose feedback changed.

    Counts are coalesced every BROADCAST_INTERVAL seconds instead of sent on every join, which would
    cost one broadcast to every viewer per viewer that arrives.
    """
    global _broadcaster_started
    if _broadcaster_started:
        return
    _broadcaster_started = True
    from participation.extensions import socketio

    app = current_app._get_current_object()
    socketio.start_background_task(_broadcast_loop, app)


def _broadcast_loop(app) -> None:
    from participation.extensions import socketio

    from participation.extensions import db

    recounted = time.monotonic()
    while True:
        socketio.sleep(BROADCAST_INTERVAL)
        with app.app_context():
            try:
                heartbeat()
                recount = time.monotonic() - recounted >= app.config["PRESENCE_HEARTBEAT_TTL"] / 2
                if recount:
                    recounted = time.monotonic()
                broadcast_round(recount=recount)
            except Exception:  # noqa: BLE001 - a lost round (the database away a moment) must not end the loop
                app.logger.exception("live broadcast round failed")
                db.session.rollback()
                db.session.remove()


def broadcast_round(recount: bool = False) -> None:
    """Send what changed since the last round: viewer counts, moderation figures, dashboards; with
    `recount`, also the counts that changed without a join or leave here (a process died)."""
    from participation.extensions import db
    from participation.live import feedback, figures
    from participation.live.events import feedback_room, figures_room, meeting_room
    from participation.meetings.models import Meeting

    for meeting_id in set(take_dirty()) | (_recount() if recount else set()):
        if _paced("viewers.count", meeting_id, _dirty.mark):
            _sent[meeting_id] = viewers = count(meeting_id)
            _ephemeral(meeting_id, "viewers.count", {"count": viewers}, [meeting_room])
    for meeting_id in figures.take_dirty():
        # The live page's viewers, and the meeting pages that follow only the figures (`figures.join`).
        if _paced("figures.changed", meeting_id, figures.changed):
            _ephemeral(meeting_id, "figures.changed", figures.public_figures(meeting_id),
                       [meeting_room, figures_room])
    feedback.mark_new_maps()
    for meeting_id in feedback.take_dirty():
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is not None:
            _ephemeral(meeting_id, "feedback.changed", feedback.dashboard_figures(meeting), [feedback_room])
    db.session.remove()  # the figures' reads leave no transaction open between rounds


def _paced(type_: str, meeting_id: int, mark_again) -> bool:
    """Whether `type_` may be sent to the meeting now (its Pace); if not, it stays marked for a later round."""
    pace = _paces[type_]
    if not pace.due(meeting_id, len(_viewers.get(meeting_id, ()))):
        mark_again(meeting_id)
        return False
    pace.sent(meeting_id)
    return True


def _ephemeral(meeting_id: int, type_: str, data: dict, rooms) -> None:
    """An event that is not stored nor replayed (`id` null), to the meeting's `rooms` (functions of the
    meeting id; a socket in several receives it once)."""
    from participation.core.db import utcnow
    from participation.extensions import socketio
    from participation.live.events import NAMESPACE

    payload = {"id": None, "type": type_, "meeting_id": meeting_id, "at": utcnow().isoformat(), "data": data}
    socketio.emit("event", payload, to=[room(meeting_id) for room in rooms], namespace=NAMESPACE)
