"""An acknowledged comment is never lost, not even when the server is killed right after the ack."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.server import ServerProcess

CITIZENS = ["citizen1@example.org", "citizen2@example.org", "citizen3@example.org"]


@pytest.fixture
def own_server(tmp_path):
    server = ServerProcess(tmp_path, COMMENT_RATE_LIMIT="100000 per minute",
                           SOCKET_EVENT_RATE_LIMIT="100000 per minute").prepare().start()
    yield server
    server.stop()


def _submit_until_cut(client: LiveClient, tag: str, item_id: int, acked: dict, stop: threading.Event):
    n = 0
    while not stop.is_set():
        body = f"{tag} 의견 {n}"
        try:
            ack = client.call("comment.submit", {"item_id": item_id, "body": body, "stance": "question",
                                                 "client_key": f"{tag}-{n}"})
        except Exception:  # noqa: BLE001 - the server died under us: that is the point of the test
            return
        if ack.get("ok"):
            acked[ack["comment_id"]] = body
        n += 1


def test_every_acknowledged_comment_survives_sigkill(own_server):
    item_id = sqlite3.connect(own_server.database).execute(
        "SELECT min(id) FROM agenda_items WHERE meeting_id = ?", (MEETING_ID,)).fetchone()[0]
    clients = [LiveClient(own_server.url, email) for email in CITIZENS]
    acked: list[dict] = [{} for _ in clients]
    stop = threading.Event()
    threads = [threading.Thread(target=_submit_until_cut, args=(c, f"c{i}", item_id, acked[i], stop), daemon=True)
               for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while sum(map(len, acked)) < 60 and time.monotonic() < deadline:
        time.sleep(0.05)
    own_server.kill()  # mid-stream: the clients are still sending
    stop.set()
    for thread in threads:
        thread.join(timeout=20)

    everything = {cid: body for part in acked for cid, body in part.items()}
    assert len(everything) >= 60, "the clients should have been acknowledged before the kill"
    own_server.start()  # a restart on the same database: it opens and serves again
    with sqlite3.connect(own_server.database) as db:
        stored = dict(db.execute("SELECT id, body FROM comments WHERE meeting_id = ?", (MEETING_ID,)).fetchall())
    missing = {cid: body for cid, body in everything.items() if stored.get(cid) != body}
    assert missing == {}
