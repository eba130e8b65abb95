"""What a crowd costs the server, checked by behaviour, not by time (the figures are in bench/): a socket
event does not read the session cookie again, a read-only call takes no write lock, leaving a room does not
walk every room, and coalesced events wait longer for a large crowd."""
from __future__ import annotations

import gc

import pytest
import sqlalchemy as sa

from participation import serving
from participation.core import transactions
from participation.extensions import db, socketio
from participation.live import figures, presence
from participation.live.marks import Pace
from participation.live.namespace import LiveNamespace
from participation.live.room_index import IndexedRooms
from tests.live.conftest import CALLS, NS, assert_ok

READS_ONLY = {"join", "leave", "figures.join", "feedback.join", "moderation.join"}


def _handler(event: str):
    return getattr(LiveNamespace, "call_" + event.replace(".", "_"))


def test_exactly_the_calls_that_write_nothing_are_read_only():
    marked = {name.removeprefix("call_").replace("_", ".") for name in dir(LiveNamespace)
              if name.startswith("call_") and getattr(getattr(LiveNamespace, name), "reads_only", False)}
    assert marked == READS_ONLY


@pytest.mark.parametrize("event", sorted(READS_ONLY & set(CALLS)))
def test_a_read_only_call_runs_outside_a_write_unit_and_writes_nothing(app, connect, world, make, monkeypatch, event):
    call = CALLS[event]
    client = connect(call.caller)
    payload = call.build(world, make)
    units, statements = [], []
    original = _handler(event)

    def spy(self, payload):
        units.append(transactions.current_unit())
        return original(self, payload)

    monkeypatch.setattr(LiveNamespace, "call_" + event.replace(".", "_"), spy)
    spy.reads_only = True
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, *_):
        statements.append(statement.split(None, 1)[0].upper())

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert_ok(client.call(event, payload))
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert units == [None]
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements)


def test_a_joining_viewer_reads_the_state_after_it_joined_the_room(app, connect, world, make, monkeypatch):
    """An event committed after the visibility check but before the socket is in the room cannot reach it
    live: the ack's state (read after the join) must already count it."""
    from participation.live import services as live
    from participation.live.models import LiveSession

    viewer = connect(None)
    original = live.watchable

    def an_event_right_after_the_check(meeting_id, user, field="meeting_id"):
        checked = original(meeting_id, user, field)
        make.approved()  # committed by another session, before this call joins the room
        return checked

    monkeypatch.setattr(live, "watchable", an_event_right_after_the_check)
    ack = assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    with app.app_context():
        last_seq = db.session.get(LiveSession, world.meeting_id).last_seq
    assert last_seq > 0 and ack["last_event_id"] == last_seq


def test_a_draft_meeting_cannot_be_joined_and_its_room_is_not_entered(app, connect, world):
    viewer = connect(None)
    ack = viewer.call("join", {"meeting_id": world.draft_meeting_id})
    assert ack["ok"] is False and ack["error"]["code"] == "not_found"
    manager = socketio.server.manager
    sid = manager.sid_from_eio_sid(viewer.eio_sid, NS)
    assert not [room for room in manager.get_rooms(sid, NS) if str(room).startswith("meeting:")]


def test_socket_events_do_not_read_the_session_cookie_again(app, connect, world, monkeypatch):
    opened = []
    interface = app.session_interface
    original = interface.open_session

    def counting(app_, request):
        opened.append(request.path)
        return original(app_, request)

    monkeypatch.setattr(interface, "open_session", counting)
    viewer = connect("citizen")
    opened.clear()  # the login's requests, and the connection's own first event (it copies the session)
    for _ in range(3):
        assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    assert opened == []  # the connection's copy of the session serves every event (Flask-SocketIO)


def test_a_socket_event_context_matches_no_url_and_still_builds_urls(app):
    from flask import request, session, url_for
    from flask.sessions import SecureCookieSession

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/socket.io/", "SERVER_NAME": "localhost",
               "SERVER_PORT": "80", "wsgi.url_scheme": "http", "QUERY_STRING": "", "HTTP_HOST": "localhost",
               serving.SOCKET_SESSION: SecureCookieSession({"guest_id": "g-1"})}

    with app.request_context(environ):
        assert request.url_rule is None and request.routing_exception is None
        assert session["guest_id"] == "g-1"
        assert url_for("static", filename="x.css") == "/static/x.css"


class _WalkCounting(dict):
    walks = 0

    def items(self):
        type(self).walks += 1
        return super().items()

    def copy(self):
        type(self).walks += 1
        return super().copy()


def _manager():
    from socketio.base_manager import BaseManager

    class Indexed(IndexedRooms, BaseManager):
        pass

    return Indexed()


def test_leaving_uses_the_sockets_own_rooms_and_forgets_it_everywhere():
    manager = _manager()
    for n in range(50):
        sid = f"s{n}"
        manager.basic_enter_room(sid, NS, None, eio_sid=f"e{n}")
        manager.basic_enter_room(sid, NS, sid)
        manager.basic_enter_room(sid, NS, "meeting:1")
        manager.basic_enter_room(sid, NS, f"guest:{n}")
    manager.callbacks["s7"] = {1: print}
    manager.pending_disconnect[NS] = ["s7"]
    manager.rooms[NS] = _WalkCounting(manager.rooms[NS])
    _WalkCounting.walks = 0
    assert sorted(manager.get_rooms("s7", NS)) == ["guest:7", "meeting:1", "s7"]
    manager.basic_disconnect("s7", NS)
    assert _WalkCounting.walks == 0  # no walk over the namespace's rooms
    assert "guest:7" not in manager.rooms[NS] and "s7" not in manager.rooms[NS]
    assert "s7" not in manager.rooms[NS]["meeting:1"] and "s7" not in manager.rooms[NS][None]
    assert "s7" not in manager.callbacks and NS not in manager.pending_disconnect
    assert manager.get_rooms("s7", NS) == [] and ("/live", "s7") not in manager.rooms_of
    assert len(manager.rooms[NS]["meeting:1"]) == 49


def test_the_live_managers_keep_the_index(app, connect, world):
    viewer = connect(None)
    assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    manager = socketio.server.manager
    assert isinstance(manager, IndexedRooms)
    sid = manager.sid_from_eio_sid(viewer.eio_sid, NS)
    assert "meeting:%d" % world.meeting_id in manager.get_rooms(sid, NS)
    viewer.disconnect(NS)
    assert manager.get_rooms(sid, NS) == []
    assert sid not in dict(manager.get_participants(NS, "meeting:%d" % world.meeting_id))


def test_a_pace_waits_one_second_per_thousand_sockets(monkeypatch):
    now = [100.0]
    monkeypatch.setattr("participation.live.marks.time.monotonic", lambda: now[0])
    pace = Pace(1000, floor=2.0)
    assert pace.due(1, crowd=5000)
    pace.sent(1)
    assert pace.due(1, crowd=2000)  # a room of 2,000 or fewer: only the broadcaster's own round paces it
    now[0] += 4.9
    assert not pace.due(1, crowd=5000)
    now[0] += 0.1
    assert pace.due(1, crowd=5000)


def test_a_crowds_figures_wait_for_their_pace_and_are_not_lost(app, connect, world, make, monkeypatch):
    viewer = connect(None)
    assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    presence._viewers[world.meeting_id].update(f"crowd-{n}" for n in range(5000))  # as many in this process
    now = [1000.0]
    monkeypatch.setattr("participation.live.marks.time.monotonic", lambda: now[0])
    for pace in presence._paces.values():
        monkeypatch.setattr(pace, "_sent_at", {})

    def figure_events():
        return [p for name, p in viewer.inbox() if name == "event" and p.get("type") == "figures.changed"]

    viewer.inbox()
    figures.changed(world.meeting_id)
    with app.app_context():
        presence.broadcast_round()
    assert len(figure_events()) == 1
    make.comment()  # marks the figures again
    now[0] += 2
    with app.app_context():
        presence.broadcast_round()
    assert figure_events() == []  # 5,000 viewers: at most every 5 s
    now[0] += 3.1  # 5,001 sockets: 5.001 s
    with app.app_context():
        presence.broadcast_round()
    [update] = figure_events()
    assert update["data"]["submitted"] >= 1


def test_tune_gc_freezes_the_app_and_collects_the_young_less_often(monkeypatch):
    before = gc.get_threshold()
    try:
        serving.tune_gc()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (serving.GC_YOUNG_THRESHOLD, before[1], before[2])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_a_logged_in_call_loads_its_user_once_with_the_roles(app, connect, world):
    citizen = connect("citizen")
    with app.app_context():
        engine = db.engine
    reads = []

    def record(_conn, _cursor, statement, *_):
        if statement.lstrip().upper().startswith("SELECT") and "FROM user" in statement:
            reads.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert_ok(citizen.call("comment.submit", {"item_id": world.items[0], "body": "예산을 늘려 주세요.",
                                                  "stance": "support", "client_key": "once-1"}))
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    user_loads = [s for s in reads if s.split("FROM", 1)[1].lstrip().startswith("users")]
    assert len(user_loads) == 1 and "user_roles" in user_loads[0], reads
