"""Account changes cross processes (live/rooms.py): a moderator whose role is removed on one server stops
receiving the queue on a socket held by the other, and logging out on one server disconnects the user's
socket on the other. Two servers share one database and Redis, as in test_scale_out.py."""
from __future__ import annotations

import re
import threading
import uuid

import pytest

from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.e2e.test_scale_out import _first_item, two_servers  # noqa: F401 - the fixture
from tests.server import login_session

pytestmark = pytest.mark.services

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _csrf(session, url: str) -> str:
    return CSRF.search(session.get(url, timeout=10).text).group(1)


def _user_id(server, email: str) -> int:
    return server.rows("SELECT id FROM users WHERE email = ?", email)[0][0]


def test_a_role_removed_on_one_process_evicts_the_socket_on_the_other(two_servers):  # noqa: F811
    first, second = two_servers
    first.flask("users", "create", "--email", "moderator2@example.org", "--name", "Moderator Two",
                "--role", "moderator", "--password", "demo-password")
    removed = LiveClient(second.url, "moderator@example.org")
    kept = LiveClient(second.url, "moderator2@example.org")
    for client in (removed, kept):
        assert client.call("moderation.join", {"meeting_id": MEETING_ID})["ok"]
    assert removed.call("join", {"meeting_id": MEETING_ID})["ok"]  # also a viewer: the public events follow

    admin = login_session(first.url, "admin@example.org")
    moderator_id = _user_id(first, "moderator@example.org")
    response = admin.post(f"{first.url}/admin/users/{moderator_id}/roles", allow_redirects=False, timeout=10,
                          data={f"u{moderator_id}-roles": ["citizen"], "csrf_token": _csrf(admin, f"{first.url}/admin/users")})
    assert response.status_code == 302

    citizen = LiveClient(first.url, "citizen1@example.org")
    submitted = citizen.call("comment.submit", {"item_id": _first_item(first), "body": "연락처 010-1234-5678",
                                                "stance": "support", "client_key": uuid.uuid4().hex})
    assert submitted["ok"], submitted
    queued = kept.wait_for("moderation.queued", lambda d: d["data"]["id"] == submitted["comment_id"], timeout=15)
    assert "010-1234-5678" in queued["data"]["body"]
    # Approved after it was queued: once the removed moderator's socket has the public event, it would
    # have had the queued one before it (one connection, in order).
    assert kept.call("comment.approve", {"comment_id": submitted["comment_id"]})["ok"]
    removed.wait_for("event", lambda d: d["type"] == "comment.approved", timeout=15)
    assert removed.sio.connected  # still open, only no longer a moderator's
    assert not [d for name, d in removed.received if name == "moderation.queued"]
    for client in (removed, kept, citizen):
        client.close()


def test_logging_out_on_one_process_disconnects_the_socket_on_the_other(two_servers):  # noqa: F811
    first, second = two_servers
    socket_ = LiveClient(second.url, "citizen1@example.org")
    ended, told, gone = [], threading.Event(), threading.Event()
    socket_.sio.on("session.ended", lambda data: (ended.append(data), told.set()), namespace="/live")
    socket_.sio.on("disconnect", lambda *args: gone.set(), namespace="/live")
    assert socket_.call("join", {"meeting_id": MEETING_ID})["ok"]

    browser = login_session(first.url, "citizen1@example.org")  # another session of the same user
    response = browser.post(f"{first.url}/logout", data={"csrf_token": _csrf(browser, f"{first.url}/")},
                            allow_redirects=False, timeout=10)
    assert response.status_code == 302
    assert gone.wait(15), "the socket on the other process was not disconnected"
    # The client runs each message's handler on a thread of its own: the event, sent before the
    # disconnect, may be handled after it.
    assert told.wait(5), "the socket was not told why"
    assert ended == [{"reason": "logout"}]
