"""The author learns the fate of their comment at once, on their own sockets only (issue 11: feedback to the
people who act): `comment.decided` after a moderator approves or rejects it, or reports hide it; and the
meeting page follows the moderation figures with `figures.join`, without counting as a viewer.
"""
from __future__ import annotations

import sqlalchemy as sa

from participation.accounts.models import User
from participation.comments.consents import CONSENT_VERSION
from participation.core.roles import Role
from participation.extensions import db, socketio
from participation.live import figures, presence
from tests import factories
from tests.live.conftest import NS, LiveClient, assert_ok, error_of

DECIDED = "comment.decided"


def _decisions(client) -> list[dict]:
    return [payload for name, payload in client.inbox() if name == DECIDED]


def _set_locale(make, who: str, locale: str) -> None:
    def update():
        db.session.execute(sa.update(User).where(User.id == make.world.users[who]).values(locale=locale))
        db.session.commit()
    make.query(update)


def _second_socket(app, client) -> LiveClient:
    """Another socket of the same browser (the same cookies: the same user, or the same guest)."""
    return LiveClient(app, socketio, namespace=NS, flask_test_client=client.http)


def _guest(connect, make, world, nickname: str = "시민A"):
    """A guest socket that loaded the live page (so its session carries a guest id) and sent a comment."""
    guest = connect(None, visit=f"/meetings/{world.meeting_id}/live")
    ack = assert_ok(guest.call("comment.submit", {"item_id": world.items[0], "body": "손님 의견입니다",
                                                  "stance": "question", "client_key": "g-1", "nickname": nickname,
                                                  "consent": True, "consent_version": CONSENT_VERSION}))
    guest.inbox()
    return guest, ack["comment_id"]


# --- the author, and nobody else ------------------------------------------------------------------------


def test_a_rejected_author_learns_it_with_the_reason_and_nobody_else_does(app, connect, world, make):
    author = connect("author")
    second_tab = _second_socket(app, author)
    citizen, visitor, moderator = connect("citizen"), connect(None), connect("moderator")
    for client in (citizen, visitor, author):
        assert_ok(client.call("join", {"meeting_id": world.meeting_id}))
    assert_ok(moderator.call("moderation.join", {"meeting_id": world.meeting_id}))
    comment_id = make.comment(body="광고 문구입니다")
    for client in (author, second_tab, citizen, visitor, moderator):
        client.inbox()

    assert_ok(moderator.call("comment.reject", {"comment_id": comment_id, "reason": "other",
                                                "note": "다른 안건에 올려 주세요"}))

    expected = {"comment_id": comment_id, "item_id": world.items[0], "meeting_id": world.meeting_id,
                "status": "rejected", "stance": "support", "reason": "other", "reason_label": "기타",
                "note": "다른 안건에 올려 주세요"}
    assert _decisions(author) == [expected]
    assert _decisions(second_tab) == [expected]  # every socket of the author
    for other in (citizen, visitor, moderator):
        received = other.inbox()
        assert [name for name, _ in received if name == DECIDED] == []
        assert "다른 안건에 올려 주세요" not in repr(received)
        assert other is moderator or "광고 문구입니다" not in repr(received)
    assert "광고 문구입니다" not in repr(author.wire)  # the author is not sent the text either


def test_an_approved_author_learns_it_without_a_reason(connect, world, make):
    author = connect("author")
    comment_id = make.comment()
    make.approve(comment_id, note="확인함")
    assert _decisions(author) == [{"comment_id": comment_id, "item_id": world.items[0],
                                   "meeting_id": world.meeting_id, "status": "approved", "stance": "support",
                                   "reason": None, "reason_label": None, "note": None}]


def test_the_reason_label_is_in_the_authors_language_not_the_moderators(connect, world, make):
    _set_locale(make, "author", "en")
    author = connect("author")
    moderator = connect("moderator", lang="ko")
    comment_id = make.comment()
    assert_ok(moderator.call("comment.reject", {"comment_id": comment_id, "reason": "spam"}))
    [decision] = _decisions(author)
    assert (decision["reason"], decision["reason_label"]) == ("spam", "Advertising or spam")

    _set_locale(make, "author", "ko")
    other = make.comment(body="두 번째 의견")
    english_moderator = connect("moderator2", lang="en")
    assert_ok(english_moderator.call("comment.reject", {"comment_id": other, "reason": "spam"}))
    assert _decisions(author)[0]["reason_label"] == "광고·스팸"


def test_a_decision_refused_sends_nothing(connect, world, make):
    author = connect("author")
    comment_id = make.comment()
    make.reject(comment_id, reason="spam")
    author.inbox()
    error = error_of(connect("moderator2").call("comment.approve", {"comment_id": comment_id}))
    assert error["code"] == "already_decided"
    assert _decisions(author) == []


def test_the_author_of_a_comment_hidden_by_reports_learns_it_the_reporters_do_not(connect, world, make):
    comment_id = make.approved(moderator="moderator")
    author = connect("author")
    reporters = [connect(name) for name in ("citizen", "citizen2", "member")]
    for name in ("citizen", "citizen2"):
        make.report(comment_id, name)
    assert _decisions(author) == []  # two reports hide nothing
    make.report(comment_id, "member")
    [decision] = _decisions(author)
    assert (decision["status"], decision["reason"], decision["note"]) == ("hidden", None, None)
    assert all(_decisions(reporter) == [] for reporter in reporters)
    # The second look: rejected, with the reason.
    make.reject(comment_id, moderator="moderator2", reason="abusive")
    assert [(d["status"], d["reason"]) for d in _decisions(author)] == [("rejected", "abusive")]


def test_the_author_of_a_reported_comment_a_moderator_takes_down_learns_the_reason(connect, world, make):
    comment_id = make.approved()
    make.report(comment_id, "citizen")
    author, reporter = connect("author"), connect("citizen")
    assert_ok(connect("moderator2").call("comment.hide", {"comment_id": comment_id, "reason": "abusive"}))
    [decision] = _decisions(author)
    assert (decision["status"], decision["reason"], decision["reason_label"]) == ("rejected", "abusive", "욕설·차별")
    assert _decisions(reporter) == []


def test_a_moderator_hears_only_of_their_own_comments(app, connect, world, make):
    with app.app_context():
        both = factories.user(Role.CITIZEN, Role.MODERATOR, email="both@example.org", name="Citizen Moderator")
        db.session.commit()
        world.users["both"] = both.id
    writer, moderator = connect("both@example.org"), connect("moderator")
    theirs, others = make.comment(who="both"), make.comment()
    make.reject(others, moderator="both", reason="duplicate")  # decided by them, written by another
    assert _decisions(writer) == []
    make.reject(theirs, moderator="moderator", reason="off_topic")
    assert [d["comment_id"] for d in _decisions(writer)] == [theirs]
    assert _decisions(moderator) == []


# --- guests ---------------------------------------------------------------------------------------------


def test_a_guest_author_learns_it_on_the_sockets_of_its_browser_only(app, connect, world, make):
    make.allow_guests()
    guest, comment_id = _guest(connect, make, world)
    same_browser = _second_socket(app, guest)
    other_guest, _ = _guest(connect, make, world, nickname="시민B")
    anonymous = connect(None)  # no session cookie: a guest id of its own connection
    make.reject(comment_id, reason="personal_data")
    [decision] = _decisions(guest)
    assert (decision["comment_id"], decision["status"], decision["reason"], decision["reason_label"]) == \
        (comment_id, "rejected", "personal_data", "개인정보")
    assert _decisions(same_browser) == [decision]
    assert _decisions(other_guest) == [] and _decisions(anonymous) == []


def test_a_guest_without_a_session_cookie_hears_of_the_comments_of_its_connection(connect, world, make):
    make.allow_guests()
    guest, bystander = connect(None), connect(None)
    ack = assert_ok(guest.call("comment.submit", {"item_id": world.items[0], "body": "쿠키 없는 손님",
                                                  "stance": "concern", "client_key": "c-1", "nickname": "손님",
                                                  "consent": True, "consent_version": CONSENT_VERSION}))
    make.approve(ack["comment_id"])
    assert [d["status"] for d in _decisions(guest)] == ["approved"]
    assert _decisions(bystander) == []


# --- figures.join: the meeting page --------------------------------------------------------------------


def _figure_events(client) -> list[dict]:
    return [p for name, p in client.inbox() if name == "event" and p.get("type") == "figures.changed"]


def test_figures_join_follows_the_figures_without_counting_as_a_viewer(app, connect, world, make):
    make.comment()
    page = connect(None)
    ack = assert_ok(page.call("figures.join", {"meeting_id": world.meeting_id}), "meeting_id", "figures")
    assert ack["figures"] == {"submitted": 1, "approved": 0, "waiting": 1, "rejected": 0, "rejected_by_reason": {}}
    with app.app_context():
        assert presence.count(world.meeting_id) == 0
    viewer = connect("citizen")
    assert assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))["viewers"] == 1

    figures.take_dirty()
    comment_id = make.comment(who="citizen2")
    make.approve(comment_id)
    for client in (page, viewer):
        client.inbox()
    with app.app_context():
        presence.broadcast_round()
    expected = {"submitted": 2, "approved": 1, "waiting": 1, "rejected": 0, "rejected_by_reason": {}}
    assert [e["data"] for e in _figure_events(page)] == [expected]
    assert [e["data"] for e in _figure_events(viewer)] == [expected]


def test_figures_join_gets_no_other_meeting_event_and_a_socket_in_both_rooms_gets_it_once(app, connect, world,
                                                                                           make):
    page, both = connect(None), connect("citizen")
    assert_ok(page.call("figures.join", {"meeting_id": world.meeting_id}))
    assert_ok(both.call("figures.join", {"meeting_id": world.meeting_id}))
    assert_ok(both.call("join", {"meeting_id": world.meeting_id}))
    figures.take_dirty()
    make.approved()
    with app.app_context():
        presence.broadcast_round()
    assert [p["type"] for name, p in page.inbox() if name == "event"] == ["figures.changed"]
    types = [p["type"] for name, p in both.inbox() if name == "event"]
    assert types.count("figures.changed") == 1 and "comment.approved" in types


def test_figures_join_of_another_meeting_hears_nothing_and_a_draft_is_not_found(app, connect, world, make):
    page = connect(None)
    assert_ok(page.call("figures.join", {"meeting_id": world.other_meeting_id}))
    figures.take_dirty()
    make.comment()
    with app.app_context():
        presence.broadcast_round()
    assert _figure_events(page) == []
    assert error_of(page.call("figures.join", {"meeting_id": world.draft_meeting_id}))["code"] == "not_found"
    assert_ok(connect("secretary").call("figures.join", {"meeting_id": world.draft_meeting_id}))
