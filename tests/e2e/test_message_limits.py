"""Against a real server process (gevent, websocket transport): a call over 32 KiB and a malformed event
are answered on their ack (`too_large`, `malformed`) and the connection stays up; a packet over the
transport's own limit is the one case that still ends the connection (docs/realtime.md)."""
from __future__ import annotations

import json

import websocket

from tests.e2e.conftest import MEETING_ID

LIMIT = 32 * 1024


def test_a_call_over_32_kib_is_answered_too_large(connect):
    client = connect("citizen1@example.org")
    ack = client.call("join", {"meeting_id": MEETING_ID, "padding": "x" * (LIMIT + 1)})
    assert ack["ok"] is False and ack["error"]["code"] == "too_large"
    assert ack["error"]["message"]
    assert client.sio.connected
    assert client.call("join", {"meeting_id": MEETING_ID})["ok"] is True


class RawSocket:
    """Socket.IO spoken by hand over a websocket, to send what no client library would."""

    def __init__(self, base_url: str):
        self.ws = websocket.create_connection(
            base_url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=10)
        assert self.ws.recv().startswith("0{")      # Engine.IO open
        self.ws.send("40/live,")                     # Socket.IO connect to /live
        assert self.recv().startswith("40/live,")

    def recv(self) -> str:
        while True:
            frame = self.ws.recv()
            if frame == "2":                         # Engine.IO ping
                self.ws.send("3")
                continue
            return frame

    def ack(self, encoded_event: str, ack_id: int) -> dict:
        self.ws.send("4" + encoded_event)
        prefix = f"43/live,{ack_id}"
        while True:
            frame = self.recv()
            if frame.startswith(prefix):
                return json.loads(frame[len(prefix):])[0]

    def close(self) -> None:
        self.ws.close()


def test_a_malformed_event_is_answered_malformed(server):
    raw = RawSocket(server.url)
    try:
        error = raw.ack('2/live,5["join",{"meeting_id":', 5)["error"]
        assert error["code"] == "malformed" and error["message"]
        assert raw.ack('2/live,6{"not":"a list"}', 6)["error"]["code"] == "malformed"
        # Still connected: a good call on the same socket works.
        assert raw.ack(f'2/live,7["join",{{"meeting_id":{MEETING_ID}}}]', 7)["ok"] is True
    finally:
        raw.close()


def test_a_packet_over_the_transport_limit_ends_the_connection(server):
    raw = RawSocket(server.url)
    try:
        raw.ws.send('42/live,9["join",{"x":"' + "x" * (8 * LIMIT) + '"}]')
        try:
            frame = raw.recv()
        except (websocket.WebSocketConnectionClosedException, ConnectionError):
            frame = None
        assert frame in (None, "")
    finally:
        raw.close()
