"""Feedback crosses processes (issue 11): a moderator's decision on one server reaches the author's socket
held by the other (`comment.decided`, through the user's room) and nobody else's, and the meeting page's
`figures.join` socket on the other server follows the figures. Two servers share one database and Redis,
as in test_scale_out.py."""
from __future__ import annotations

import uuid

import pytest

from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.e2e.test_scale_out import _first_item, two_servers  # noqa: F401 - the fixture

pytestmark = pytest.mark.services


def _hearing_decisions(client: LiveClient) -> LiveClient:
    client.sio.on("comment.decided", client._recorder("comment.decided"), namespace="/live")
    return client


def test_the_authors_socket_on_the_other_process_hears_the_decision(two_servers):  # noqa: F811
    first, second = two_servers
    author = _hearing_decisions(LiveClient(second.url, "citizen1@example.org"))
    bystander = _hearing_decisions(LiveClient(second.url, "citizen2@example.org"))
    reader = LiveClient(second.url)
    follows = reader.call("figures.join", {"meeting_id": MEETING_ID})
    assert follows["ok"], follows
    submitted_before = follows["figures"]["submitted"]

    writer = LiveClient(first.url, "citizen1@example.org")  # the same account, on the first process
    submitted = writer.call("comment.submit", {"item_id": _first_item(first), "body": "두 서버를 건너는 반려",
                                               "stance": "concern", "client_key": uuid.uuid4().hex})
    assert submitted["ok"], submitted
    moderator = LiveClient(first.url, "moderator@example.org")
    assert moderator.call("comment.reject", {"comment_id": submitted["comment_id"], "reason": "duplicate"})["ok"]

    decision = author.wait_for("comment.decided", lambda d: d["comment_id"] == submitted["comment_id"], timeout=15)
    assert (decision["status"], decision["reason"], decision["reason_label"]) == ("rejected", "duplicate", "중복")
    changed = reader.wait_for("event", lambda d: d["type"] == "figures.changed"
                              and d["data"]["submitted"] > submitted_before and d["data"]["rejected"] > 0, timeout=15)
    assert changed["data"]["rejected_by_reason"].get("duplicate", 0) >= 1
    assert not [d for name, d in bystander.received if name == "comment.decided"]
    assert not [d for name, d in reader.received if name == "event" and d["type"] != "figures.changed"]
    for client in (author, bystander, reader, writer, moderator):
        client.close()
