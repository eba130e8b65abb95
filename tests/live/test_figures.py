"""The moderation figures reach the live page's viewers as `figures.changed`, coalesced, after commit."""
from __future__ import annotations

from participation.live import figures, presence
from tests.live.conftest import assert_ok


def _figure_events(viewer) -> list[dict]:
    return [p for name, p in viewer.inbox() if name == "event" and p.get("type") == "figures.changed"]


def test_many_changes_make_one_update_with_the_committed_figures(app, connect, world, make):
    viewer = connect(None)
    assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    figures.take_dirty()
    first = make.comment()
    make.comment(who="citizen")
    make.reject(first, reason="spam")
    assert figures.take_dirty() == [world.meeting_id]  # three changes, one mark
    figures.changed(world.meeting_id)
    with app.app_context():
        presence.broadcast_round()
    updates = _figure_events(viewer)
    assert len(updates) == 1 and updates[0]["id"] is None
    assert updates[0]["data"] == {"submitted": 2, "approved": 0, "waiting": 1, "rejected": 1,
                                  "rejected_by_reason": {"spam": 1}}
    with app.app_context():
        presence.broadcast_round()
    assert _figure_events(viewer) == []  # nothing changed since


def test_a_refused_call_marks_nothing(connect, world):
    figures.take_dirty()
    citizen = connect("citizen")
    citizen.call("comment.submit", {"item_id": world.items[0], "body": "", "stance": "support", "client_key": "x"})
    assert figures.take_dirty() == []
