"""`comment.vote` (and `comment.agree`, its agree) over `/live` against docs/realtime.md: each choice and its
ack, changing a vote, the same vote again, the `comment.votes` broadcast, guests, staff, the rate limit,
and refusals that change nothing and keep the connection serving."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from participation.comments.models import Vote, VoteChoice
from participation.extensions import db
from participation.extensions import socketio
from tests.live.conftest import NS, LiveClient, assert_ok, error_of

COUNTS = {"agree": 0, "disagree": 0, "pass": 0}


def votes(make) -> list[tuple]:
    return make.query(lambda: [tuple(row) for row in db.session.execute(
        sa.select(Vote.voter_key, Vote.comment_id, Vote.choice).order_by(Vote.voter_key, Vote.comment_id))])


def viewer_of(connect, world):
    viewer = connect(None)
    assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    return viewer


@pytest.mark.parametrize("choice", ["agree", "disagree", "pass"])
def test_each_choice_is_acknowledged_with_the_counts(connect, world, make, choice):
    comment_id = make.approved()
    viewer = viewer_of(connect, world)
    ack = connect("citizen").call("comment.vote", {"comment_id": comment_id, "choice": choice})
    assert ack == {"ok": True, "comment_id": comment_id, **COUNTS, choice: 1, "choice": choice}
    [event] = viewer.events()
    assert (event["type"], event["data"]) == ("comment.votes", {"comment_id": comment_id, **COUNTS, choice: 1})
    assert votes(make) == [(f"u:{world.users['citizen']}", comment_id, VoteChoice(choice))]


def test_changing_a_vote_moves_the_counts_for_everyone(connect, world, make):
    comment_id = make.approved()
    viewer = viewer_of(connect, world)
    citizen, other = connect("citizen"), connect("citizen2")
    assert_ok(other.call("comment.agree", {"comment_id": comment_id}))
    assert_ok(citizen.call("comment.vote", {"comment_id": comment_id, "choice": "agree"}))
    ack = citizen.call("comment.vote", {"comment_id": comment_id, "choice": "disagree"})
    assert ack == {"ok": True, "comment_id": comment_id, "agree": 1, "disagree": 1, "pass": 0, "choice": "disagree"}
    ack = citizen.call("comment.agree", {"comment_id": comment_id})  # the old call: voting agree again
    assert ack == {"ok": True, "comment_id": comment_id, "count": 2, "agree": 2, "disagree": 0, "pass": 0,
                   "choice": "agree"}
    assert [e["data"] for e in viewer.events()] == [
        {"comment_id": comment_id, "agree": 1, "disagree": 0, "pass": 0},
        {"comment_id": comment_id, "agree": 2, "disagree": 0, "pass": 0},
        {"comment_id": comment_id, "agree": 1, "disagree": 1, "pass": 0},
        {"comment_id": comment_id, "agree": 2, "disagree": 0, "pass": 0}]
    assert len(votes(make)) == 2


def test_the_same_vote_twice_answers_the_counts_and_tells_nobody(connect, world, make, snapshot):
    comment_id = make.approved()
    citizen = connect("citizen")
    first = assert_ok(citizen.call("comment.vote", {"comment_id": comment_id, "choice": "pass"}))
    viewer = viewer_of(connect, world)
    before = snapshot()
    assert citizen.call("comment.vote", {"comment_id": comment_id, "choice": "pass"}) == first
    assert snapshot() == before and viewer.events() == []


def test_guests_vote_where_the_meeting_allows_guests_by_their_guest_id(app, connect, world, make, snapshot):
    comment_id = make.approved()
    page = f"/meetings/{world.meeting_id}/live"
    guest = connect(None, visit=page)
    before = snapshot()
    assert error_of(guest.call("comment.vote", {"comment_id": comment_id, "choice": "agree"}))["code"] == "unauthorized"
    assert snapshot() == before
    make.allow_guests()
    guest = connect(None, visit=page)
    with guest.http.session_transaction() as session:
        key = f"g:{session['guest_id']}"
    assert assert_ok(guest.call("comment.vote", {"comment_id": comment_id, "choice": "agree"}))["agree"] == 1
    assert votes(make) == [(key, comment_id, VoteChoice.AGREE)]
    # Another socket of the same browser (its session cookie) is the same guest: its vote is the same vote.
    again = LiveClient(app, socketio, namespace=NS, flask_test_client=guest.http)
    try:
        assert again.call("comment.agree", {"comment_id": comment_id})["count"] == 1
        assert again.call("comment.vote", {"comment_id": comment_id, "choice": "pass"})["agree"] == 0
    finally:
        again.disconnect(NS)
    # A socket that never loaded a page has no guest id that lasts: it cannot vote.
    error = error_of(connect(None).call("comment.vote", {"comment_id": comment_id, "choice": "pass"}))
    assert error["code"] == "unauthorized"
    assert len(votes(make)) == 1


@pytest.mark.parametrize("who", ["moderator", "member", "secretary", "admin"])
def test_staff_are_refused_before_the_id_is_looked_up(connect, world, make, snapshot, who):
    comment_id = make.approved()
    before = snapshot()
    for payload in ({"comment_id": comment_id, "choice": "agree"}, {"comment_id": 10**6, "choice": "agree"}):
        for event in ("comment.vote", "comment.agree"):
            error = error_of(connect(who, lang="en").call(event, payload))
            assert error["code"] == "forbidden"
            assert error["message"].startswith("Only citizens vote")
    korean = error_of(connect(who).call("comment.vote", {"comment_id": comment_id, "choice": "agree"}))
    assert "시민" in korean["message"]
    assert snapshot() == before


def test_the_61st_vote_in_a_minute_is_refused_and_stores_nothing(connect, world, make, snapshot):
    ids = [make.approved(body=f"의견 {n}") for n in range(31)]
    citizen = connect("citizen", lang="en")
    for n in range(60):
        choice = "agree" if n < 30 else "pass"
        assert_ok(citizen.call("comment.vote", {"comment_id": ids[n % 30], "choice": choice}))
    before = snapshot()
    error = error_of(citizen.call("comment.vote", {"comment_id": ids[30], "choice": "agree"}))
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("You are voting too fast. Try again in ")
    korean = error_of(connect("citizen").call("comment.vote", {"comment_id": ids[30], "choice": "agree"}))
    assert "초" in korean["message"]
    assert snapshot() == before
    assert_ok(connect("citizen2").call("comment.vote", {"comment_id": ids[30], "choice": "agree"}))


@pytest.mark.parametrize("payload", [
    {}, {"choice": "agree"}, {"comment_id": "1", "choice": "agree"}, {"comment_id": 1.0, "choice": "agree"},
    {"comment_id": None, "choice": "agree"}, {"comment_id": True, "choice": "agree"},
    {"comment_id": "COMMENT", "choice": "maybe"}, {"comment_id": "COMMENT"}, {"comment_id": "COMMENT", "choice": None},
    {"comment_id": "COMMENT", "choice": "AGREE"}, {"comment_id": "COMMENT", "choice": ["agree"]},
    "agree", ["COMMENT", "agree"], 7, None,
], ids=lambda p: repr(p)[:40])
def test_bad_payloads_are_refused_and_the_socket_keeps_serving(connect, world, make, snapshot, payload):
    comment_id = make.approved()
    if isinstance(payload, dict) and payload.get("comment_id") == "COMMENT":
        payload = {**payload, "comment_id": comment_id}
    citizen = connect("citizen")
    before = snapshot()
    assert error_of(citizen.call("comment.vote", payload))["code"] == "invalid"
    assert snapshot() == before and citizen.is_connected(NS)
    assert assert_ok(citizen.call("comment.vote", {"comment_id": comment_id, "choice": "pass"}))["pass"] == 1


def test_a_pending_or_hidden_comment_or_ones_own_takes_no_vote(connect, world, make):
    pending = make.comment()
    hidden = make.approved()
    for who in ("citizen2", "member", "moderator"):
        make.report(hidden, who)
    citizen = connect("citizen")
    for comment_id in (pending, hidden, 10**6):
        error = error_of(citizen.call("comment.vote", {"comment_id": comment_id, "choice": "agree"}))
        assert (error["code"], error["field"]) == ("not_found", "comment_id")
    assert error_of(connect("author").call("comment.vote", {"comment_id": make.approved(), "choice": "pass"}))[
        "code"] == "conflict"
    assert votes(make) == []
