"""Who is watching: connected viewers per meeting, counted per process (and summed in Redis when set)."""
from __future__ import annotations

import os
import uuid
from collections import defaultdict

from flask import current_app

from participation.live.marks import Marks

_PROCESS = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
_viewers: dict[int, set[str]] = defaultdict(set)
_dirty = Marks()


def _redis():
    """The app's Redis client when REDIS_URL is set (one per app, with its connection pool)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("open_session_redis")
    if client is None:
        import redis

        client = current_app.extensions["open_session_redis"] = redis.Redis.from_url(url)
    return client


def _publish(meeting_id: int) -> None:
    client = _redis()
    if client is not None:
        key = f"open-session:viewers:{meeting_id}"
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
    client = _redis()
    if client is None:
        return len(_viewers[meeting_id])
    return sum(int(v) for v in client.hvals(f"open-session:viewers:{meeting_id}"))


take_dirty = _dirty.take  # the meetings whose count changed since the last call


BROADCAST_INTERVAL = 2.0
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

    while True:
        socketio.sleep(BROADCAST_INTERVAL)
        with app.app_context():
            try:
                broadcast_round()
            except Exception:  # noqa: BLE001 - a lost round (the database away a moment) must not end the loop
                app.logger.exception("live broadcast round failed")
                db.session.rollback()
                db.session.remove()


def broadcast_round() -> None:
    """Send what changed since the last round: viewer counts, moderation figures, dashboards."""
    from participation.extensions import db
    from participation.live import feedback, figures
    from participation.live.events import feedback_room, figures_room, meeting_room
    from participation.meetings.models import Meeting

    for meeting_id in take_dirty():
        _ephemeral(meeting_id, "viewers.count", {"count": count(meeting_id)}, [meeting_room])
    for meeting_id in figures.take_dirty():
        # The live page's viewers, and the meeting pages that follow only the figures (`figures.join`).
        _ephemeral(meeting_id, "figures.changed", figures.public_figures(meeting_id), [meeting_room, figures_room])
    feedback.mark_new_maps()
    for meeting_id in feedback.take_dirty():
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is not None:
            _ephemeral(meeting_id, "feedback.changed", feedback.dashboard_figures(meeting), [feedback_room])
    db.session.remove()  # the figures' reads leave no transaction open between rounds


def _ephemeral(meeting_id: int, type_: str, data: dict, rooms) -> None:
    """An event that is not stored nor replayed (`id` null), to the meeting's `rooms` (functions of the
    meeting id; a socket in several receives it once)."""
    from participation.core.db import utcnow
    from participation.extensions import socketio
    from participation.live.events import NAMESPACE

    payload = {"id": None, "type": type_, "meeting_id": meeting_id, "at": utcnow().isoformat(), "data": data}
    socketio.emit("event", payload, to=[room(meeting_id) for room in rooms], namespace=NAMESPACE)
