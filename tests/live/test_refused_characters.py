"""Text a socket call carries is checked by the one rule of `core.text.refused_character`: a lone
surrogate (which JSON can carry and no database can store) or a control character is refused as
`invalid` on its field with a translated message, never `server_error`, and nothing is stored."""
from __future__ import annotations

import pytest

from participation.comments.models import Comment
from participation.extensions import db
from tests.live.conftest import error_of

SURROGATE = "x\ud800y"


def _count(make, model) -> int:
    return make.query(lambda: db.session.query(model).count())


@pytest.mark.parametrize("body", [SURROGATE, "a\x00b", "a\x1bb", "a\x85b", "\udfff"])
def test_submit_refuses_a_body_with_a_refused_character(connect, world, make, snapshot, body):
    before = snapshot()
    ack = connect("citizen").call("comment.submit", {"item_id": world.items[0], "body": body,
                                                     "stance": "support", "client_key": "k1"})
    error = error_of(ack)
    assert (error["code"], error.get("field")) == ("invalid", "body")
    assert "U+" in error["message"]
    assert snapshot() == before


def test_line_breaks_and_tabs_stay_allowed_in_a_body(connect, world, make):
    ack = connect("citizen").call("comment.submit", {"item_id": world.items[0], "body": "첫 줄\r\n\t둘째 줄",
                                                     "stance": "support", "client_key": "k1"})
    assert ack["ok"] is True


def test_the_message_is_translated(connect, world):
    ack = connect("citizen", lang="ko").call("comment.submit", {"item_id": world.items[0], "body": SURROGATE,
                                                                "stance": "support", "client_key": "k1"})
    assert "U+D800" in error_of(ack)["message"]
    assert "제어 문자" in error_of(ack)["message"]


@pytest.mark.parametrize("nickname", [SURROGATE, "시민\x00", "\u202e1민시", "시민\u2066", "시민\n1"])
def test_a_guest_nickname_with_a_refused_character_is_invalid(connect, world, make, snapshot, nickname):
    make.allow_guests()
    guest = connect(None, visit=f"/meetings/{world.meeting_id}/live")
    before = snapshot()
    error = error_of(guest.call("comment.submit", {"item_id": world.items[0], "body": "의견", "stance": "support",
                                                   "client_key": "g1", "nickname": nickname}))
    assert (error["code"], error.get("field")) == ("invalid", "nickname")
    assert snapshot() == before


def test_note_reason_and_reply_refuse_a_lone_surrogate(connect, world, make, snapshot):
    pending, approved = make.comment(), make.approved()
    before = snapshot()
    calls = [
        ("moderator", "comment.approve", {"comment_id": pending, "note": SURROGATE}, "note"),
        ("moderator", "comment.reject", {"comment_id": pending, "reason": "other", "note": SURROGATE}, "note"),
        ("citizen", "comment.report", {"comment_id": approved, "reason": SURROGATE}, "reason"),
        ("member", "reply.post", {"comment_id": approved, "body": SURROGATE}, "body"),
    ]
    for who, event, payload, field in calls:
        error = error_of(connect(who).call(event, payload))
        assert (error["code"], error.get("field")) == ("invalid", field), event
    assert snapshot() == before
    assert _count(make, Comment) == 2
