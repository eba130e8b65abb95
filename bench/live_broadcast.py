"""Benchmark: how fast an approved comment reaches every viewer of a meeting.

Starts a real server process (`python app.py`, gevent) on a fresh demo database, connects VIEWERS
python-socketio clients to one meeting, approves COMMENTS comments one after another, and measures for
each viewer the delay between the moment the moderator's approve call was sent and the moment the
`comment.approved` event arrived. Results go to bench/results/live_broadcast-<timestamp>.json.

Usage: .venv/bin/python -m bench.live_broadcast [--viewers 200] [--comments 20]
Figures move with the machine's load; compare runs made on the same machine at the same time.
"""
from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import datetime, timezone
from pathlib import Path

from bench import write_result
from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.server import ServerProcess



def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _arrival(viewer: LiveClient, comment_id: int) -> float:
    for (name, data), at in zip(viewer.received, viewer.arrived_at):
        if name == "event" and data["type"] == "comment.approved" and data["data"]["comment"]["id"] == comment_id:
            return at
    raise LookupError(comment_id)


def run(viewers: int, comments: int) -> dict:
    server = ServerProcess(Path(tempfile.mkdtemp()), COMMENT_RATE_LIMIT="100000 per minute",
                           SOCKET_EVENT_RATE_LIMIT="100000 per minute").prepare().start()
    try:
        audience = []
        started = time.monotonic()
        for _ in range(viewers):
            client = LiveClient(server.url)
            client.call("join", {"meeting_id": MEETING_ID})
            audience.append(client)
        connect_seconds = time.monotonic() - started
        citizen = LiveClient(server.url, "citizen1@example.org")
        moderator = LiveClient(server.url, "moderator@example.org")
        html = urllib.request.urlopen(f"{server.url}/meetings/{MEETING_ID}").read().decode()
        item_id = int(re.search(rf"/meetings/{MEETING_ID}/items/(\d+)", html).group(1))
        delays: list[float] = []
        for n in range(comments):
            ack = citizen.call("comment.submit", {"item_id": item_id, "body": f"bench {n}", "stance": "support",
                                                  "client_key": uuid.uuid4().hex})
            sent = time.monotonic()
            moderator.call("comment.approve", {"comment_id": ack["comment_id"]})
            for viewer in audience:
                viewer.wait_for("event", lambda d: d["type"] == "comment.approved"
                                and d["data"]["comment"]["id"] == ack["comment_id"], timeout=30)
                delays.append(_arrival(viewer, ack["comment_id"]) - sent)
        for client in audience + [citizen, moderator]:
            threading.Thread(target=client.close, daemon=True).start()
        ms = [d * 1000 for d in delays]
        return {"viewers": viewers, "comments": comments, "deliveries": len(ms),
                "connect_seconds": round(connect_seconds, 2),
                "p50_ms": round(statistics.median(ms), 1), "p99_ms": round(percentile(ms, 0.99), 1),
                "max_ms": round(max(ms), 1)}
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--comments", type=int, default=20)
    args = parser.parse_args()
    result = run(args.viewers, args.comments)
    result["at"] = datetime.now(timezone.utc).isoformat()
    write_result("live_broadcast", result)


if __name__ == "__main__":
    main()
