"""Replay: a client that passes its last applied id to `join` gets exactly what it missed, in order, before
the ack; `viewers.count` is never stored; ids stay gap-free per meeting."""
from __future__ import annotations

import sqlalchemy as sa

from participation.extensions import db
from participation.live.models import LiveEvent
from tests.live.conftest import JOIN_STATE, NS, assert_ok


def join(client, world, last_event_id=None):
    payload = {"meeting_id": world.meeting_id}
    if last_event_id is not None:
        payload["last_event_id"] = last_event_id
    return assert_ok(client.call("join", payload), *JOIN_STATE, "viewers", "replayed")


def join_replaying(client, world, last_event_id) -> tuple[list[dict], dict]:
    """`join` with `last_event_id`: the events sent for it, checked to come before its ack, and the ack."""
    start = len(client.wire)
    ack = join(client, world, last_event_id)
    sent = client.wire[start:]
    assert sent[-1] == ("ack", ack), "the ack must come after the replayed events"
    assert all(entry[:2] == ("event", "event") for entry in sent[:-1])
    return [entry[2] for entry in sent[:-1]], ack


def test_a_reconnecting_viewer_gets_exactly_what_it_missed(connect, world, make):
    make.approved()  # history before the viewer arrives
    viewer = connect(None)
    last = join(viewer, world, 0)["last_event_id"]
    assert last == 1
    viewer.disconnect(NS)

    missed = []
    for n in range(5):
        missed.append(make.approved(body=f"놓친 의견 {n}"))
        if n < 2:
            make.reject(make.comment(body=f"거절될 의견 {n}"))

    viewer = connect(None)  # the reconnection: a new socket
    events, ack = join_replaying(viewer, world, last)
    assert [e["type"] for e in events] == ["comment.approved"] * 5
    assert [e["data"]["comment"]["id"] for e in events] == missed
    assert [e["id"] for e in events] == [2, 3, 4, 5, 6]
    assert ack["replayed"] == 5 and ack["last_event_id"] == 6
    assert [e["id"] for e in viewer.events()] == [2, 3, 4, 5, 6]  # each once, nothing else

    # Caught up: live events continue from there, once each.
    make.approved()
    assert [e["id"] for e in viewer.events()] == [7]


def test_last_event_id_zero_replays_everything(connect, world, make):
    viewer = connect("citizen")
    join(viewer, world)
    make.start()
    comment_id = make.approved()
    connect("citizen2").call("comment.agree", {"comment_id": comment_id})
    live_events = viewer.events()
    assert [e["id"] for e in live_events] == [1, 2, 3, 4]

    newcomer = connect(None)
    replayed, ack = join_replaying(newcomer, world, 0)
    assert replayed == live_events  # the same events, the same payloads
    assert (ack["replayed"], ack["last_event_id"], ack["session"], ack["current_item_id"]) == \
        (4, 4, "live", world.items[0])


def test_join_without_last_event_id_replays_nothing(connect, world, make):
    make.approved()
    viewer = connect(None)
    ack = join(viewer, world)
    assert (ack["replayed"], ack["last_event_id"]) == (0, 1)
    assert viewer.events() == []


def test_a_viewer_up_to_date_gets_nothing(connect, world, make):
    make.approved()
    viewer = connect(None)
    assert join(viewer, world, 1)["replayed"] == 0
    assert join(viewer, world, 99)["replayed"] == 0
    assert viewer.events() == []


def test_replay_carries_the_events_of_this_meeting_only(connect, world, make):
    make.approved(item=world.other_item_id)
    make.approved()
    viewer = connect(None)
    join(viewer, world, 0)
    [event] = viewer.events()
    assert (event["id"], event["meeting_id"]) == (1, world.meeting_id)


def test_a_rejoin_resyncs_after_a_gap(connect, world, make):
    """What the live page does when an event arrives early: `join` again with its last id."""
    viewer = connect(None)
    join(viewer, world, 0)
    for _ in range(3):
        make.approved()
    events = viewer.events()
    applied = events[0]["id"]  # suppose the client applied only the first
    replayed, _ = join_replaying(viewer, world, applied)
    assert [e["id"] for e in replayed] == [e["id"] for e in events[1:]]


def test_replayed_comments_keep_their_published_text(connect, world, make):
    comment_id = make.comment(body="제 번호는 010-1234-5678 입니다 <script>")
    make.approve(comment_id)
    viewer = connect(None)
    join(viewer, world, 0)
    [event] = viewer.events()
    assert event["data"]["comment"]["body"] == "제 번호는 ●●●●●●●●●●●●● 입니다 <script>"


def test_events_are_stored_without_gaps_and_viewer_counts_are_not(connect, world, make):
    viewers = [connect(None) for _ in range(3)]
    for viewer in viewers:
        join(viewer, world)
    make.start()
    for _ in range(3):
        make.approved()
    rows = make.query(lambda: db.session.execute(
        sa.select(LiveEvent.seq, LiveEvent.type).where(LiveEvent.meeting_id == world.meeting_id)
        .order_by(LiveEvent.seq)).all())
    assert [seq for seq, _ in rows] == list(range(1, len(rows) + 1))
    assert "viewers.count" not in {type_ for _, type_ in rows}


def test_a_hidden_comment_is_withdrawn_from_the_stored_events(connect, world, make):
    comment_id = make.approved(body="나중에 숨겨질 의견 010-0000-0000")
    for who in ("citizen2", "member", "moderator"):
        make.report(comment_id, who)
    viewer = connect(None)
    events, _ = join_replaying(viewer, world, 0)
    approved = [e for e in events if e["type"] == "comment.approved"]
    assert approved[0]["data"]["withdrawn"] is True
    assert approved[0]["data"]["comment"]["body"] == "" and approved[0]["data"]["comment"]["author"] == ""
    assert events[-1]["type"] == "comment.hidden" and events[-1]["data"]["comment_id"] == comment_id

    make.approve(comment_id)  # a second look restores it: a fresh event carries the text again
    restored = viewer.events()[-1]
    assert restored["type"] == "comment.approved" and restored["data"]["comment"]["body"].startswith("나중에")
