"""End-to-end fixtures: a real server process and real python-socketio clients."""
from __future__ import annotations

import queue
import threading
import time

import pytest
import socketio

from tests.server import ServerProcess, login_session

MEETING_ID = 2  # the demo's "2017년 제1차" meeting: published, upcoming, open for comments


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("e2e"), COMMENT_RATE_LIMIT="1000 per minute",
                            SOCKET_EVENT_RATE_LIMIT="10000 per minute").prepare().start()
    yield process
    process.stop()


class LiveClient:
    """A python-socketio client on /live that records every event it receives, in order."""

    def __init__(self, base_url: str, email: str | None = None):
        self.events: "queue.Queue[tuple[str, dict]]" = queue.Queue()
        self.received: list[tuple[str, dict]] = []
        self.arrived_at: list[float] = []  # monotonic clock, parallel to `received`
        self._lock = threading.Lock()
        headers = {}
        if email:
            cookies = login_session(base_url, email).cookies.get_dict()
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.sio = socketio.Client(reconnection=False)
        for name in ("event", "moderation.queued", "moderation.decided"):
            self.sio.on(name, self._recorder(name), namespace="/live")
        self.sio.connect(base_url, namespaces=["/live"], transports=["websocket"], headers=headers, wait_timeout=10)

    def _recorder(self, name):
        def record(data):
            with self._lock:
                self.received.append((name, data))
                self.arrived_at.append(time.monotonic())
            self.events.put((name, data))
        return record

    def call(self, event: str, payload) -> dict:
        return self.sio.call(event, payload, namespace="/live", timeout=15)

    def wait_for(self, name: str, predicate=lambda data: True, timeout: float = 10) -> dict:
        while True:
            got, data = self.events.get(timeout=timeout)
            if got == name and predicate(data):
                return data

    def public_events(self, type_: str | None = None) -> list[dict]:
        with self._lock:
            return [d for n, d in self.received if n == "event" and d.get("id") is not None
                    and (type_ is None or d["type"] == type_)]

    def close(self) -> None:
        self.sio.disconnect()


@pytest.fixture
def connect(server):
    clients: list[LiveClient] = []

    def make(email: str | None = None) -> LiveClient:
        client = LiveClient(server.url, email)
        clients.append(client)
        return client

    yield make
    # A disconnect waits for the transport's read loop to end; closing all at once keeps teardown short.
    closers = [threading.Thread(target=c.close) for c in clients if c.sio.connected]
    for thread in closers:
        thread.start()
    for thread in closers:
        thread.join(timeout=15)
