"""Who may stay in which room, on every process: each user's own room, and the privileged rooms.

Every live socket of a logged-in user sits in the room `user:<id>` (`events.user_room`), joined on
connect; `events.to_user` sends to it. A guest's socket sits likewise in `guest:<guest id>`
(`events.guest_room`, the id its browser's signed session carries); `events.to_guest` sends to it. A privileged room (the moderators' room of a meeting, which
receives unmasked bodies) holds only sockets whose user may be in it *now*, not when they joined:

- On every send to a privileged room, each process first drops from it those of its own sockets whose
  user no longer qualifies, read from the database at that moment (one small query, and none when the
  process has no socket in the room): a role removed, or a session ended (the login token the socket
  connected with is no longer the user's). So no send relies on a membership taken earlier, even when
  the news of a change is lost or a join raced it.
- The news of an account change (signals `user_roles_changed`, `user_sessions_ended`, sent by the
  accounts services) is acted on after its commit: on a role change, the user's sockets leave every
  privileged room they no longer qualify for; when the user's sessions end (logout, password change),
  they receive `session.ended` and are disconnected.

Across processes: with REDIS_URL the client manager is python-socketio's Redis PubSubManager, whose
rooms are per process: `enter_room`, `leave_room` and `disconnect` for a sid of another process are
published and acted on by the process that holds it, but only by sid, and no process knows the sids of
another (nor can it list a room's members there); `close_room` would empty the room everywhere. So the
per-process pruning above happens inside each process's handling of the published emit (`_handle_emit`,
which the sending process also runs for its own sockets), and the account news travels as a message of
our own (`ACCOUNT_NEWS`) on the same Redis channel, after the emits published before it: each process
applies it to its sockets in the user's room.
"""
from __future__ import annotations

import contextvars
from typing import Callable

import sqlalchemy as sa
from flask import Flask, request
from flask_socketio import join_room
from socketio import Manager, RedisManager

from participation.accounts.models import User, UserRole
from participation.comments import policies as comment_policies
from participation.core import after_commit, signals
from participation.core.roles import Role
from participation.extensions import db, socketio
from participation.live import events
from participation.live.room_index import IndexedRooms
from participation.meetings.models import Meeting

ACCOUNT_NEWS = "open-session:account"  # the `method` of our message on the Socket.IO channel


class _Account:
    """What the policies ask of a user (logged in, holds a role), read in one statement for a send."""

    is_authenticated = True

    def __init__(self, session_token: str):
        self.session_token = session_token
        self.roles: set[Role] = set()

    def has_role(self, role: Role) -> bool:
        return role in self.roles


def _accounts(ids: set[int]) -> dict[int, _Account]:
    rows = db.session.execute(sa.select(User.id, User.session_token, UserRole.role)
                              .outerjoin(UserRole, UserRole.user_id == User.id).where(User.id.in_(ids)))
    accounts: dict[int, _Account] = {}
    for user_id, token, role in rows:
        account = accounts.setdefault(user_id, _Account(token))
        if role is not None:
            account.roles.add(role)
    return accounts


def _moderators(meeting_id: int) -> Callable[[_Account], bool]:
    meeting = db.session.get(Meeting, meeting_id)
    return lambda user: meeting is not None and comment_policies.may_moderate(user, meeting)


# How a privileged room is named, and who may be in it: (room name of a key, the key -> whether a user
# may be in that room now, read inside a database session). The policies decide, as everywhere.
Rule = Callable[[int], Callable[[_Account], bool]]
PRIVILEGED: tuple[tuple[Callable[[int], str], Rule], ...] = (
    (events.moderation_room, _moderators),
)


def _rule(room) -> tuple[Rule, int] | None:
    """(who may be in it, its key) for a privileged room; None for any other room."""
    if not isinstance(room, str):
        return None
    key = room.rpartition(":")[2]
    if not (key.isascii() and key.isdigit()):
        return None
    for name_of, may_stay in PRIVILEGED:
        if name_of(int(key)) == room:
            return may_stay, int(key)
    return None


def _outside(fn: Callable):
    """Run `fn` outside the caller's contexts: the request or socket call it may be in, its database
    session (sends run in its after-commit hook, where it may emit no SQL) and its write unit (a read
    must not take the SQLite write lock)."""
    return contextvars.Context().run(fn)


class _RoomGuard(IndexedRooms):
    """What both client managers add: the accounts of this process's sockets, the pruning of privileged
    rooms, the handling of account news, and each socket's rooms (live/room_index.py)."""

    def __init__(self, app: Flask, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = app
        self.accounts: dict[str, tuple[int, str]] = {}  # sid -> (user id, session token it connected with)

    def disconnect(self, sid, namespace=None, **kwargs):
        self.accounts.pop(sid, None)
        return super().disconnect(sid, namespace, **kwargs)

    def prune(self, namespace: str | None, room) -> None:
        """Keep in the privileged room(s) `room` only this process's sockets whose user may be there now."""
        namespace = namespace or "/"
        for name in room if isinstance(room, (list, tuple)) else (room,):
            rule = _rule(name)
            if rule is None:
                continue
            sids = [sid for sid, _eio in self.get_participants(namespace, name)]
            if sids:
                allowed = self._allowed(rule, sids)
                for sid in sids:
                    if sid not in allowed:
                        self.basic_leave_room(sid, namespace, name)

    def _allowed(self, rule, sids: list[str]) -> set[str]:
        allowed_in, key = rule
        holders = {sid: self.accounts[sid] for sid in sids if sid in self.accounts}
        if not holders:
            return set()

        def read() -> set[str]:
            with self.app.app_context():
                may_stay = allowed_in(key)
                users = _accounts({user_id for user_id, _token in holders.values()})
                return {sid for sid, (user_id, token) in holders.items()
                        if (user := users.get(user_id)) is not None and user.session_token == token
                        and may_stay(user)}

        return _outside(read)

    def account_news(self, user_id: int, ended: str | None = None, namespace: str = events.NAMESPACE) -> None:
        """The user's roles changed (`ended` None), or their sessions ended (`ended`: why): act on the
        user's sockets (the Redis manager also tells the other processes)."""
        self.apply_account_news(user_id, ended, namespace)

    def apply_account_news(self, user_id: int, ended: str | None, namespace: str) -> None:
        """Act on this process's sockets of the user."""
        sids = [sid for sid, _eio in self.get_participants(namespace, events.user_room(user_id))]
        if ended:
            for sid in sids:
                self.server.emit("session.ended", {"reason": ended}, to=sid, namespace=namespace, ignore_queue=True)
                # The disconnect handler runs as a socket call of its own, not inside the caller's.
                _outside(lambda: self.server.disconnect(sid, namespace=namespace, ignore_queue=True))
            return
        for room in {room for sid in sids for room in self.get_rooms(sid, namespace) if _rule(room)}:
            self.prune(namespace, room)


class GuardedManager(_RoomGuard, Manager):
    """The in-process client manager (no REDIS_URL)."""

    def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        self.prune(namespace, to or room)
        return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, to=to,
                            **kwargs)


class GuardedRedisManager(_RoomGuard, RedisManager):
    """The client manager over Redis: emits and account news reach every process through the channel."""

    def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        if kwargs.get("ignore_queue"):  # sent by this process only, past `_handle_emit`
            self.prune(namespace, to or room)
        return super().emit(event, data, namespace=namespace, room=room, skip_sid=skip_sid, callback=callback,
                            to=to, **kwargs)

    def _handle_emit(self, message):
        # Every process, the sender included, delivers a published emit here to its own sockets.
        self.prune(message.get("namespace"), message.get("room"))
        super()._handle_emit(message)

    def account_news(self, user_id: int, ended: str | None = None, namespace: str = events.NAMESPACE) -> None:
        self.apply_account_news(user_id, ended, namespace)
        self._publish({"method": ACCOUNT_NEWS, "user_id": user_id, "ended": ended, "namespace": namespace,
                       "host_id": self.host_id})

    def _listen(self):
        # The base listener knows only python-socketio's own methods: ours is taken out here, in order
        # with the others.
        for message in super()._listen():
            data = message
            if not isinstance(data, dict):
                try:
                    data = self.json.loads(message)
                except ValueError:
                    yield message
                    continue
            if not (isinstance(data, dict) and data.get("method") == ACCOUNT_NEWS):
                yield data
            elif data.get("host_id") != self.host_id:
                try:
                    self.apply_account_news(int(data["user_id"]), data.get("ended"),
                                            data.get("namespace") or events.NAMESPACE)
                except Exception:  # noqa: BLE001 - one bad message must not stop the listener
                    self.server.logger.exception("account news failed")


def client_manager(app: Flask) -> _RoomGuard:
    """The Socket.IO client manager for `app`: over Redis when REDIS_URL is set, else in-process."""
    if app.config.get("REDIS_URL"):
        # Its own pool from the URL, as large as the app's (core/redis_clients.py): past redis-py's default
        # of 100 a crowd's emits would fail instead of waiting.
        return GuardedRedisManager(app, app.config["REDIS_URL"], channel=app.config["SOCKETIO_CHANNEL"],
                                   redis_options={"max_connections": app.config["REDIS_MAX_CONNECTIONS"]})
    return GuardedManager(app)


def enter(user, guest_id: str | None = None) -> None:
    """Put the connecting socket (`request.sid`) in its user's room, remembering the login token it came
    with; a guest's socket in the room of its guest id (`events.guest_room`), where it learns the fate of
    its own comments. Called by the namespace's connect handler."""
    if user is not None and user.is_authenticated:
        join_room(events.user_room(user.id))
        socketio.server.manager.accounts[request.sid] = (user.id, user.session_token)
    elif guest_id:
        join_room(events.guest_room(guest_id))


def account_news(user_id: int, ended: str | None = None) -> None:
    """Tell the user's sockets, on every process, that their roles changed or (`ended`) their sessions
    ended."""
    socketio.server.manager.account_news(user_id, ended)


def _on_roles_changed(user: User, **_) -> None:
    user_id = user.id
    after_commit.queue(db.session(), lambda: account_news(user_id))


def _on_sessions_ended(user: User, reason: str = "logout", **_) -> None:
    user_id = user.id
    after_commit.queue(db.session(), lambda: account_news(user_id, ended=reason))


RECEIVERS = (
    (signals.user_roles_changed, _on_roles_changed),
    (signals.user_sessions_ended, _on_sessions_ended),
)


def connect_receivers() -> None:
    """Connect the account receivers (idempotent); called by the application factory."""
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)
