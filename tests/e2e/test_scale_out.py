"""Two server processes share one meeting through the Redis message queue: a comment approved on one
reaches viewers connected to the other, and the viewer count adds up across both; when one is killed
(SIGKILL), no acknowledged comment is lost, the other keeps serving and the count recovers."""
from __future__ import annotations

import re
import urllib.request
import uuid

import pytest

from participation.comments.consents import CONSENT_VERSION
from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.server import ServerProcess
from tests.services import required

pytestmark = pytest.mark.services

CONSENT = {"consent": True, "consent_version": CONSENT_VERSION}  # the citizens' first comments


@pytest.fixture
def two_servers(tmp_path):
    redis_url = required("TEST_REDIS_URL")
    shared = {"REDIS_URL": redis_url, "SOCKETIO_CHANNEL": f"open-session-test-{uuid.uuid4().hex}",
              "PRESENCE_HEARTBEAT_TTL": "3"}
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
                                                "stance": "support", "client_key": uuid.uuid4().hex, **CONSENT})
    assert submitted["ok"], submitted
    assert moderator.call("comment.approve", {"comment_id": submitted["comment_id"]})["ok"]
    event = viewer.wait_for("event", lambda d: d["type"] == "comment.approved", timeout=15)
    assert event["data"]["comment"]["id"] == submitted["comment_id"]
    for client in (viewer, moderator, citizen):
        client.close()


def test_killing_a_process_loses_no_acknowledged_comment_and_the_count_recovers(two_servers):
    first, second = two_servers
    survivor = LiveClient(second.url)
    assert survivor.call("join", {"meeting_id": MEETING_ID})["ok"]
    doomed = LiveClient(first.url)
    citizen = LiveClient(first.url, "citizen2@example.org")
    assert citizen.call("join", {"meeting_id": MEETING_ID})["viewers"] == 2
    assert doomed.call("join", {"meeting_id": MEETING_ID})["viewers"] == 3
    body = f"죽기 직전에 보낸 의견 {uuid.uuid4().hex[:6]}"
    submitted = citizen.call("comment.submit", {"item_id": _first_item(first), "body": body,
                                                "stance": "oppose", "client_key": uuid.uuid4().hex, **CONSENT})
    assert submitted["ok"], submitted

    first.kill()
    assert second.rows("SELECT count(*) FROM comments WHERE body = ?", body) == [(1,)]
    recovered = survivor.wait_for("event", lambda d: d["type"] == "viewers.count" and d["data"]["count"] == 1,
                                  timeout=20)
    assert recovered["data"]["count"] == 1
    assert LiveClient(second.url).call("join", {"meeting_id": MEETING_ID})["viewers"] == 2  # still serving
    survivor.close()
