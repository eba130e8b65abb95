"""Per-user rooms and privileged rooms (issue 10, "Access and sessions" 1 and 2).

A socket of a logged-in user sits in that user's room; a role change evicts it from the moderators'
room it no longer qualifies for, and every send to that room keeps only the sockets whose user still
qualifies at that moment; ending a user's sessions (logout, password change) tells and disconnects that
user's sockets. The same across processes: tests/e2e/test_scale_out.py.
"""
from __future__ import annotations

import pytest

from participation.accounts.models import User
from participation.extensions import db, socketio
from participation.core.roles import Role
from participation.live import events
from tests.conftest import DEMO_PASSWORD, AuthActions, csrf_token
from tests.live.conftest import NS, assert_ok, email_of, error_of


def _sid(client) -> str:
    return socketio.server.manager.sid_from_eio_sid(client.eio_sid, NS)


def _in_room(client, room: str) -> bool:
    return room in socketio.server.manager.get_rooms(_sid(client), NS)


def _names(client) -> list[str]:
    """The names of the events the client received since the last look (also once it is disconnected)."""
    seen, client.seen = getattr(client, "seen", 0), len(client.wire)
    return [entry[1] for entry in client.wire[seen:] if entry[0] == "event"]


def _http_as(app, who: str):
    http = app.test_client()
    assert AuthActions(http).login(email_of(who)).status_code == 302
    return http


def _set_roles(http, user_id: int, roles: list[str]):
    token = csrf_token(http, "/admin/users")
    return http.post(f"/admin/users/{user_id}/roles", data={f"u{user_id}-roles": roles, "csrf_token": token})


def _change_password(http, new: str = "brand-new-password"):
    token = csrf_token(http, "/account")
    return http.post("/account", data={"current_password": DEMO_PASSWORD, "new_password": new, "confirm": new,
                                       "csrf_token": token})


def _logout(http):
    return http.post("/logout", data={"csrf_token": csrf_token(http, "/")})


@pytest.fixture
def moderators(connect, world):
    """Two moderator sockets in the moderators' room of the meeting, their inboxes emptied."""
    first, second = connect("moderator"), connect("moderator2")
    for client in (first, second):
        assert_ok(client.call("moderation.join", {"meeting_id": world.meeting_id}))
        _names(client)
    return first, second


# --- the user's room ----------------------------------------------------------------------------------


def test_a_logged_in_socket_joins_its_users_room_and_a_guest_none(connect, world):
    citizen, anonymous = connect("citizen"), connect()
    assert _in_room(citizen, events.user_room(world.users["citizen"]))
    assert not any(room.startswith("user:") for room in socketio.server.manager.get_rooms(_sid(anonymous), NS))


def test_to_user_reaches_every_socket_of_that_user_after_commit_only(app, connect, world):
    first, second, other = connect("citizen"), connect("citizen"), connect("citizen2")
    with app.app_context():
        events.to_user(world.users["citizen"], "comment.decided", {"comment_id": 1})
        assert not first.inbox()  # nothing before the commit
        db.session.commit()
        events.to_user(world.users["citizen"], "comment.decided", {"comment_id": 2})
        db.session.rollback()  # a rolled-back send never leaves
    assert first.inbox() == [("comment.decided", {"comment_id": 1})]
    assert second.inbox() == [("comment.decided", {"comment_id": 1})]
    assert other.inbox() == []


# --- 1. role change -----------------------------------------------------------------------------------


def test_a_moderator_whose_role_is_removed_stops_receiving_the_queue(app, moderators, make, world):
    removed, kept = moderators
    room = events.moderation_room(world.meeting_id)
    admin = _http_as(app, "admin")

    assert _set_roles(admin, world.users["moderator"], ["citizen"]).status_code == 302
    assert removed.is_connected(NS)  # the socket stays open: it is only no longer a moderator's
    assert not _in_room(removed, room) and _in_room(kept, room)

    make.comment(body="연락처 010-1234-5678 로 전화 주세요")
    assert "moderation.queued" in _names(kept)
    assert "moderation.queued" not in _names(removed)
    error_of(removed.call("moderation.join", {"meeting_id": world.meeting_id}))


def test_a_send_to_the_moderators_keeps_only_those_who_still_qualify(app, moderators, make, world, monkeypatch):
    """Even when the eviction news never arrives (a lost message, a join racing the change), the send
    itself checks the members against the database."""
    removed, kept = moderators
    monkeypatch.setattr(socketio.server.manager, "account_news", lambda *args, **kwargs: None)
    with app.app_context():
        user = db.session.get(User, world.users["moderator"])
        user.set_roles({Role.CITIZEN})
        db.session.commit()
    assert _in_room(removed, events.moderation_room(world.meeting_id))  # the eviction was lost

    make.comment()
    assert "moderation.queued" in _names(kept)
    assert "moderation.queued" not in _names(removed)
    assert not _in_room(removed, events.moderation_room(world.meeting_id))


def test_a_role_change_that_keeps_the_moderator_role_keeps_the_room(app, moderators, make, world):
    kept, _other = moderators
    assert _set_roles(_http_as(app, "admin"), world.users["moderator"], ["moderator", "member"]).status_code == 302
    assert _in_room(kept, events.moderation_room(world.meeting_id))
    make.comment()
    assert "moderation.queued" in _names(kept)


# --- 1. password change, 2. logout: the user's sessions end ------------------------------------------


def test_a_password_change_tells_and_disconnects_the_users_sockets(app, moderators, make, world):
    changed, kept = moderators
    assert _change_password(changed.http).status_code == 302
    assert _names(changed) == ["session.ended"]
    assert changed.wire[-1][2] == {"reason": "password_changed"}
    assert not changed.is_connected(NS)
    assert kept.is_connected(NS)

    make.comment()
    assert "moderation.queued" in _names(kept)
    assert _names(changed) == []


def test_logout_ends_the_session_a_copied_cookie_opens_nothing(app, world):
    http = _http_as(app, "citizen")
    copy = app.test_client()
    copy.set_cookie("session", http.get_cookie("session").value)
    assert copy.get("/my/comments").status_code == 200

    assert _logout(http).status_code == 302
    response = copy.get("/my/comments")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _http_as(app, "citizen").get("/my/comments").status_code == 200  # logging in again works


def test_logout_disconnects_a_socket_opened_before_it(app, connect, world, snapshot):
    socket_ = connect("citizen")
    assert_ok(socket_.call("join", {"meeting_id": world.meeting_id}))
    _names(socket_)
    assert _logout(socket_.http).status_code == 302
    assert _names(socket_) == ["session.ended"]
    assert socket_.wire[-1][2] == {"reason": "logout"}
    assert not socket_.is_connected(NS)
    with pytest.raises(RuntimeError):  # the test client refuses to send on a closed socket
        socket_.call("comment.submit", {"item_id": world.items[0], "body": "로그아웃 뒤의 의견", "stance": "support",
                                        "client_key": "after-logout"})


def test_a_socket_that_missed_its_disconnect_cannot_submit_after_logout(app, connect, world, snapshot, monkeypatch):
    """The session ends on the server: a socket still open (its disconnect lost) acts as nobody."""
    socket_ = connect("citizen")
    monkeypatch.setattr(socketio.server.manager, "account_news", lambda *args, **kwargs: None)
    assert _logout(socket_.http).status_code == 302
    assert socket_.is_connected(NS)
    before = snapshot()
    ack = socket_.call("comment.submit", {"item_id": world.items[0], "body": "로그아웃 뒤의 의견", "stance": "support",
                                          "client_key": "after-logout"})
    assert error_of(ack)["code"] == "unauthorized"
    assert snapshot() == before


def test_logout_ends_only_that_users_sockets(app, connect, world):
    leaving, staying = connect("citizen"), connect("citizen2")
    assert _logout(leaving.http).status_code == 302
    assert not leaving.is_connected(NS)
    assert staying.is_connected(NS)
    assert_ok(staying.call("join", {"meeting_id": world.meeting_id}))
