"""The production run (deploy/serve.py): two gunicorn processes sharing PostgreSQL (SQLite off CI) and
Redis behind the generated nginx configuration. Viewers through nginx are spread over both processes and
each receives an approved comment once; long-polling clients stay on their process; a viewer that comes
back on the other process with its `last_event_id` gets exactly what it missed; killing one process
loses no acknowledged comment and nginx sends what follows to the other; a change made on one process is
on the next anonymous page of the other (the public page cache)."""
from __future__ import annotations

import os
import re
import urllib.request
import uuid

import pytest
import redis
import socketio

from deploy.serve import Cluster
from participation.comments.consents import CONSENT_VERSION
from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.server import ServerProcess, free_port
from tests.services import required

pytestmark = pytest.mark.services

CONSENT = {"consent": True, "consent_version": CONSENT_VERSION}  # the citizens' first comments


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    redis_url = required("TEST_REDIS_URL")
    folder = tmp_path_factory.mktemp("nginx")
    database = ServerProcess(folder, name="prepare", postgres=os.environ.get("TEST_DATABASE_URL")).prepare()
    env = {key: database.env[key] for key in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY", "UPLOAD_FOLDER",
                                              "LOGIN_RATE_LIMIT")}
    env.update(OPEN_SESSION_ENV="development", REDIS_URL=redis_url, PRESENCE_HEARTBEAT_TTL="3",
               SOCKETIO_CHANNEL=f"open-session-test-{uuid.uuid4().hex}", COMMENT_RATE_LIMIT="1000 per minute")
    running = Cluster(folder, free_port(), [free_port(), free_port()], env, worker=False).start()
    running.database = database
    running.redis = redis.Redis.from_url(redis_url)
    yield running
    running.stop()
    database.stop()  # drops a PostgreSQL scratch database
    running.redis.close()


def _first_item(base_url: str) -> int:
    html = urllib.request.urlopen(f"{base_url}/meetings/{MEETING_ID}").read().decode()
    return int(re.search(rf"/meetings/{MEETING_ID}/items/(\d+)", html).group(1))


def _viewers_per_process(cluster) -> list[int]:
    return sorted(int(v) for v in cluster.redis.hvals(f"open-session:viewers:{MEETING_ID}") if int(v))


def _submit_and_approve(base_url: str, body: str) -> int:
    citizen = LiveClient(base_url, f"citizen{uuid.uuid4().int % 3 + 1}@example.org")
    moderator = LiveClient(base_url, "moderator@example.org")
    submitted = citizen.call("comment.submit", {"item_id": _first_item(base_url), "body": body,
                                                "stance": "support", "client_key": uuid.uuid4().hex, **CONSENT})
    assert submitted["ok"], submitted
    assert moderator.call("comment.approve", {"comment_id": submitted["comment_id"]})["ok"]
    citizen.close()
    moderator.close()
    return submitted["comment_id"]


def test_the_health_check_answers_through_nginx(cluster):
    answer = urllib.request.urlopen(f"{cluster.url}/healthz").read().decode()
    assert '"database":"ok"' in answer.replace(" ", "") and '"redis":"ok"' in answer.replace(" ", "")


def test_websocket_viewers_are_spread_and_each_receives_an_approval_once(cluster):
    viewers = [LiveClient(cluster.url) for _ in range(16)]
    for viewer in viewers:
        assert viewer.call("join", {"meeting_id": MEETING_ID})["ok"]
    spread = _viewers_per_process(cluster)
    assert len(spread) == 2 and sum(spread) >= 16, spread  # both processes hold some of them
    comment_id = _submit_and_approve(cluster.url, "nginx 뒤의 두 프로세스에 전해지는 의견")
    for viewer in viewers:
        viewer.wait_for("event", lambda d: d["type"] == "comment.approved" and d["data"]["comment"]["id"] == comment_id,
                        timeout=15)
    for viewer in viewers:
        approvals = [e for e in viewer.public_events("comment.approved") if e["data"]["comment"]["id"] == comment_id]
        assert len(approvals) == 1
        viewer.close()


def test_long_polling_clients_stay_on_their_process(cluster):
    clients = []
    for _ in range(8):
        client = socketio.Client(reconnection=False)
        received = []
        client.on("event", received.append, namespace="/live")
        # Each gets a route cookie of its own from nginx, and its site session cookie changes on the way
        # (the handshake gives a guest its id): every poll must still reach the process holding the session.
        client.connect(cluster.url, namespaces=["/live"], transports=["polling"], wait_timeout=10)
        assert client.call("join", {"meeting_id": MEETING_ID}, namespace="/live", timeout=15)["ok"]
        clients.append((client, received))
    routes = {client.eio.http.cookies.get("os_route") for client, _ in clients}
    assert len(routes) == 8 and None not in routes
    comment_id = _submit_and_approve(cluster.url, "오래 묻는 연결에도 전해지는 의견")
    for client, received in clients:
        assert any(e["type"] == "comment.approved" and e["data"]["comment"]["id"] == comment_id for e in received)
        client.disconnect()


def test_a_viewer_back_on_the_other_process_gets_exactly_what_it_missed(cluster):
    first, second = (f"http://127.0.0.1:{port}" for port in cluster.ports)
    viewer = LiveClient(first)
    joined = viewer.call("join", {"meeting_id": MEETING_ID})
    last_seen = joined["last_event_id"]
    viewer.close()
    missed = [_submit_and_approve(cluster.url, f"놓친 의견 {n}") for n in range(2)]
    back = LiveClient(second)
    rejoined = back.call("join", {"meeting_id": MEETING_ID, "last_event_id": last_seen})
    replayed = back.public_events()
    assert rejoined["replayed"] == len(replayed) and all(e["id"] > last_seen for e in replayed)
    assert [e["data"]["comment"]["id"] for e in replayed if e["type"] == "comment.approved"] == missed
    assert len({e["id"] for e in replayed}) == len(replayed)  # none twice
    back.close()


def test_a_change_on_one_process_is_on_the_next_anonymous_page_of_the_other(cluster):
    first, second = (f"http://127.0.0.1:{port}" for port in cluster.ports)
    page = f"/meetings/{MEETING_ID}/items/{_first_item(first)}"
    for base in (first, second, first, second):  # both processes' caches hold the page now
        urllib.request.urlopen(base + page).read()
    body = f"다른 프로세스에서 승인된 의견 {uuid.uuid4().hex[:6]}"
    _submit_and_approve(first, body)
    assert body in urllib.request.urlopen(second + page).read().decode()
    assert body in urllib.request.urlopen(first + page).read().decode()


def test_killing_one_process_loses_no_acknowledged_comment_and_nginx_serves_on(cluster):
    """Last in this module: it leaves one process."""
    target = f"http://127.0.0.1:{cluster.ports[0]}"
    citizen = LiveClient(target, "citizen3@example.org")
    body = f"죽는 프로세스가 받은 의견 {uuid.uuid4().hex[:6]}"
    submitted = citizen.call("comment.submit", {"item_id": _first_item(target), "body": body, "stance": "oppose",
                                                "client_key": uuid.uuid4().hex, **CONSENT})
    assert submitted["ok"], submitted
    cluster.kill_server(0)
    assert cluster.database.rows("SELECT count(*) FROM comments WHERE body = ?", body) == [(1,)]
    for _ in range(5):  # pages and new viewers all reach the survivor through nginx
        assert urllib.request.urlopen(f"{cluster.url}/meetings/{MEETING_ID}").status == 200
        viewer = LiveClient(cluster.url)
        assert viewer.call("join", {"meeting_id": MEETING_ID})["ok"]
        viewer.close()
