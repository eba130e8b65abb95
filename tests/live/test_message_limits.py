"""A call over SOCKETIO_MAX_MESSAGE_BYTES (32 KiB) or a malformed event is answered, on its own ack, with
`too_large` / `malformed` in the caller's language, the connection stays up and nothing is stored
(docs/realtime.md). In-process through the Flask-SocketIO test client; tests/e2e/test_message_limits.py
does the same against a real server over a real websocket."""
from __future__ import annotations

import json

import pytest

from participation.live import limits
from tests.live.conftest import assert_ok, error_of

LIMIT = 32 * 1024


def _submit(world, body: str, **extra) -> dict:
    return {"item_id": world.items[0], "body": body, "stance": "support", "client_key": "big-1", **extra}


def test_the_limit_is_32_kib_and_the_transport_allows_more(app):
    from participation.extensions import socketio

    assert app.config["SOCKETIO_MAX_MESSAGE_BYTES"] == LIMIT
    assert socketio.server.eio.max_http_buffer_size > LIMIT


def test_a_call_over_32_kib_is_answered_too_large_and_stores_nothing(connect, world, snapshot):
    citizen = connect("citizen", lang="en")
    before = snapshot()
    payload = _submit(world, "가" * 2000, padding="x" * LIMIT)
    assert limits.encoded_size(["comment.submit", payload]) > LIMIT
    error = error_of(citizen.call("comment.submit", payload))
    assert error["code"] == "too_large"
    assert "too large" in error["message"] and "32 KiB" in error["message"]
    assert snapshot() == before
    # The connection is still there and the next call works.
    assert citizen.is_connected("/live")
    assert_ok(citizen.call("comment.submit", _submit(world, "짧은 의견")), "comment_id")


def test_multibyte_text_counts_in_bytes(connect, world):
    # 11,000 Hangul syllables are 33,000 bytes in UTF-8, though only 11,000 characters.
    error = error_of(connect("citizen").call("join", {"meeting_id": world.meeting_id, "note": "가" * 11_000}))
    assert error["code"] == "too_large"


def test_a_call_just_under_the_limit_is_handled(connect, world):
    payload = {"meeting_id": world.meeting_id, "note": "x" * (LIMIT - 100)}
    assert limits.encoded_size(["join", payload]) <= LIMIT
    assert_ok(connect("citizen").call("join", payload))


def test_the_message_is_korean_by_default(connect, world):
    error = error_of(connect("citizen").call("join", {"meeting_id": world.meeting_id, "x": "y" * LIMIT}))
    assert error["code"] == "too_large" and "너무 큽니다" in error["message"]


def _raw(client, encoded: str):
    """Hand the server one encoded Socket.IO packet, as the transport would, and return its ack."""
    client.acks = None
    client.socketio.server._handle_eio_message(client.eio_sid, encoded)
    return client.acks["args"][0] if client.acks else None


@pytest.mark.parametrize("encoded", [
    '2/live,7["comment.submit",{"body":',  # JSON cut short
    '2/live,7{"event":"join"}',             # not [name, ...]
    '2/live,7[]',
    '2/live,7[42,{}]',
    '2/live,7',
    '2/live,7' + "[" * 50_000,              # nested too deep for the decoder
], ids=["cut", "object", "empty", "number-name", "no-data", "deep"])
def test_a_malformed_event_is_answered_malformed_on_its_ack(connect, world, snapshot, encoded):
    citizen = connect("citizen", lang="en")
    before = snapshot()
    error = error_of(_raw(citizen, encoded))
    assert error["code"] == "malformed"
    assert "could not be read" in error["message"]
    assert snapshot() == before
    assert citizen.is_connected("/live")
    assert_ok(citizen.call("join", {"meeting_id": world.meeting_id}))


def test_malformed_is_not_an_event_a_client_can_name(connect, world):
    # The event name the decoder uses cannot be called on purpose to look like something else.
    encoded = "2/live,3" + json.dumps([limits.MALFORMED, {}])
    assert error_of(_raw(connect("citizen"), encoded))["code"] == "malformed"
    assert error_of(connect("citizen").call("comment_submit", {}))["code"] == "unknown_event"


def test_the_size_counts_binary_parts_and_lone_surrogates():
    assert limits.encoded_size(["e", {"a": b"\x00" * 10}]) >= 10
    assert limits.encoded_size(["e", "\ud800"]) > 0
