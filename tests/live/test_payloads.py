"""Bad payloads, one field wrong at a time, for every call of docs/realtime.md.

Each is answered `{"ok": false, "error": {"code", "message", "field"}}` (never an exception, never a
dropped call) and changes nothing in the database.
"""
from __future__ import annotations

import pytest

from tests.live.conftest import CALLS, MISSING, assert_ok, error_of

WRONG_TYPES = [("string", "1"), ("bool", True), ("float", 1.5), ("list", [1]), ("dict", {"id": 1}), ("null", None)]
OUT_OF_RANGE = [("zero", 0), ("negative", -1), ("over 32 bits", 2**31), ("huge", 2**53)]
UNKNOWN_ID = 10**6


class Ref:
    """A value that depends on the test's data: `Ref(lambda world, make: ...)`."""

    def __init__(self, fn, label: str):
        self.fn, self.label = fn, label

    def __repr__(self):
        return self.label


def case(event, field, label, value, code="invalid"):
    return pytest.param(event, field, value, code, id=f"{event}-{field}-{label}")


def id_field(event, field, *, nullable=False, unknown_code="not_found"):
    """An id: required whole number >= 1 of something that exists."""
    yield case(event, field, "missing", MISSING)
    for label, value in WRONG_TYPES + OUT_OF_RANGE:
        if not (nullable and value is None):
            yield case(event, field, label, value)
    yield case(event, field, "unknown", UNKNOWN_ID, unknown_code)


def text_field(event, field, maximum, *, required=True):
    if required:
        yield case(event, field, "missing", MISSING)
        yield case(event, field, "null", None)
        yield case(event, field, "empty", "")
        yield case(event, field, "blank", " \n\t ")
    for label, value in [("int", 1), ("bool", True), ("list", ["a"]), ("dict", {"a": 1})]:
        yield case(event, field, label, value)
    yield case(event, field, "oversized", "가" * (maximum + 1))
    yield case(event, field, "nul", "a\x00b")


def choice_field(event, field):
    for label, value in [("missing", MISSING), ("null", None), ("unknown", "maybe"), ("upper", "SUPPORT"),
                         ("int", 1), ("list", ["support"]), ("dict", {"support": 1})]:
        yield case(event, field, label, value)


draft_meeting = Ref(lambda w, m: w.draft_meeting_id, "draft")
pending_comment = Ref(lambda w, m: m.comment(), "pending")
other_meetings_comment = Ref(lambda w, m: m.approved(item=w.other_item_id), "other-meeting")
other_meetings_item = Ref(lambda w, m: w.other_item_id, "other-meeting")
draft_item = Ref(lambda w, m: w.draft_item_id, "draft")

CASES = [
    *id_field("join", "meeting_id"),
    case("join", "meeting_id", "draft", draft_meeting, "not_found"),
    *[case("join", "last_event_id", label, value) for label, value in WRONG_TYPES + OUT_OF_RANGE
      if value is not None and value != 0],

    *id_field("leave", "meeting_id"),

    *id_field("figures.join", "meeting_id"),
    case("figures.join", "meeting_id", "draft", draft_meeting, "not_found"),

    *id_field("comment.submit", "item_id"),
    case("comment.submit", "item_id", "draft", draft_item, "not_found"),
    *text_field("comment.submit", "body", 2000),
    *choice_field("comment.submit", "stance"),
    *[case("comment.submit", "client_key", label, value) for label, value in [
        ("missing", MISSING), ("null", None), ("empty", ""), ("space", "a b"), ("hangul", "키"), ("slash", "a/b"),
        ("too long", "k" * 65), ("int", 1), ("list", ["k"]), ("newline", "key\n")]],
    *[case("comment.submit", "anchor", label, value) for label, value in [
        ("int", 1), ("list", ["p-00000000"]), ("dict", {}), ("bool", True), ("malformed", "p-xyz"),
        ("html", '"><script>'), ("too long", "p-" + "0" * 100)]],

    *id_field("comment.agree", "comment_id"),
    case("comment.agree", "comment_id", "pending", pending_comment, "not_found"),

    *id_field("comment.vote", "comment_id"),
    case("comment.vote", "comment_id", "pending", pending_comment, "not_found"),
    *choice_field("comment.vote", "choice"),

    *id_field("comment.report", "comment_id"),
    case("comment.report", "comment_id", "pending", pending_comment, "not_found"),
    *text_field("comment.report", "reason", 500),

    *id_field("moderation.join", "meeting_id"),
    case("moderation.join", "meeting_id", "draft", draft_meeting, "not_found"),

    *id_field("comment.approve", "comment_id"),
    *[case("comment.approve", "redactions", label, value) for label, value in [
        ("string", "0-3"), ("int", 1), ("dict", {"0": 3}), ("flat pair", [0, 3]), ("one number", [[0]]),
        ("three numbers", [[0, 1, 2]]), ("reversed", [[3, 1]]), ("empty span", [[2, 2]]), ("negative", [[-1, 2]]),
        ("past the end", [[0, 10**6]]), ("strings", [["0", "3"]]), ("bools", [[False, True]]),
        ("floats", [[0.0, 3.0]]), ("too many", [[0, 1]] * 51)]],
    *[case("comment.approve", "note", label, value) for label, value in [
        ("missing with redactions", MISSING), ("empty with redactions", ""), ("int", 1), ("list", ["x"]),
        ("bool", True), ("oversized", "가" * 501)]],

    *id_field("comment.reject", "comment_id"),
    *choice_field("comment.reject", "reason"),
    *[case("comment.reject", "note", label, value) for label, value in [
        ("missing for other", MISSING), ("null for other", None), ("blank for other", "   "), ("int", 1),
        ("list", ["x"]), ("oversized", "가" * 501)]],

    *id_field("comment.hide", "comment_id"),
    *choice_field("comment.hide", "reason"),
    *[case("comment.hide", "note", label, value) for label, value in [
        ("missing for other", MISSING), ("null for other", None), ("blank for other", "   "), ("int", 1),
        ("list", ["x"]), ("oversized", "가" * 501)]],

    *id_field("reports.dismiss", "comment_id"),
    *[case("reports.dismiss", "note", label, value) for label, value in [
        ("int", 1), ("list", ["x"]), ("bool", True), ("oversized", "가" * 501), ("nul", "a\x00b")]],

    *id_field("reply.post", "comment_id"),
    case("reply.post", "comment_id", "pending", pending_comment, "not_found"),
    *text_field("reply.post", "body", 2000),

    *id_field("session.start", "meeting_id"),
    *id_field("session.advance", "item_id"),
    *id_field("session.spotlight", "meeting_id"),
    *id_field("session.spotlight", "comment_id", nullable=True),
    case("session.spotlight", "comment_id", "pending", pending_comment, "not_found"),
    case("session.spotlight", "comment_id", "other-meeting", other_meetings_comment, "not_found"),
    *id_field("session.end", "meeting_id"),
]


@pytest.mark.parametrize("event, field, value, code", CASES)
def test_a_bad_field_is_refused_and_changes_nothing(connect, world, make, snapshot, event, field, value, code):
    call = CALLS[event]
    payload = call.build(world, make)
    if isinstance(value, Ref):
        value = value.fn(world, make)
    if value is MISSING:
        payload.pop(field, None)
    else:
        payload[field] = value
    client = connect(call.caller)
    before = snapshot()
    error = error_of(client.call(event, payload))
    assert (error["code"], error.get("field")) == (code, field)
    assert snapshot() == before


NOT_OBJECTS = [("string", "meeting"), ("list", [{"meeting_id": 1}]), ("number", 5), ("bool", True), ("null", None),
               ("no argument", MISSING)]


@pytest.mark.parametrize("label, payload", NOT_OBJECTS, ids=[label for label, _ in NOT_OBJECTS])
@pytest.mark.parametrize("event", list(CALLS))
def test_a_payload_that_is_not_an_object_is_refused(connect, world, make, snapshot, event, label, payload):
    call = CALLS[event]
    call.build(world, make)  # the state the call would need
    client = connect(call.caller)
    before = snapshot()
    error = error_of(client.call(event, payload))
    assert error["code"] == "invalid" and "field" not in error
    assert snapshot() == before


def test_extra_arguments_and_unknown_fields_are_ignored(connect, world):
    citizen = connect("citizen")
    ack = citizen.emit("join", {"meeting_id": world.meeting_id, "surprise": [1, 2]}, "extra", 3,
                       namespace="/live", callback=True)
    assert_ok(ack, "session")


@pytest.mark.parametrize("value", [None, MISSING, 0, UNKNOWN_ID])
def test_join_last_event_id_is_optional_and_may_be_any_whole_number(connect, world, value):
    payload = {"meeting_id": world.meeting_id}
    if value is not MISSING:
        payload["last_event_id"] = value
    assert assert_ok(connect(None).call("join", payload))["replayed"] == 0


def test_spotlight_null_clears(connect, world, make):
    make.start()
    comment_id = make.approved()
    secretary = connect("secretary")
    assert secretary.call("session.spotlight", {"meeting_id": world.meeting_id, "comment_id": comment_id})[
        "spotlight_comment_id"] == comment_id
    assert secretary.call("session.spotlight", {"meeting_id": world.meeting_id, "comment_id": None})[
        "spotlight_comment_id"] is None


def test_a_long_body_is_counted_after_trimming(connect, world):
    ack = connect("citizen").call("comment.submit", {"item_id": world.items[0], "body": "  " + "가" * 2000 + "\n",
                                                     "stance": "support", "client_key": "trim"})
    assert_ok(ack, "comment_id")


def test_an_anchor_of_another_meeting_is_refused(connect, world, make, snapshot):
    from participation.extensions import db
    from participation.meetings import materials
    from participation.meetings.models import Meeting

    def other_document():
        doc = materials.add_document(db.session.get(Meeting, world.other_meeting_id), None, "다른 자료",
                                     "다른 회의의 문단", None)
        db.session.commit()
        return doc.current.html.split('id="', 1)[1].split('"', 1)[0]

    anchor = make.query(other_document)
    before = snapshot()
    error = error_of(connect("citizen").call("comment.submit", {"item_id": world.items[0], "body": "의견",
                                                                "stance": "support", "client_key": "a",
                                                                "anchor": anchor}))
    assert (error["code"], error.get("field")) == ("not_found", "anchor")
    assert snapshot() == before


def test_an_unknown_anchor_is_not_found(connect, world):
    error = error_of(connect("citizen").call("comment.submit", {"item_id": world.items[0], "body": "의견",
                                                                "stance": "support", "client_key": "a",
                                                                "anchor": "p-00000000"}))
    assert (error["code"], error.get("field")) == ("not_found", "anchor")


def test_advancing_to_an_item_of_a_draft_is_refused_as_not_running(connect, world, snapshot):
    """The secretary may preview a draft's items, but a draft has no live session to point."""
    secretary = connect("secretary")
    before = snapshot()
    error = error_of(secretary.call("session.advance", {"item_id": world.draft_item_id}))
    assert error["code"] == "closed"
    assert snapshot() == before
