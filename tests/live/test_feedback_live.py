"""The feedback dashboard follows the comments live: `feedback.join`, then `feedback.changed`, coalesced,
after commit, to the dashboards only, with the same figures the page shows and no comment text."""
from __future__ import annotations

import json

from participation.live import feedback, presence
from tests.live.conftest import assert_ok


def _feedback_events(client) -> list[dict]:
    return [p for name, p in client.inbox() if name == "event" and p.get("type") == "feedback.changed"]


def _round(app) -> None:
    with app.app_context():
        presence.broadcast_round()


def test_join_answers_the_dashboard_figures(connect, world, make):
    make.approved()
    make.comment(who="citizen")
    dashboard = connect(None)
    ack = assert_ok(dashboard.call("feedback.join", {"meeting_id": world.meeting_id}))
    first, second = (ack["feedback"]["items"][str(item)] for item in world.items)
    assert ack["feedback"]["total"]["submitted"] == 2
    assert (first["approved"], first["waiting"], first["stance"], first["participants"]) == (1, 1, {"support": 1}, 2)
    assert second == {"submitted": 0, "approved": 0, "waiting": 0, "rejected": 0, "participants": 0, "agrees": 0,
                      "stance": {}, "phase": {}, "reason": {}, "map": ""}


def test_many_changes_make_one_update_to_the_dashboards_only(app, connect, world, make):
    dashboard, viewer = connect(None), connect(None)
    assert_ok(dashboard.call("feedback.join", {"meeting_id": world.meeting_id}))
    assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    feedback.take_dirty()
    first = make.comment()
    make.comment(who="citizen", body="전화 010-1234-5678 로 연락 주세요")
    make.reject(first, reason="spam")
    assert feedback.take_dirty() == [world.meeting_id]  # three changes, one mark
    feedback.changed(world.meeting_id)
    _round(app)
    updates = _feedback_events(dashboard)
    assert len(updates) == 1 and updates[0]["id"] is None
    total = updates[0]["data"]["total"]
    assert (total["submitted"], total["rejected"], total["waiting"], total["reason"]) == (2, 1, 1, {"spam": 1})
    assert "010" not in json.dumps(updates) and "연락" not in json.dumps(updates)  # counts, never text
    assert _feedback_events(viewer) == []  # the live page's room does not get it
    _round(app)
    assert _feedback_events(dashboard) == []  # nothing changed since


def test_an_agree_moves_the_dashboard(app, connect, world, make):
    comment_id = make.approved()
    dashboard, citizen = connect(None), connect("citizen")
    assert_ok(dashboard.call("feedback.join", {"meeting_id": world.meeting_id}))
    feedback.take_dirty()
    assert_ok(citizen.call("comment.agree", {"comment_id": comment_id}))
    _round(app)
    [update] = _feedback_events(dashboard)
    assert update["data"]["total"]["agrees"] == 1


def test_a_draft_dashboard_is_not_found_but_to_its_secretary(connect, world):
    refused = connect("citizen").call("feedback.join", {"meeting_id": world.draft_meeting_id})
    assert refused["ok"] is False and refused["error"]["code"] == "not_found"
    assert_ok(connect("secretary").call("feedback.join", {"meeting_id": world.draft_meeting_id}))


def test_a_refused_call_marks_nothing(connect, world):
    feedback.take_dirty()
    connect("citizen").call("comment.submit", {"item_id": world.items[0], "body": "", "stance": "support",
                                               "client_key": "x"})
    assert feedback.take_dirty() == []


def test_a_failed_broadcast_round_does_not_end_the_broadcaster(app, monkeypatch, caplog):
    """A round that fails (the database away a moment) is logged, and the next round runs."""
    from participation.extensions import socketio

    rounds, sleeps = [], []

    class Stop(Exception):
        pass

    def round_(recount=False):
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("database is locked")

    def sleep(_seconds):
        sleeps.append(1)
        if len(sleeps) > 2:
            raise Stop

    monkeypatch.setattr(presence, "broadcast_round", round_)
    monkeypatch.setattr(socketio, "sleep", sleep)
    try:
        presence._broadcast_loop(app)
    except Stop:
        pass
    assert len(rounds) == 2
    assert "live broadcast round failed" in caplog.text


def test_a_map_the_worker_stores_reaches_the_dashboards(app, connect, world, make):
    """The worker is another process: the broadcaster finds the new map in the database and sends the
    meeting's figures, whose item carries the map's new version (the page then fetches the panel)."""
    from participation.extensions import db
    from participation.feedback import jobs, worker

    make.approved()
    dashboard = connect(None)
    assert_ok(dashboard.call("feedback.join", {"meeting_id": world.meeting_id}))
    feedback.take_dirty()
    _round(app)
    assert _feedback_events(dashboard) == []
    with app.app_context():
        jobs.request_map(world.items[0])
        db.session.commit()
        worker.drain("w1")
    _round(app)
    [update] = _feedback_events(dashboard)
    assert update["data"]["items"][str(world.items[0])]["map"] != ""
    assert update["data"]["items"][str(world.items[1])]["map"] == ""
    _round(app)
    assert _feedback_events(dashboard) == []  # seen once


def _worker_stores_map(app, item_id: int) -> None:
    """A vote asked for the item's map, and the worker (another process in production) stored it."""
    from participation.extensions import db
    from participation.feedback import jobs, worker

    with app.app_context():
        jobs.request_map(item_id)
        db.session.commit()
        worker.drain("w1")


def test_a_meeting_no_dashboard_follows_any_more_is_forgotten(app, connect, world):
    """The process watches a meeting's maps only while one of its sockets follows its dashboard: once the
    last one is gone, the next round forgets the meeting (and a new map of it marks nothing)."""
    first, second, other = connect(None), connect(None), connect(None)
    for dashboard in (first, second):
        assert_ok(dashboard.call("feedback.join", {"meeting_id": world.meeting_id}))
    assert_ok(other.call("feedback.join", {"meeting_id": world.other_meeting_id}))
    assert feedback.followed() == {world.meeting_id, world.other_meeting_id}
    first.disconnect("/live")
    _round(app)
    assert feedback.followed() == {world.meeting_id, world.other_meeting_id}  # `second` still follows it
    second.disconnect("/live")
    _round(app)
    assert feedback.followed() == {world.other_meeting_id}
    feedback.take_dirty()
    _worker_stores_map(app, world.items[0])
    with app.app_context():
        feedback.mark_new_maps()
    assert feedback.take_dirty() == [] and feedback.followed() == {world.other_meeting_id}


def test_following_a_forgotten_meeting_again_watches_its_maps_again(app, connect, world, make):
    """A dashboard that comes back after the meeting was forgotten follows its maps again."""
    make.approved()
    gone = connect(None)
    assert_ok(gone.call("feedback.join", {"meeting_id": world.meeting_id}))
    gone.disconnect("/live")
    _round(app)
    assert feedback.followed() == set()
    dashboard = connect(None)
    assert_ok(dashboard.call("feedback.join", {"meeting_id": world.meeting_id}))
    _worker_stores_map(app, world.items[0])
    _round(app)
    [update] = _feedback_events(dashboard)
    assert update["data"]["items"][str(world.items[0])]["map"] != ""
