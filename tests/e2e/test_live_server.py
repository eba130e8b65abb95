"""The live session against a real server process (gevent, simple-websocket) with real clients."""
from __future__ import annotations

import itertools
import re
import urllib.request

import pytest

from tests.e2e.conftest import MEETING_ID

_keys = itertools.count()


def submit(citizen, body: str, item_id: int) -> dict:
    ack = citizen.call("comment.submit", {"item_id": item_id, "body": body, "stance": "support",
                                          "client_key": f"e2e-{next(_keys)}"})
    assert ack["ok"], ack
    return ack


@pytest.fixture
def item_id(server) -> int:
    """The first agenda item of the meeting, read from its public page."""
    html = urllib.request.urlopen(f"{server.url}/meetings/{MEETING_ID}").read().decode()
    return int(re.search(rf"/meetings/{MEETING_ID}/items/(\d+)", html).group(1))


def test_citizen_comment_reaches_moderator_then_three_viewers(connect, item_id):
    moderator = connect("moderator@example.org")
    assert moderator.call("moderation.join", {"meeting_id": MEETING_ID})["ok"]
    viewers = [connect() for _ in range(3)]
    for viewer in viewers:
        assert viewer.call("join", {"meeting_id": MEETING_ID})["ok"]
    citizen = connect("citizen1@example.org")

    ack = submit(citizen, "실시간 의견입니다 https://example.org", item_id)
    assert ack["status"] == "pending"
    queued = moderator.wait_for("moderation.queued", lambda d: d["data"]["id"] == ack["comment_id"])
    assert queued["data"]["body"] == "실시간 의견입니다 https://example.org"

    assert moderator.call("comment.approve", {"comment_id": ack["comment_id"]}) == {
        "ok": True, "comment_id": ack["comment_id"], "status": "approved"}
    for viewer in viewers:
        event = viewer.wait_for("event", lambda d: d["type"] == "comment.approved")
        assert event["data"]["comment"]["id"] == ack["comment_id"]
        assert event["meeting_id"] == MEETING_ID

    late = connect("moderator@example.org")
    refused = late.call("comment.reject", {"comment_id": ack["comment_id"], "reason": "spam"})
    assert refused["ok"] is False and refused["error"]["code"] == "already_decided"
    assert "운영자" in refused["error"]["message"]  # the first moderator's display name


def test_viewer_that_reconnects_gets_exactly_what_it_missed(connect, item_id):
    moderator = connect("moderator@example.org")
    citizen = connect("citizen2@example.org")
    viewer = connect()
    last = viewer.call("join", {"meeting_id": MEETING_ID})["last_event_id"]
    viewer.close()

    approved = []
    for n in range(7):
        ack = submit(citizen, f"놓친 의견 {n}", item_id)
        if n in (2, 5):
            assert moderator.call("comment.reject", {"comment_id": ack["comment_id"], "reason": "off_topic"})["ok"]
        else:
            assert moderator.call("comment.approve", {"comment_id": ack["comment_id"]})["ok"]
            approved.append(ack["comment_id"])

    again = connect()
    ack = again.call("join", {"meeting_id": MEETING_ID, "last_event_id": last})
    assert ack["ok"] and ack["replayed"] == 5
    replayed = again.public_events("comment.approved")
    assert [e["data"]["comment"]["id"] for e in replayed] == approved
    ids = [e["id"] for e in again.public_events()]
    assert ids == sorted(set(ids)) and ids[0] == last + 1
