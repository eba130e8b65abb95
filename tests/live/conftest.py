"""Fixtures for the real-time protocol (docs/realtime.md): a published meeting with two agenda items and a
document, one user per role, and `connect(who)`, a Socket.IO test client on `/live` that shares the login
cookie of its own Flask test client.

Socket calls run synchronously in the test client: `client.call(event, payload)` returns the ack once the
handler has finished, and `client.wire` keeps, in order, everything the server sent to that client
(events and acks), so tests can check what arrived before the ack.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from flask_socketio.test_client import SocketIOTestClient

from participation.accounts.models import User
from participation.comments import services as comments
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.extensions import db, socketio
from participation.live import feedback, presence
from participation.live import services as live
from participation.meetings import materials, services as meetings
from participation.comments.models import Comment
from participation.meetings.models import AgendaItem, Meeting
from tests import factories
from tests.conftest import AuthActions

NS = "/live"
MISSING = object()  # "send the event without any argument"

# name -> (roles, display name); `author` writes the comments tests act on, so the citizen under test
# keeps an empty rate-limit window and never votes on its own comment.
USERS = {
    "citizen": ({Role.CITIZEN}, "Citizen Kim"),
    "citizen2": ({Role.CITIZEN}, "Citizen Lee"),
    "author": ({Role.CITIZEN}, "Author Park"),
    "moderator": ({Role.MODERATOR}, "Moderator One"),
    "moderator2": ({Role.MODERATOR}, "Moderator Two"),
    "member": ({Role.MEMBER}, "Member Choi"),
    "secretary": ({Role.SECRETARY}, "Secretary Jung"),
    "admin": ({Role.ADMIN}, "Admin Han"),
}
ROLE_NAMES = ["anonymous", "citizen", "moderator", "member", "secretary", "admin"]
DOCUMENT = "첫째 문단: 회의 자료입니다.\n\n둘째 문단: 예산 계획입니다.\n"


def email_of(who: str) -> str:
    return who if "@" in who else f"{who}@example.org"


@dataclass
class World:
    meeting_id: int
    items: list[int]
    anchor: str
    other_meeting_id: int
    other_item_id: int
    draft_meeting_id: int
    draft_item_id: int
    users: dict[str, int] = field(default_factory=dict)


@pytest.fixture
def app(app, monkeypatch):
    """The suite's app, with generous limits (tests that check a limit set it low) and no background
    `viewers.count` task (it would run on its own clock; presence is checked through the join ack)."""
    app.config.update(LOGIN_RATE_LIMIT="1000 per minute", COMMENT_RATE_LIMIT="1000 per minute",
                      GUEST_COMMENT_RATE_LIMIT="1000 per minute", SOCKET_EVENT_RATE_LIMIT="1000 per minute")
    monkeypatch.setattr(presence, "ensure_broadcaster", lambda: None)
    presence._viewers.clear()
    presence._dirty.clear()
    feedback.forget()
    yield app
    presence._viewers.clear()
    presence._dirty.clear()
    feedback.forget()


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        users = {name: factories.user(*roles, email=email_of(name), name=display).id
                 for name, (roles, display) in USERS.items()}
        committee = factories.committee()
        meeting = factories.meeting(committee, published=True, items=2, title="Live meeting")
        items = [i.id for i in meetings.agenda_of(meeting)]
        document = materials.add_document(meeting, meetings.agenda_of(meeting)[0], "회의 자료", DOCUMENT, None)
        anchor = document.current.html.split('id="', 1)[1].split('"', 1)[0]
        other = factories.meeting(committee, published=True, items=1, title="Other meeting")
        draft = factories.meeting(committee, published=False, items=1, title="Draft meeting")
        world = World(meeting.id, items, anchor, other.id, meetings.agenda_of(other)[0].id,
                      draft.id, meetings.agenda_of(draft)[0].id, users)
        db.session.commit()
    return world


class LiveClient(SocketIOTestClient):
    """A Socket.IO test client on `/live` that records what it receives, in order."""

    def __init__(self, *args, **kwargs):
        self.wire: list[tuple] = []     # ("event", name, payload) and ("ack", ack) in arrival order
        self.ack_hooks: list = []       # called with the ack as it arrives
        super().__init__(*args, **kwargs)

    # The base class appends received events to `queue` and stores acks in `acks`; both are wrapped
    # so their order is kept.
    @property
    def queue(self):
        return self._queue

    @queue.setter
    def queue(self, items):
        self._queue = _Inbox(items, self.wire)

    @property
    def acks(self):
        return self._acks

    @acks.setter
    def acks(self, value):
        self._acks = value
        if value is not None:
            ack = value["args"][0] if len(value["args"]) == 1 else value["args"]
            self.wire.append(("ack", ack))
            for hook in self.ack_hooks:
                hook(ack)

    def call(self, event: str, payload=MISSING):
        """Emit `event` with `payload` (no argument at all for MISSING) and return the ack."""
        args = () if payload is MISSING else (payload,)
        return self.emit(event, *args, namespace=NS, callback=True)

    def inbox(self) -> list[tuple[str, dict]]:
        """(name, payload) of everything received since the last look."""
        return [(m["name"], m["args"][0] if m["args"] else None) for m in self.get_received(NS)]

    def events(self) -> list[dict]:
        """The stored public events received since the last look (ephemeral ones left out)."""
        return [p for name, p in self.inbox() if name == "event" and p.get("id") is not None]


class _Inbox(list):
    def __init__(self, items, wire):
        super().__init__(items)
        self._wire = wire

    def append(self, message):
        self._wire.append(("event", message["name"], message["args"][0] if message["args"] else None))
        super().append(message)


@pytest.fixture
def connect(app, world):
    """`connect(who)`: a socket client logged in as `who` (a name of USERS or an e-mail; None for an
    anonymous viewer). `lang` sets the language cookie first; `visit` GETs a page first (guests get
    their guest id from the live page)."""
    clients: list[LiveClient] = []

    def _connect(who: str | None = None, *, lang: str | None = None, visit: str | None = None,
                 headers: dict | None = None) -> LiveClient:
        http = app.test_client()
        if lang:
            http.set_cookie("lang", lang)
        if who:
            response = AuthActions(http).login(email_of(who))
            assert response.status_code in (302, 303), f"login as {who} failed"
        if visit:
            assert http.get(visit).status_code == 200
        client = LiveClient(app, socketio, namespace=NS, flask_test_client=http, headers=headers)
        client.http = http
        clients.append(client)
        return client

    yield _connect
    for client in clients:
        if client.is_connected(NS):
            client.disconnect(NS)


class Make:
    """Data set up through the real services, committed, outside any socket call."""

    def __init__(self, app, world: World):
        self.app, self.world = app, world
        self._keys = iter(range(1, 1_000_000))

    def _user(self, who: str) -> User:
        return db.session.get(User, self.world.users[who])

    def comment(self, who: str = "author", item: int | None = None, body: str = "좋은 제안입니다.") -> int:
        """A pending comment; `item` defaults to the meeting's first item."""
        with self.app.app_context():
            target = db.session.get(AgendaItem, item or self.world.items[0])
            created, _ = comments.submit(target, Submitter(user=self._user(who)), body=body, stance="support",
                                         client_key=f"setup-{next(self._keys)}")
            db.session.commit()
            return created.id

    def approved(self, who: str = "author", item: int | None = None, body: str = "좋은 제안입니다.",
                 moderator: str = "moderator") -> int:
        comment_id = self.comment(who, item, body)
        self.approve(comment_id, moderator)
        return comment_id

    def approve(self, comment_id: int, moderator: str = "moderator", **kwargs) -> None:
        with self.app.app_context():
            comments.approve(db.session.get(Comment, comment_id), self._user(moderator), **kwargs)
            db.session.commit()

    def reject(self, comment_id: int, moderator: str = "moderator", reason: str = "spam", **kwargs) -> None:
        with self.app.app_context():
            comments.reject(db.session.get(Comment, comment_id), self._user(moderator), reason=reason, **kwargs)
            db.session.commit()

    def report(self, comment_id: int, who: str, reason: str = "부적절합니다") -> None:
        with self.app.app_context():
            comments.report(db.session.get(Comment, comment_id), self._user(who), reason)
            db.session.commit()

    def start(self, meeting_id: int | None = None) -> None:
        with self.app.app_context():
            live.start(db.session.get(Meeting, meeting_id or self.world.meeting_id), self._user("secretary"))
            db.session.commit()

    def end(self, meeting_id: int | None = None) -> None:
        with self.app.app_context():
            live.end(db.session.get(Meeting, meeting_id or self.world.meeting_id), self._user("secretary"))
            db.session.commit()

    def allow_guests(self, meeting_id: int | None = None) -> None:
        with self.app.app_context():
            meetings.update_meeting(db.session.get(Meeting, meeting_id or self.world.meeting_id),
                                    allow_guest_comments=True)
            db.session.commit()

    def query(self, fn):
        """Run `fn()` in a fresh app context (a new database session) and return its result."""
        with self.app.app_context():
            return fn()


@pytest.fixture
def make(app, world) -> Make:
    return Make(app, world)


@pytest.fixture
def snapshot(app):
    """Every row of every table, read in a fresh session: compare before/after a refused call."""

    def take() -> dict[str, list[tuple]]:
        with app.app_context():
            return {table.name: sorted(map(tuple, db.session.execute(sa.select(table)).all()), key=repr)
                    for table in db.metadata.sorted_tables}

    return take


def error_of(ack) -> dict:
    """The error of a refused call, checked for the documented shape."""
    assert isinstance(ack, dict) and ack.get("ok") is False, f"expected a refusal, got {ack!r}"
    error = ack["error"]
    assert isinstance(error.get("code"), str) and error["code"]
    assert isinstance(error.get("message"), str) and error["message"].strip()
    assert "field" not in error or isinstance(error["field"], str)
    return error


def assert_ok(ack, *fields: str) -> dict:
    assert isinstance(ack, dict) and ack.get("ok") is True, f"expected ok, got {ack!r}"
    missing = [f for f in fields if f not in ack]
    assert not missing, f"ack lacks {missing}: {ack!r}"
    return ack


JOIN_STATE = ("meeting_id", "session", "current_item_id", "spotlight_comment_id", "last_event_id")
VOTE_ACK = ("comment_id", "agree", "disagree", "pass", "choice")


# Every client call of docs/realtime.md: who may make it, who makes it in the tests, how to build a
# valid payload (setting up the state it needs), and the fields of its ok-ack.
LOGGED_IN = frozenset({"citizen", "moderator", "member", "secretary", "admin"})
EVERYONE = LOGGED_IN | {"anonymous"}


@dataclass(frozen=True)
class Call:
    allowed: frozenset
    caller: str
    build: object  # (World, Make) -> a valid payload
    ack: tuple[str, ...] = ()


def _live(world: World, make: Make, payload: dict) -> dict:
    make.start()
    return payload


def _reported(make: Make) -> int:
    """An approved comment with one report (below the three that hide it)."""
    comment_id = make.approved()
    make.report(comment_id, "citizen2", "광고입니다")
    return comment_id


CALLS: dict[str, Call] = {
    "join": Call(EVERYONE, "citizen", lambda w, m: {"meeting_id": w.meeting_id, "last_event_id": 0},
                 JOIN_STATE + ("viewers", "replayed")),
    "leave": Call(EVERYONE, "citizen", lambda w, m: {"meeting_id": w.meeting_id}),
    "figures.join": Call(EVERYONE, "citizen", lambda w, m: {"meeting_id": w.meeting_id}, ("meeting_id", "figures")),
    "comment.submit": Call(
        frozenset({"citizen"}), "citizen",
        lambda w, m: {"item_id": w.items[0], "body": "  예산을 늘려 주세요.  ", "stance": "suggestion",
                      "anchor": w.anchor, "client_key": "live-key:1"},
        ("comment_id", "status")),
    # Votes are the citizens' (staff are refused); guests vote only where the meeting allows guests.
    "comment.vote": Call(frozenset({"citizen"}), "citizen",
                         lambda w, m: {"comment_id": m.approved(), "choice": "disagree"}, VOTE_ACK),
    "comment.agree": Call(frozenset({"citizen"}), "citizen", lambda w, m: {"comment_id": m.approved()},
                          ("count",) + VOTE_ACK),
    "comment.report": Call(LOGGED_IN, "citizen", lambda w, m: {"comment_id": m.approved(), "reason": "광고입니다"},
                           ("comment_id",)),
    "moderation.join": Call(frozenset({"moderator"}), "moderator", lambda w, m: {"meeting_id": w.meeting_id},
                            ("meeting_id", "queue")),
    "comment.approve": Call(frozenset({"moderator"}), "moderator",
                            lambda w, m: {"comment_id": m.comment(body="연락처 010-1234-5678 입니다"),
                                          "redactions": [[0, 3]], "note": "연락처 가림"},
                            ("comment_id", "status")),
    "comment.reject": Call(frozenset({"moderator"}), "moderator",
                           lambda w, m: {"comment_id": m.comment(), "reason": "other", "note": "안건과 무관"},
                           ("comment_id", "status")),
    "comment.hide": Call(frozenset({"moderator"}), "moderator",
                         lambda w, m: {"comment_id": _reported(m), "reason": "other", "note": "안건과 무관"},
                         ("comment_id", "status")),
    "reports.dismiss": Call(frozenset({"moderator"}), "moderator",
                            lambda w, m: {"comment_id": _reported(m), "note": "정당한 의견"},
                            ("comment_id", "status", "report_count")),
    "reply.post": Call(frozenset({"member"}), "member",
                       lambda w, m: {"comment_id": m.approved(), "body": "검토하겠습니다."}, ("reply_id", "comment_id")),
    "session.start": Call(frozenset({"secretary"}), "secretary", lambda w, m: {"meeting_id": w.meeting_id}, JOIN_STATE),
    "session.advance": Call(frozenset({"secretary"}), "secretary",
                            lambda w, m: _live(w, m, {"item_id": w.items[1]}), JOIN_STATE),
    "session.spotlight": Call(frozenset({"secretary"}), "secretary",
                              lambda w, m: _live(w, m, {"meeting_id": w.meeting_id, "comment_id": m.approved()}),
                              JOIN_STATE),
    "session.end": Call(frozenset({"secretary"}), "secretary",
                        lambda w, m: _live(w, m, {"meeting_id": w.meeting_id}), JOIN_STATE),
}
