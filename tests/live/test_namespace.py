"""The `/live` namespace against docs/realtime.md: each call's happy path and ack, who may call what, rate
limits, unknown events, the language of error messages, broadcasts to viewers and moderators, and the
rule that a comment is acknowledged only once it is committed."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.comments import services as comments
from participation.comments.consents import CONSENT_VERSION
from participation.comments.models import Comment, ModerationDecision, Reply, Report, Vote
from participation.extensions import db
from participation.live.models import LiveEvent
from tests.live.conftest import (
    CALLS, JOIN_STATE, NS, ROLE_NAMES, assert_ok, error_of,
)

PROJECT = Path(__file__).resolve().parents[2]
TRANSLATED = (PROJECT / "translations" / "ko" / "LC_MESSAGES" / "messages.mo").exists()


def count(make, model, *where) -> int:
    return make.query(lambda: db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)))


def comment_row(make, comment_id: int) -> Comment:
    def load():
        comment = db.session.get(Comment, comment_id)
        db.session.expunge(comment)
        return comment
    return make.query(load)


# Happy paths, one per call, with the documented ack fields.

def test_join_answers_the_meeting_state(connect, world):
    viewer = connect(None)
    ack = assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}), *CALLS["join"].ack)
    assert ack == {"ok": True, "meeting_id": world.meeting_id, "session": "published", "current_item_id": None,
                   "spotlight_comment_id": None, "last_event_id": 0, "viewers": 1, "replayed": 0}


def test_join_counts_viewers_and_leave_forgets_them(connect, world):
    first, second = connect(None), connect("citizen")
    assert first.call("join", {"meeting_id": world.meeting_id})["viewers"] == 1
    assert second.call("join", {"meeting_id": world.meeting_id})["viewers"] == 2
    assert first.call("leave", {"meeting_id": world.meeting_id}) == {"ok": True}
    third = connect(None)
    assert third.call("join", {"meeting_id": world.meeting_id})["viewers"] == 2
    second.disconnect(NS)
    assert connect(None).call("join", {"meeting_id": world.meeting_id})["viewers"] == 2


def test_leaving_one_meeting_keeps_the_other(connect, world):
    viewer = connect(None)
    viewer.call("join", {"meeting_id": world.meeting_id})
    viewer.call("join", {"meeting_id": world.other_meeting_id})
    assert_ok(viewer.call("leave", {"meeting_id": world.meeting_id}))
    assert connect(None).call("join", {"meeting_id": world.other_meeting_id})["viewers"] == 2
    assert connect(None).call("join", {"meeting_id": world.meeting_id})["viewers"] == 1


def test_leave_stops_the_events(connect, world, make):
    viewer = connect(None)
    viewer.call("join", {"meeting_id": world.meeting_id})
    assert_ok(viewer.call("leave", {"meeting_id": world.meeting_id}))
    make.approved()
    assert viewer.events() == []


def test_submit_stores_a_pending_comment(connect, world, make):
    citizen = connect("citizen")
    ack = assert_ok(citizen.call("comment.submit", CALLS["comment.submit"].build(world, make)), "comment_id", "status")
    assert ack["status"] == "pending"
    comment = comment_row(make, ack["comment_id"])
    assert (comment.body, comment.stance.value, comment.anchor, comment.phase.value, comment.item_id) == \
        ("예산을 늘려 주세요.", "suggestion", world.anchor, "before", world.items[0])
    assert comment.author_id == world.users["citizen"]


def test_submit_is_idempotent_by_client_key(connect, world, make):
    citizen = connect("citizen")
    payload = CALLS["comment.submit"].build(world, make)
    first = assert_ok(citizen.call("comment.submit", payload))
    again = assert_ok(citizen.call("comment.submit", payload))
    assert again["comment_id"] == first["comment_id"]
    assert count(make, Comment) == 1
    # The key is per submitter: another citizen with the same key gets a comment of their own.
    other = assert_ok(connect("citizen2").call("comment.submit", payload))
    assert other["comment_id"] != first["comment_id"]


def test_submit_accepts_2000_characters_and_no_anchor(connect, world):
    ack = connect("citizen").call("comment.submit", {"item_id": world.items[1], "body": "가" * 2000,
                                                     "stance": "question", "client_key": "k"})
    assert_ok(ack, "comment_id", "status")


def test_guest_comments_with_a_nickname_where_the_meeting_allows_guests(connect, world, make):
    make.allow_guests()
    guest = connect(None, visit=f"/meetings/{world.meeting_id}/live")
    payload = {"item_id": world.items[0], "body": "손님 의견", "stance": "support", "client_key": "g1", "consent": True, "consent_version": CONSENT_VERSION}
    error = error_of(guest.call("comment.submit", payload))
    assert (error["code"], error.get("field")) == ("invalid", "nickname")
    ack = assert_ok(guest.call("comment.submit", {**payload, "nickname": "시민A"}), "comment_id", "status")
    comment = comment_row(make, ack["comment_id"])
    assert (comment.guest_name, comment.author_id, comment.status.value) == ("시민A", None, "pending")
    assert comment.submitter_key.startswith("g:")


def test_agree_counts_once_per_user(connect, world, make):
    comment_id = make.approved()
    citizen = connect("citizen")
    assert citizen.call("comment.agree", {"comment_id": comment_id}) == {
        "ok": True, "comment_id": comment_id, "count": 1, "agree": 1, "disagree": 0, "pass": 0, "choice": "agree"}
    assert citizen.call("comment.agree", {"comment_id": comment_id})["count"] == 1  # the same vote: nothing changes
    assert connect("citizen2").call("comment.agree", {"comment_id": comment_id})["count"] == 2
    assert error_of(connect("moderator").call("comment.agree", {"comment_id": comment_id}))["code"] == "forbidden"
    assert count(make, Vote) == 2


def test_agree_with_your_own_comment_is_a_conflict(connect, world, make):
    comment_id = make.approved(who="citizen")
    assert error_of(connect("citizen").call("comment.agree", {"comment_id": comment_id}))["code"] == "conflict"


def test_agree_and_report_need_an_approved_comment(connect, world, make):
    pending = make.comment()
    citizen = connect("citizen")
    assert error_of(citizen.call("comment.agree", {"comment_id": pending}))["code"] == "not_found"
    assert error_of(citizen.call("comment.report", {"comment_id": pending, "reason": "x"}))["code"] == "not_found"


def test_report_once_and_three_reports_hide(connect, world, make):
    comment_id = make.approved()
    viewer = connect(None)
    viewer.call("join", {"meeting_id": world.meeting_id})
    moderator = connect("moderator")
    moderator.call("moderation.join", {"meeting_id": world.meeting_id})
    for who in ("citizen", "citizen2"):
        assert connect(who).call("comment.report", {"comment_id": comment_id, "reason": "욕설"}) == \
            {"ok": True, "comment_id": comment_id}
    assert error_of(connect("citizen").call("comment.report", {"comment_id": comment_id, "reason": "욕설"}))["code"] \
        == "conflict"
    assert viewer.events() == []
    # Moderators see each report at once, before the third hides the comment (moderation.reported).
    reported = moderator.inbox()
    assert [(name, m["data"]["id"], m["data"]["report_count"]) for name, m in reported] == [
        ("moderation.reported", comment_id, 1), ("moderation.reported", comment_id, 2)]
    assert [r["reason"] for r in reported[-1][1]["data"]["reports"]] == ["욕설", "욕설"]
    assert_ok(connect("member").call("comment.report", {"comment_id": comment_id, "reason": "욕설"}))
    assert comment_row(make, comment_id).status.value == "hidden"
    [hidden] = viewer.events()
    assert (hidden["type"], hidden["data"]) == ("comment.hidden", {"comment_id": comment_id, "item_id": world.items[0]})
    [(name, queued)] = moderator.inbox()
    assert name == "moderation.queued" and queued["data"]["id"] == comment_id
    assert queued["data"]["status"] == "hidden" and queued["data"]["report_count"] == 3
    assert count(make, Report) == 3


def test_moderation_join_returns_the_queue_oldest_first(connect, world, make):
    first = make.comment(body="전화 010-1234-5678 주세요")
    second = make.comment(item=world.items[1])
    make.approved()
    ack = assert_ok(connect("moderator").call("moderation.join", {"meeting_id": world.meeting_id}), "meeting_id", "queue")
    assert ack["meeting_id"] == world.meeting_id
    assert [entry["id"] for entry in ack["queue"]] == [first, second]
    entry = ack["queue"][0]
    assert set(entry) == {"id", "item_id", "item_title", "anchor", "author", "guest", "stance", "status", "body",
                          "personal_data", "history", "report_count", "created_at", "public_body", "reports"}
    assert entry["body"] == "전화 010-1234-5678 주세요"
    [span] = entry["personal_data"]
    assert span["kind"] == "phone" and entry["body"][span["start"]:span["end"]] == "010-1234-5678"
    assert entry["history"] == {"approved": 1, "rejected": 0} and entry["author"] == "Author Park"


def test_approve_publishes_with_redactions(connect, world, make):
    payload = CALLS["comment.approve"].build(world, make)
    ack = connect("moderator").call("comment.approve", payload)
    assert ack == {"ok": True, "comment_id": payload["comment_id"], "status": "approved"}
    comment = comment_row(make, payload["comment_id"])
    assert comment.public_body == "●●● ●●●●●●●●●●●●● 입니다"  # redacted by hand, phone number masked
    assert comment.decided_by_id == world.users["moderator"]
    assert count(make, ModerationDecision) == 1


def test_reject_records_the_reason(connect, world, make):
    payload = CALLS["comment.reject"].build(world, make)
    ack = connect("moderator").call("comment.reject", payload)
    assert ack == {"ok": True, "comment_id": payload["comment_id"], "status": "rejected"}
    comment = comment_row(make, payload["comment_id"])
    assert (comment.reject_reason.value, comment.moderator_note) == ("other", "안건과 무관")


def test_second_look_at_a_hidden_comment(connect, world, make):
    comment_id = make.approved()
    for who in ("citizen", "citizen2", "member"):
        make.report(comment_id, who)
    moderator = connect("moderator")
    assert moderator.call("comment.approve", {"comment_id": comment_id})["status"] == "approved"


def test_reply_post(connect, world, make):
    comment_id = make.approved()
    ack = connect("member").call("reply.post", {"comment_id": comment_id, "body": " 검토하겠습니다. "})
    assert_ok(ack, "reply_id", "comment_id")
    assert ack["comment_id"] == comment_id
    reply = make.query(lambda: db.session.get(Reply, ack["reply_id"]).body)
    assert reply == "검토하겠습니다."
    assert error_of(connect("member").call("reply.post", {"comment_id": make.comment(), "body": "x"}))["code"] \
        == "not_found"


@pytest.mark.parametrize("event", ["session.start", "session.advance", "session.spotlight", "session.end"])
def test_session_calls_answer_the_join_state(connect, world, make, event):
    ack = connect("secretary").call(event, CALLS[event].build(world, make))
    assert set(assert_ok(ack, *JOIN_STATE)) == {"ok", *JOIN_STATE}


# Who may call what.

@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("event", list(CALLS))
def test_who_may_call(connect, world, make, snapshot, event, role):
    call = CALLS[event]
    payload = call.build(world, make)
    client = connect(None if role == "anonymous" else role)
    before = snapshot()
    ack = client.call(event, payload)
    if role in call.allowed:
        assert_ok(ack, *call.ack)
    else:
        assert error_of(ack)["code"] == ("unauthorized" if role == "anonymous" else "forbidden")
        assert snapshot() == before


def test_guest_on_a_meeting_without_guests_must_log_in(connect, world, snapshot):
    guest = connect(None, visit=f"/meetings/{world.meeting_id}/live")
    before = snapshot()
    error = error_of(guest.call("comment.submit", {"item_id": world.items[0], "body": "의견", "stance": "support",
                                                   "client_key": "g1", "nickname": "시민A"}))
    assert error["code"] == "unauthorized"
    assert snapshot() == before


def test_a_moderator_of_no_role_sees_no_draft(connect, world):
    error = error_of(connect("moderator").call("moderation.join", {"meeting_id": world.draft_meeting_id}))
    assert error["code"] == "not_found"
    assert error_of(connect("citizen").call("join", {"meeting_id": world.draft_meeting_id}))["code"] == "not_found"


# Unknown events and the language of messages.

@pytest.mark.parametrize("event", ["nope", "comment.delete", "comment_submit", "on_join", "trigger_event", "message", "call_join", ""])
def test_unknown_event(connect, world, event):
    error = error_of(connect("citizen").call(event, {"meeting_id": world.meeting_id}))
    assert error["code"] == "unknown_event"


ENGLISH = [
    ("nope", {}, "Unknown event “nope”."),
    ("join", "not an object", "The message must be a JSON object."),
    ("join", {}, "Choose a meeting."),
    ("join", {"meeting_id": "7"}, "Unknown meeting."),
    ("join", {"meeting_id": 999}, "Unknown meeting."),
    ("comment.agree", {"comment_id": 1}, "Log in first."),
]


@pytest.mark.parametrize("event, payload, english", ENGLISH)
def test_messages_are_korean_by_default_and_english_on_request(connect, world, event, payload, english):
    korean = error_of(connect(None).call(event, payload))["message"]
    if TRANSLATED:
        assert korean != english
    for options in ({"lang": "en"}, {"headers": {"Accept-Language": "en-US,en;q=0.9"}}):
        assert error_of(connect(None, **options).call(event, payload))["message"] == english


def test_english_from_the_connection_url(app, world):
    from participation.extensions import socketio
    from tests.live.conftest import LiveClient

    client = LiveClient(app, socketio, namespace=NS, flask_test_client=app.test_client(), query_string="lang=en")
    try:
        assert error_of(client.call("join", {}))["message"] == "Choose a meeting."
    finally:
        client.disconnect(NS)


def test_service_messages_follow_the_language_too(connect, world):
    payload = {"item_id": world.items[0], "body": "가" * 2001, "stance": "support", "client_key": "k"}
    error = error_of(connect("citizen", lang="en").call("comment.submit", payload))
    assert (error["code"], error["field"]) == ("invalid", "body")
    assert error["message"] == "At most 2000 characters (this has 2001)."


# Rate limits.

def wait_seconds(error: dict) -> int:
    numbers = [int(n) for n in re.findall(r"\d+", error["message"])]
    assert numbers, f"no seconds in {error['message']!r}"
    return numbers[0]


def test_socket_calls_are_rate_limited_per_user(app, connect, world):
    app.config["SOCKET_EVENT_RATE_LIMIT"] = "4 per minute"  # the connection itself is the first
    citizen, other = connect("citizen", lang="en"), connect("citizen2")
    for _ in range(3):
        assert_ok(citizen.call("join", {"meeting_id": world.meeting_id}))
    error = error_of(citizen.call("join", {"meeting_id": world.meeting_id}))
    assert error["code"] == "rate_limited"
    assert 1 <= wait_seconds(error) <= 60
    assert "seconds" in error["message"]
    assert_ok(other.call("join", {"meeting_id": world.meeting_id}))
    # A second connection of the same user shares the limit: it is refused.
    assert not connect("citizen").is_connected(NS)


def test_a_connection_the_rate_limiter_cannot_count_is_refused_and_the_next_one_works(connect, world,
                                                                                       monkeypatch):
    from participation.core import ratelimit

    real = ratelimit.hit

    def storage_away(*args):
        raise ConnectionError("Too many connections")

    monkeypatch.setattr(ratelimit, "hit", storage_away)
    assert not connect("citizen").is_connected(NS)  # refused with `server_error`, not left hanging
    monkeypatch.setattr(ratelimit, "hit", real)
    assert_ok(connect("citizen").call("join", {"meeting_id": world.meeting_id}))


def test_every_kind_of_call_counts_against_the_limit(app, connect, world):
    app.config["SOCKET_EVENT_RATE_LIMIT"] = "4 per minute"  # connecting, then three calls
    citizen = connect("citizen")
    citizen.call("nope", {})
    citizen.call("join", "not an object")
    citizen.call("join", {})
    assert error_of(citizen.call("join", {"meeting_id": world.meeting_id}))["code"] == "rate_limited"


def test_comments_are_rate_limited(app, connect, world, make):
    app.config["COMMENT_RATE_LIMIT"] = "2 per minute"
    citizen, other = connect("citizen", lang="en"), connect("citizen2")
    payload = {"item_id": world.items[0], "body": "의견", "stance": "support"}
    for n in range(2):
        assert_ok(citizen.call("comment.submit", {**payload, "client_key": f"k{n}"}))
    error = error_of(citizen.call("comment.submit", {**payload, "client_key": "k2"}))
    assert error["code"] == "rate_limited" and 1 <= wait_seconds(error) <= 60
    assert count(make, Comment) == 2
    # Resending an acknowledged comment is not a new one: it is answered, not limited.
    assert assert_ok(citizen.call("comment.submit", {**payload, "client_key": "k0"}))["status"] == "pending"
    assert_ok(other.call("comment.submit", {**payload, "client_key": "k0"}))


def test_refused_comments_do_not_use_up_the_comment_limit(app, connect, world):
    app.config["COMMENT_RATE_LIMIT"] = "2 per minute"
    citizen = connect("citizen")
    for n in range(2):
        error = error_of(citizen.call("comment.submit", {"item_id": world.items[0], "body": "", "stance": "support",
                                                         "client_key": f"e{n}"}))
        assert error["code"] == "invalid"
    assert_ok(citizen.call("comment.submit", {"item_id": world.items[0], "body": "의견", "stance": "support",
                                              "client_key": "ok"}))


def test_guest_comments_are_rate_limited(app, connect, world, make):
    make.allow_guests()
    app.config["GUEST_COMMENT_RATE_LIMIT"] = "1 per minute"
    guest = connect(None, visit=f"/meetings/{world.meeting_id}/live")
    payload = {"item_id": world.items[0], "body": "의견", "stance": "support", "nickname": "손님", "consent": True, "consent_version": CONSENT_VERSION}
    assert_ok(guest.call("comment.submit", {**payload, "client_key": "g1"}))
    assert error_of(guest.call("comment.submit", {**payload, "client_key": "g2"}))["code"] == "rate_limited"


# Connections.

def test_cross_origin_connections_are_refused(client):
    """The Socket.IO handshake (HTTP long-polling) answers only the site's own origin."""
    handshake = "/socket.io/?EIO=4&transport=polling"
    assert client.get(handshake, headers={"Origin": "https://evil.example"}).status_code == 400
    assert client.get(handshake, headers={"Origin": "http://localhost"}).status_code == 200


def test_messages_over_32_kib_are_refused(connect, world):
    """A real message over the limit, answered on its ack (more in test_message_limits.py)."""
    error = error_of(connect("citizen").call("join", {"meeting_id": world.meeting_id, "x": "y" * 32 * 1024}))
    assert error["code"] == "too_large"


# Broadcasts.

def join_viewers(connect, world, n=3):
    viewers = [connect(None), connect("citizen2"), connect("member")][:n]
    for viewer in viewers:
        assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    return viewers


def test_approval_reaches_every_viewer_and_only_them(connect, world, make):
    viewers = join_viewers(connect, world)
    bystander = connect(None)  # connected, never joined
    elsewhere = connect(None)
    elsewhere.call("join", {"meeting_id": world.other_meeting_id})
    moderator = connect("moderator")
    assert_ok(moderator.call("moderation.join", {"meeting_id": world.meeting_id}))
    citizen = connect("citizen")

    ids = []
    for n in range(3):
        submitted = assert_ok(citizen.call("comment.submit", {"item_id": world.items[0], "body": f"의견 {n} <b>굵게</b>",
                                                              "stance": "support", "client_key": f"k{n}"}))
        [(name, queued)] = moderator.inbox()
        assert name == "moderation.queued"
        assert (queued["type"], queued["meeting_id"], queued["data"]["id"]) == \
            ("moderation.queued", world.meeting_id, submitted["comment_id"])
        assert all(v.events() == [] for v in viewers)  # pending comments are not public
        assert_ok(moderator.call("comment.approve", {"comment_id": submitted["comment_id"]}))
        [(name, decided)] = moderator.inbox()
        assert name == "moderation.decided"
        assert decided["data"] == {"comment_id": submitted["comment_id"], "status": "approved",
                                   "decided_by": "Moderator One", "reason": None, "action": "approve"}
        for viewer in viewers:
            [event] = viewer.events()
            assert (event["type"], event["meeting_id"]) == ("comment.approved", world.meeting_id)
            comment = event["data"]["comment"]
            assert comment["id"] == submitted["comment_id"] and comment["body"] == f"의견 {n} <b>굵게</b>"
            assert set(comment) == {"id", "item_id", "anchor", "author", "guest", "stance", "phase", "body",
                                    "agree_count", "disagree_count", "pass_count", "created_at", "replies"}
        ids.append(event["id"])
    assert ids == list(range(ids[0], ids[0] + 3))  # strictly increasing, no gaps
    assert bystander.inbox() == [] and elsewhere.inbox() == []
    # The author, who never joined, hears only of their own comments (test_author_feedback.py).
    assert [(name, p["status"]) for name, p in citizen.inbox()] == [("comment.decided", "approved")] * 3


def test_event_ids_are_per_meeting_and_gap_free(connect, world, make):
    viewer, = join_viewers(connect, world, n=1)
    other = connect(None)
    other.call("join", {"meeting_id": world.other_meeting_id})
    make.approved()
    make.approved(item=world.other_item_id)
    make.reject(make.comment())  # no public event
    comment_id = make.approved()
    connect("citizen").call("comment.agree", {"comment_id": comment_id})
    connect("member").call("reply.post", {"comment_id": comment_id, "body": "답변"})
    events = viewer.events()
    assert [e["id"] for e in events] == [1, 2, 3, 4]
    assert [e["type"] for e in events] == ["comment.approved", "comment.approved", "comment.votes", "reply.posted"]
    assert events[2]["data"] == {"comment_id": comment_id, "agree": 1, "disagree": 0, "pass": 0}
    assert events[3]["data"]["reply"]["comment_id"] == comment_id
    assert [e["id"] for e in other.events()] == [1]


def test_rejection_tells_the_moderators_only(connect, world, make):
    viewers = join_viewers(connect, world)
    moderator = connect("moderator")
    moderator.call("moderation.join", {"meeting_id": world.meeting_id})
    comment_id = make.comment()
    moderator.inbox()
    assert_ok(moderator.call("comment.reject", {"comment_id": comment_id, "reason": "spam"}))
    [(name, decided)] = moderator.inbox()
    assert name == "moderation.decided"
    assert decided["data"] == {"comment_id": comment_id, "status": "rejected", "decided_by": "Moderator One",
                               "reason": "spam", "action": "reject"}
    assert all(v.inbox() == [] for v in viewers)
    assert count(make, LiveEvent) == 0


@pytest.mark.parametrize("late", ["comment.approve", "comment.reject"])
@pytest.mark.parametrize("first", ["comment.approve", "comment.reject"])
def test_the_first_decision_wins(connect, world, make, snapshot, first, late):
    comment_id = make.comment()
    one, two = connect("moderator"), connect("moderator2", lang="en")
    two.call("moderation.join", {"meeting_id": world.meeting_id})
    assert_ok(one.call(first, {"comment_id": comment_id, "reason": "spam"}))
    [(name, decided)] = two.inbox()
    assert (name, decided["data"]["decided_by"]) == ("moderation.decided", "Moderator One")
    before = snapshot()
    error = error_of(two.call(late, {"comment_id": comment_id, "reason": "spam"}))
    assert error["code"] == "already_decided"
    assert "Moderator One" in error["message"]
    assert snapshot() == before
    assert two.inbox() == []


def test_a_refused_call_broadcasts_nothing(connect, world, make):
    viewers = join_viewers(connect, world)
    comment_id = make.approved()
    for viewer in viewers:
        viewer.events()
    citizen = connect("citizen")
    citizen.call("comment.agree", {"comment_id": comment_id})
    for viewer in viewers:
        assert [e["type"] for e in viewer.events()] == ["comment.votes"]
    assert_ok(citizen.call("comment.agree", {"comment_id": comment_id}))  # the same vote again: nothing to tell
    assert error_of(citizen.call("comment.vote", {"comment_id": comment_id, "choice": "no"}))["code"] == "invalid"
    assert error_of(connect("author").call("comment.vote", {"comment_id": comment_id, "choice": "pass"}))["code"] \
        == "conflict"
    assert all(v.inbox() == [] for v in viewers)


# An acknowledged comment is committed.

def test_submit_is_acknowledged_after_the_commit(app, connect, world, make):
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])  # a connection of its own

    def stored(comment_id) -> bool:
        with engine.connect() as connection:
            return connection.scalar(sa.select(sa.func.count()).select_from(Comment.__table__)
                                     .where(Comment.__table__.c.id == comment_id)) == 1

    seen = []
    citizen = connect("citizen")
    citizen.ack_hooks.append(lambda ack: seen.append(stored(ack["comment_id"])))
    try:
        ack = assert_ok(citizen.call("comment.submit", CALLS["comment.submit"].build(world, make)))
    finally:
        engine.dispose()
    assert seen == [True], "the ack left before the comment was committed"
    assert ack["status"] == "pending"


def test_the_probe_does_not_see_uncommitted_rows(app, world, make):
    """The check above means something: another connection does not see a flushed, uncommitted row."""
    comment_id = make.approved()
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with app.app_context():
            member = db.session.get(User, world.users["member"])
            comments.post_reply(db.session.get(Comment, comment_id), member, "답변")
            db.session.flush()
            with engine.connect() as connection:
                assert connection.scalar(sa.select(sa.func.count()).select_from(Reply.__table__)) == 0
            db.session.rollback()
    finally:
        engine.dispose()


@pytest.mark.parametrize("event", ["comment.submit", "comment.vote", "comment.agree", "comment.report"])
def test_a_call_failing_after_its_savepoint_changes_nothing(connect, world, make, snapshot, monkeypatch, event):
    from participation.live import events

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    payload = CALLS[event].build(world, make)
    if event == "comment.report":  # the third report hides the comment: that sends a signal
        for who in ("citizen2", "member"):
            make.report(payload["comment_id"], who)
    # Fails in the signal receivers, after the service's savepoint was released.
    monkeypatch.setattr(events, "queued_comment", broken)
    monkeypatch.setattr(events, "record", broken)
    citizen = connect("citizen")
    before = snapshot()
    assert error_of(citizen.call(event, payload))["code"] == "server_error"
    assert snapshot() == before


def test_a_failing_handler_answers_server_error_and_rolls_back(connect, world, make, snapshot, monkeypatch):
    from participation.live import events

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(events, "public_comment", broken)  # fails after the decision was written
    viewer, = join_viewers(connect, world, n=1)
    comment_id = make.comment()
    moderator = connect("moderator")
    moderator.call("moderation.join", {"meeting_id": world.meeting_id})
    moderator.inbox()
    before = snapshot()
    error = error_of(moderator.call("comment.approve", {"comment_id": comment_id}))
    assert error["code"] == "server_error"
    assert snapshot() == before
    assert viewer.inbox() == [] and moderator.inbox() == []  # nothing sent for a rolled-back change


def test_a_cookieless_guest_cannot_reset_the_limit_by_reconnecting(app, connect, world, make):
    """A socket without a guest id is counted by its address, connections and disconnections included."""
    make.allow_guests()
    app.config["ADDRESS_SOCKET_EVENT_RATE_LIMIT"] = "4 per minute"
    app.config["SOCKET_EVENT_RATE_LIMIT"] = "1000 per minute"
    guest = connect(None)
    assert_ok(guest.call("join", {"meeting_id": world.meeting_id}))
    guest.disconnect(NS)  # connect, join, disconnect: 3
    again = connect(None)  # 4
    assert error_of(again.call("join", {"meeting_id": world.meeting_id}))["code"] == "rate_limited"
    again.disconnect(NS)
    assert not connect(None).is_connected(NS)
    # People behind the same address who loaded a page have a guest id, and a limit of their own.
    assert_ok(connect(None, visit=f"/meetings/{world.meeting_id}/live").call("join", {"meeting_id": world.meeting_id}))


def test_the_address_limit_is_generous_by_default():
    from limits import parse_many

    from config import Config

    def per_minute(limits: str) -> int:
        return sum(limit.amount for limit in parse_many(limits) if limit.GRANULARITY.name == "minute")

    assert per_minute(Config.ADDRESS_SOCKET_EVENT_RATE_LIMIT) >= 10 * per_minute(Config.SOCKET_EVENT_RATE_LIMIT)
