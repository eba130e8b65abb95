"""Postponing and cancelling from the secretary's manage page reach the viewers already on the live page:
`meeting.rescheduled` and `session.state` `cancelled`, stored and replayed like every public event; after
a cancellation the session does not start and comments are refused, while pending ones are still decided."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from participation.extensions import db
from participation.meetings.models import Meeting
from tests.conftest import csrf_token
from tests.live.conftest import assert_ok, error_of

SEOUL = ZoneInfo("Asia/Seoul")


def _post(secretary, meeting_id: int, action: str, data: dict) -> None:
    page = f"/manage/meetings/{meeting_id}"
    response = secretary.http.post(f"{page}/{action}", data={**data, "csrf_token": csrf_token(secretary.http, page)})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]


def _starts(make, meeting_id: int) -> datetime:
    return make.query(lambda: db.session.get(Meeting, meeting_id).starts_at)


@pytest.fixture
def room(connect, world):
    """A viewer on the meeting, one on the other meeting, and the secretary."""
    viewer, other = connect(None), connect(None)
    assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    assert_ok(other.call("join", {"meeting_id": world.other_meeting_id}))
    return viewer, other, connect("secretary")


def test_a_postponement_reaches_the_viewers_and_is_replayed(connect, make, world, room):
    viewer, other, secretary = room
    before = _starts(make, world.meeting_id)
    new_start = (before + timedelta(days=7)).astimezone(SEOUL).replace(second=0, microsecond=0)
    _post(secretary, world.meeting_id, "postpone", {"starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
                                                     "reason": "회의실 공사로 연기합니다."})
    [event] = viewer.events()
    moved = new_start - before  # part 2 moves by as much as the start
    assert (event["id"], event["type"]) == (1, "meeting.rescheduled")
    data = event["data"]
    assert data["reason"] == "회의실 공사로 연기합니다."
    assert datetime.fromisoformat(data["previous_starts_at"]) == before
    assert datetime.fromisoformat(data["starts_at"]) == new_start
    assert datetime.fromisoformat(data["part2_starts_at"]) == before + timedelta(hours=2) + moved
    assert datetime.fromisoformat(data["part2_ends_at"]) == before + timedelta(hours=3) + moved
    assert data["part1_starts_at"] is None and data["part1_ends_at"] is None
    assert other.events() == []

    late = connect(None)
    ack = late.call("join", {"meeting_id": world.meeting_id, "last_event_id": 0})
    assert (ack["session"], ack["last_event_id"], ack["replayed"]) == ("published", 1, 1)
    assert [e["type"] for e in late.events()] == ["meeting.rescheduled"]


def test_a_cancellation_reaches_the_viewers_and_closes_the_session(connect, make, world, room):
    viewer, other, secretary = room
    pending = make.comment()
    _post(secretary, world.meeting_id, "cancel", {"reason": "위원장 사정으로 취소합니다."})
    [event] = viewer.events()
    assert event["type"] == "session.state"
    assert event["data"]["session"] == "cancelled" and event["data"]["reason"] == "위원장 사정으로 취소합니다."
    assert datetime.fromisoformat(event["data"]["cancelled_at"]).tzinfo is not None
    assert other.events() == []
    assert viewer.call("join", {"meeting_id": world.meeting_id})["session"] == "cancelled"

    assert error_of(secretary.call("session.start", {"meeting_id": world.meeting_id}))["code"] == "conflict"
    citizen = connect("citizen")
    refused = citizen.call("comment.submit", {"item_id": world.items[0], "body": "의견", "stance": "support",
                                              "client_key": "after-cancel"})
    assert error_of(refused)["code"] == "closed"
    moderator = connect("moderator")
    assert_ok(moderator.call("comment.approve", {"comment_id": pending}))  # what waited is still decided
    assert [e["type"] for e in viewer.events()] == ["comment.approved"]
