"""Two server processes share one meeting through the Redis message queue: a comment approved on one
reaches viewers connected to the other, and the viewer count adds up across both."""
from __future__ import annotations

import os
import re
import urllib.request
import uuid

import pytest

from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.server import ServerProcess

pytestmark = pytest.mark.services


@pytest.fixture
def two_servers(tmp_path):
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL must be set on CI")
        pytest.skip("TEST_REDIS_URL not set: the Redis scale-out test runs on CI")
    shared = {"REDIS_URL": redis_url, "SOCKETIO_CHANNEL": f"open-session-test-{uuid.uuid4().hex}"}
    first = ServerProcess(tmp_path, name="first", **shared).prepare().start()
    second = ServerProcess(tmp_path, name="second", **shared).start()  # same folder: the same database
    yield first, second
    first.stop()
    second.stop()


def _first_item(server) -> int:
    html = urllib.request.urlopen(f"{server.url}/meetings/{MEETING_ID}").read().decode()
    return int(re.search(rf"/meetings/{MEETING_ID}/items/(\d+)", html).group(1))


def test_an_event_crosses_processes(two_servers):
    first, second = two_servers
    viewer = LiveClient(second.url)
    assert viewer.call("join", {"meeting_id": MEETING_ID})["ok"]
    moderator = LiveClient(first.url, "moderator@example.org")
    citizen = LiveClient(first.url, "citizen1@example.org")
    joined = moderator.call("join", {"meeting_id": MEETING_ID})
    assert joined["ok"] and joined["viewers"] == 2  # one viewer on each process, summed through Redis

    submitted = citizen.call("comment.submit", {"item_id": _first_item(first), "body": "두 서버를 건너는 의견",
                                                "stance": "support", "client_key": uuid.uuid4().hex})
    assert submitted["ok"], submitted
    assert moderator.call("comment.approve", {"comment_id": submitted["comment_id"]})["ok"]
    event = viewer.wait_for("event", lambda d: d["type"] == "comment.approved", timeout=15)
    assert event["data"]["comment"]["id"] == submitted["comment_id"]
    for client in (viewer, moderator, citizen):
        client.close()
