"""The iCalendar feeds (participation/api/calendars.py), read back with the `icalendar` library: the demo's
upcoming meeting at its times in Asia/Seoul, part 1 and part 2 as two events, the place and the live
page; postponed and cancelled meetings update their events; drafts never appear."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import sqlalchemy as sa

from participation.core.db import utcnow
from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import Meeting, MeetingState
from tests import factories
from tests.api import open_data

SEOUL = ZoneInfo("Asia/Seoul")


def _calendar(client, url: str = "/meetings.ics") -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.get_data())


def _events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def _demo_meeting(title: str) -> Meeting:
    return db.session.scalar(sa.select(Meeting).where(Meeting.title == title))


def test_the_demo_upcoming_meeting_at_its_times_in_seoul(demo, client):
    with demo.app_context():
        upcoming = _demo_meeting("2017년 제1차 정보화전략위원회")
        meeting_id, place, year = upcoming.id, upcoming.place, upcoming.starts_at.astimezone(SEOUL).year
    calendar = _calendar(client)
    assert str(calendar["X-WR-CALNAME"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    events = _events(calendar)
    part1, part2 = events[f"meeting-{meeting_id}-part-1"], events[f"meeting-{meeting_id}-part-2"]
    # The demo's times (participation/demo/meetings.py), moved forward by whole years to stay ahead.
    assert part1.decoded("DTSTART") == datetime(year, 1, 20, 14, 0, tzinfo=SEOUL)
    assert part1.decoded("DTEND") == datetime(year, 1, 20, 15, 0, tzinfo=SEOUL)
    assert part2.decoded("DTSTART") == datetime(year, 1, 20, 15, 10, tzinfo=SEOUL)
    assert part2.decoded("DTEND") == datetime(year, 1, 20, 16, 30, tzinfo=SEOUL)
    assert part1["DTSTART"].params["TZID"] == "Asia/Seoul"
    live = f"http://localhost/meetings/{meeting_id}/live"
    for event in (part1, part2):
        assert str(event["LOCATION"]) == place
        assert str(event["URL"]) == live and live in str(event["DESCRIPTION"])
        assert str(event["STATUS"]) == "CONFIRMED"
    assert "1부" in str(part1["SUMMARY"]) and "2부" in str(part2["SUMMARY"])


def test_drafts_and_meetings_held_long_ago_are_not_in_the_feed(demo, client):
    with demo.app_context():
        draft = _demo_meeting("2017년 제2차 정보화전략위원회")
        held = _demo_meeting("2016년 제2차 정보화전략위원회")
        assert draft.state is MeetingState.DRAFT and held.starts_at < utcnow() - timedelta(days=366)
        hidden = [draft.id, held.id]
    uids = set(_events(_calendar(client)))
    assert not any(uid.startswith(f"meeting-{meeting_id}") for uid in uids for meeting_id in hidden)
    assert "2017년 제2차" not in client.get("/meetings.ics").get_data(as_text=True)


def test_a_committee_feed_holds_its_meetings_only(app_ctx, client):
    ours, theirs = factories.committee("우리 위원회"), factories.committee("다른 위원회")
    mine = factories.meeting(ours, published=True)
    other = factories.meeting(theirs, published=True)
    db.session.commit()
    calendar = _calendar(client, f"/committees/{ours.id}/meetings.ics")
    assert "우리 위원회" in str(calendar["X-WR-CALNAME"])
    uids = set(_events(calendar))
    assert f"meeting-{mine.id}-part-1" in uids and not any(u.startswith(f"meeting-{other.id}-") for u in uids)
    assert set(_events(_calendar(client))) >= {f"meeting-{mine.id}-part-1", f"meeting-{other.id}-part-1"}
    assert client.get("/committees/999999/meetings.ics").status_code == 404


def test_a_meeting_without_part_2_is_one_event(app_ctx, client):
    meeting = factories.meeting(published=True, part_2=False)
    db.session.commit()
    events = _events(_calendar(client))
    assert f"meeting-{meeting.id}" in events and f"meeting-{meeting.id}-part-2" not in events
    assert str(events[f"meeting-{meeting.id}"]["URL"]) == f"http://localhost/meetings/{meeting.id}"


def test_a_postponed_meeting_keeps_its_uid_with_the_new_time(app_ctx, client):
    meeting = factories.meeting(published=True)
    new_start = (meeting.starts_at + timedelta(days=7)).replace(microsecond=0)
    services.postpone_meeting(meeting, new_start, "장소 사정으로 연기", None)
    db.session.commit()
    event = _events(_calendar(client))[f"meeting-{meeting.id}-part-1"]
    assert event.decoded("DTSTART") == new_start.astimezone(SEOUL)
    assert event.decoded("SEQUENCE") == 1 and "장소 사정으로 연기" in str(event["DESCRIPTION"])
    part2 = _events(_calendar(client))[f"meeting-{meeting.id}-part-2"]
    assert part2.decoded("DTSTART") == (new_start + timedelta(hours=2)).astimezone(SEOUL)


def test_a_cancelled_meeting_says_so(app_ctx, client):
    meeting = factories.meeting(published=True)
    services.move_meeting(meeting, MeetingState.CANCELLED, reason="위원 정족수 미달")
    db.session.commit()
    events = _events(_calendar(client))
    for part in ("part-1", "part-2"):
        event = events[f"meeting-{meeting.id}-{part}"]
        assert str(event["STATUS"]) == "CANCELLED" and event.decoded("SEQUENCE") == 1
        assert "위원 정족수 미달" in str(event["DESCRIPTION"])


@pytest.mark.parametrize("url", ["/meetings.ics", "/feed.atom"])
def test_feeds_answer_not_modified_to_a_matching_etag(app_ctx, client, url):
    factories.meeting(published=True)
    db.session.commit()
    first = client.get(url)
    assert first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_no_private_data_in_the_feeds(app_ctx, client):
    world = open_data.build()
    for url in ("/meetings.ics", f"/committees/{db.session.get(Meeting, world.public_meeting_id).committee_id}"
                "/meetings.ics", "/feed.atom"):
        text = client.get(url).get_data(as_text=True)
        for secret in world.hidden_texts + world.secrets:
            assert secret not in text
