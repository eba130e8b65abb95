"""The secretary's control of part 2 over the socket: start, advance, spotlight, end; the events viewers
see; the phase of comments before, during and after; and refusals when the meeting is not live."""
from __future__ import annotations

import pytest

from participation.comments.models import Comment
from participation.extensions import db
from participation.meetings.models import Meeting
from tests.live.conftest import assert_ok, error_of


def meeting_state(make, meeting_id):
    return make.query(lambda: db.session.get(Meeting, meeting_id).state.value)


def phase_of(make, comment_id):
    return make.query(lambda: db.session.get(Comment, comment_id).phase.value)


@pytest.fixture
def room(connect, world):
    """A viewer who joined the meeting, and the secretary."""
    viewer = connect(None)
    assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    return viewer, connect("secretary")


def test_start_goes_live_on_the_first_item(make, world, room):
    viewer, secretary = room
    ack = secretary.call("session.start", {"meeting_id": world.meeting_id})
    assert ack == {"ok": True, "meeting_id": world.meeting_id, "session": "live", "current_item_id": world.items[0],
                   "spotlight_comment_id": None, "last_event_id": 2}
    assert meeting_state(make, world.meeting_id) == "live"
    events = viewer.events()
    assert [(e["id"], e["type"], e["data"]) for e in events] == [
        (1, "session.state", {"session": "live"}),
        (2, "item.current", {"item_id": world.items[0], "title": "안건 1"}),
    ]


def test_a_viewer_joining_later_gets_the_state(connect, make, world):
    make.start()
    ack = connect(None).call("join", {"meeting_id": world.meeting_id})
    assert (ack["session"], ack["current_item_id"], ack["last_event_id"]) == ("live", world.items[0], 2)


def test_start_twice_is_a_conflict(make, world, room, snapshot):
    _, secretary = room
    make.start()
    before = snapshot()
    assert error_of(secretary.call("session.start", {"meeting_id": world.meeting_id}))["code"] == "conflict"
    assert snapshot() == before


def test_a_draft_cannot_start(world, room, snapshot):
    _, secretary = room
    before = snapshot()
    assert error_of(secretary.call("session.start", {"meeting_id": world.draft_meeting_id}))["code"] == "conflict"
    assert snapshot() == before


def test_advance_moves_the_pointer_and_clears_the_spotlight(make, world, room):
    viewer, secretary = room
    make.start()
    comment_id = make.approved()
    assert_ok(secretary.call("session.spotlight", {"meeting_id": world.meeting_id, "comment_id": comment_id}))
    viewer.events()
    ack = secretary.call("session.advance", {"item_id": world.items[1]})
    assert (ack["current_item_id"], ack["spotlight_comment_id"]) == (world.items[1], None)
    # The cleared spotlight is an event too: a client that follows the events agrees with the join state.
    assert [(e["type"], e["data"]) for e in viewer.events()] == [
        ("comment.spotlight", {"comment_id": None}),
        ("item.current", {"item_id": world.items[1], "title": "안건 2"}),
    ]
    # Advancing again, with no spotlight, sends only the new item.
    secretary.call("session.advance", {"item_id": world.items[0]})
    assert [e["type"] for e in viewer.events()] == ["item.current"]


def test_advance_naming_its_meeting(make, world, room):
    _, secretary = room
    make.start()
    ack = secretary.call("session.advance", {"meeting_id": world.meeting_id, "item_id": world.items[1]})
    assert ack["current_item_id"] == world.items[1]


def test_advance_to_an_item_of_another_meeting_is_not_found(make, world, room, snapshot):
    viewer, secretary = room
    make.start()
    make.start(world.other_meeting_id)  # even when that meeting is live too
    viewer.events()
    before = snapshot()
    error = error_of(secretary.call("session.advance", {"meeting_id": world.meeting_id, "item_id": world.other_item_id}))
    assert (error["code"], error.get("field")) == ("not_found", "item_id")
    assert snapshot() == before
    assert viewer.events() == []


def test_spotlight_needs_an_approved_comment_of_this_meeting(make, world, room, snapshot):
    viewer, secretary = room
    make.start()
    make.start(world.other_meeting_id)
    viewer.events()
    foreign = make.approved(item=world.other_item_id)
    pending = make.comment()
    rejected = make.comment()
    make.reject(rejected)
    before = snapshot()
    for comment_id in (foreign, pending, rejected, 10**6):
        error = error_of(secretary.call("session.spotlight", {"meeting_id": world.meeting_id, "comment_id": comment_id}))
        assert (error["code"], error.get("field")) == ("not_found", "comment_id")
    assert snapshot() == before
    assert viewer.events() == []

    approved = make.approved()
    viewer.events()
    assert secretary.call("session.spotlight", {"meeting_id": world.meeting_id, "comment_id": approved})[
        "spotlight_comment_id"] == approved
    assert secretary.call("session.spotlight", {"meeting_id": world.meeting_id, "comment_id": None})[
        "spotlight_comment_id"] is None
    assert [(e["type"], e["data"]) for e in viewer.events()] == [
        ("comment.spotlight", {"comment_id": approved}), ("comment.spotlight", {"comment_id": None})]


def test_end_closes_the_meeting(make, world, room):
    viewer, secretary = room
    make.start()
    viewer.events()
    ack = secretary.call("session.end", {"meeting_id": world.meeting_id})
    assert (ack["session"], ack["spotlight_comment_id"]) == ("closed", None)
    assert meeting_state(make, world.meeting_id) == "closed"
    [event] = viewer.events()
    assert (event["type"], event["data"]) == ("session.state", {"session": "closed"})


def test_end_clears_the_spotlight_with_an_event(make, world, room):
    viewer, secretary = room
    make.start()
    comment_id = make.approved()
    secretary.call("session.spotlight", {"meeting_id": world.meeting_id, "comment_id": comment_id})
    viewer.events()
    assert_ok(secretary.call("session.end", {"meeting_id": world.meeting_id}))
    assert [(e["type"], e["data"]) for e in viewer.events()] == [
        ("comment.spotlight", {"comment_id": None}), ("session.state", {"session": "closed"})]


def test_comment_phases_follow_the_session(connect, make, world, room):
    _, secretary = room
    citizen = connect("citizen")

    def submit(key):
        ack = citizen.call("comment.submit", {"item_id": world.items[0], "body": "의견", "stance": "support",
                                              "client_key": key})
        return phase_of(make, assert_ok(ack)["comment_id"])

    assert submit("before") == "before"
    assert_ok(secretary.call("session.start", {"meeting_id": world.meeting_id}))
    assert submit("live") == "live"
    assert_ok(secretary.call("session.end", {"meeting_id": world.meeting_id}))
    assert submit("after") == "after"


@pytest.mark.parametrize("state", ["published", "closed"])
@pytest.mark.parametrize("event", ["session.advance", "session.spotlight", "session.end"])
def test_controls_need_a_live_session(make, world, room, snapshot, state, event):
    viewer, secretary = room
    comment_id = make.approved()
    if state == "closed":
        make.start()
        make.end()
    viewer.events()
    payload = {"meeting_id": world.meeting_id, "item_id": world.items[1], "comment_id": comment_id}
    before = snapshot()
    assert error_of(secretary.call(event, payload))["code"] == "closed"
    assert snapshot() == before
    assert viewer.events() == []


def test_a_closed_meeting_cannot_start_again(make, world, room):
    _, secretary = room
    make.start()
    make.end()
    assert error_of(secretary.call("session.start", {"meeting_id": world.meeting_id}))["code"] == "conflict"


def test_the_session_of_one_meeting_leaves_the_other_alone(connect, make, world, room):
    viewer, secretary = room
    other = connect(None)
    other.call("join", {"meeting_id": world.other_meeting_id})
    assert_ok(secretary.call("session.start", {"meeting_id": world.meeting_id}))
    assert other.events() == []
    assert meeting_state(make, world.other_meeting_id) == "published"


def test_comments_are_refused_once_the_record_is_final(connect, make, world, snapshot):
    from participation.meetings.models import MeetingState
    from participation.meetings.services import move_meeting

    make.start()
    make.end()

    def finalize():
        move_meeting(db.session.get(Meeting, world.meeting_id), MeetingState.RECORD_FINAL)
        db.session.commit()

    make.query(finalize)
    citizen = connect("citizen")
    before = snapshot()
    error = error_of(citizen.call("comment.submit", {"item_id": world.items[0], "body": "의견", "stance": "support",
                                                     "client_key": "late"}))
    assert error["code"] == "closed"
    assert snapshot() == before


def _move_from_the_manage_page(secretary, meeting_id: int, target: str):
    from tests.conftest import csrf_token

    http = secretary.http
    token = csrf_token(http, f"/manage/meetings/{meeting_id}")
    response = http.post(f"/manage/meetings/{meeting_id}/state", data={"target": target, "csrf_token": token})
    assert response.status_code == 303, response.status_code


def test_starting_and_closing_from_the_manage_page_reach_the_viewers(make, world, room):
    """One path for every state change: the manage page's buttons tell the live page as its controls do."""
    viewer, secretary = room
    _move_from_the_manage_page(secretary, world.meeting_id, "live")
    assert [(e["type"], e["data"]) for e in viewer.events()] == [
        ("session.state", {"session": "live"}),
        ("item.current", {"item_id": world.items[0], "title": "안건 1"}),
    ]
    _move_from_the_manage_page(secretary, world.meeting_id, "closed")
    assert [(e["type"], e["data"]) for e in viewer.events()] == [("session.state", {"session": "closed"})]
    ack = viewer.call("join", {"meeting_id": world.meeting_id})
    assert (ack["session"], ack["last_event_id"]) == ("closed", 3)


def test_closing_a_meeting_without_part_2_and_finalizing_reach_the_viewers(app, make, world, room):
    viewer, secretary = room
    with app.app_context():
        meeting = db.session.get(Meeting, world.meeting_id)
        meeting.part2_starts_at = meeting.part2_ends_at = None
        db.session.commit()
    _move_from_the_manage_page(secretary, world.meeting_id, "closed")
    _finalize_from_the_record_page(app, secretary, world)
    assert [e["data"] for e in viewer.events()] == [{"session": "closed"}, {"session": "record_final"}]


def _finalize_from_the_record_page(app, secretary, world):
    """Finalizing the record is the last move (record/final_views.py): the secretary serves the committee
    and the record has an entry."""
    from participation.accounts.models import User
    from participation.record import services as record_services
    from participation.record.kinds import EntryType
    from participation.record.models import RecordEntry
    from tests import factories
    from tests.conftest import csrf_token

    with app.app_context():
        meeting = db.session.get(Meeting, world.meeting_id)
        factories.seat(meeting.committee, db.session.get(User, world.users["secretary"]), "secretary", "간사")
        record = record_services.record_of(meeting)
        record.entries.append(RecordEntry(position=1, type=EntryType.NOTE, text="회의록"))
        db.session.commit()
    url = f"/manage/meetings/{world.meeting_id}/record/finalize"
    response = secretary.http.post(url, data={"csrf_token": csrf_token(secretary.http, url)})
    assert response.status_code == 303, response.status_code
