"""The iCalendar feeds (RFC 5545, written with the `icalendar` library): a committee's or every committee's
public meetings.

A meeting with an online open session is two events, part 1 (the official session) and part 2; one
without is one event. Times are in the site's zone (Asia/Seoul, with its VTIMEZONE). Each event's UID is
fixed by the meeting's id and part, so a subscribed calendar updates the event when the meeting is
postponed (the new time, SEQUENCE one up, the reason in the description) or cancelled (STATUS:CANCELLED)
instead of adding another. The feed holds the meetings ahead and those of the past year: a meeting that
dropped out of the feed once held would vanish from its subscribers' calendars.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from flask import current_app, request, url_for
from flask_babel import gettext as _

from participation.core.db import utcnow
from participation.meetings import policies
from participation.meetings.models import Meeting, MeetingState

KEPT_FOR = timedelta(days=365)  # how long a held meeting stays in the feed


def revised_at(meeting: Meeting) -> datetime:
    """When the public facts of the meeting last changed: published, postponed or cancelled."""
    moments = [meeting.published_at or meeting.created_at, *(p.created_at for p in meeting.postponements)]
    if meeting.cancellation is not None:
        moments.append(meeting.cancellation.created_at)
    return max(moments)


def in_feed(meetings: list[Meeting], now: datetime | None = None) -> list[Meeting]:
    """The public meetings the feed lists (ahead, or started within KEPT_FOR), soonest first."""
    since = (now or utcnow()) - KEPT_FOR
    return sorted((m for m in meetings if policies.is_public(m) and m.starts_at >= since),
                  key=lambda m: (m.starts_at, m.id))


def _parts(meeting: Meeting) -> list[tuple[str, str | None, datetime, datetime | None]]:
    """(UID suffix, name of the part, start, end) of each event of the meeting."""
    first = (meeting.part1_starts_at or meeting.starts_at, meeting.part1_ends_at)
    if not policies.has_part_2(meeting):
        return [("", None, *first)]
    return [("-part-1", _("Part 1: official session"), *first),
            ("-part-2", _("Part 2: online open session"), meeting.part2_starts_at, meeting.part2_ends_at)]


def _links(meeting: Meeting) -> tuple[str, str | None]:
    page = url_for("meetings.meeting", meeting_id=meeting.id, _external=True)
    live = url_for("live.live_page", meeting_id=meeting.id, _external=True) if policies.has_part_2(meeting) else None
    return page, live


def _description(meeting: Meeting, zone: ZoneInfo) -> str:
    page, live = _links(meeting)
    lines = [meeting.summary] if meeting.summary else []
    if meeting.cancellation is not None:
        lines.append(_("Cancelled: %(reason)s", reason=meeting.cancellation.reason))
    for postponement in meeting.postponements:
        lines.append(_("Postponed from %(moment)s: %(reason)s", reason=postponement.reason,
                       moment=postponement.previous_starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")))
    if live:
        lines.append(_("Live page: %(url)s", url=live))
    lines.append(_("Meeting page: %(url)s", url=page))
    return "\n\n".join(lines)


def events_of(meeting: Meeting, zone: ZoneInfo) -> list[icalendar.Event]:
    """The meeting's VEVENTs."""
    page, live = _links(meeting)
    stamp = revised_at(meeting)
    sequence = len(meeting.postponements) + (1 if meeting.state is MeetingState.CANCELLED else 0)
    events = []
    for suffix, part, start, end in _parts(meeting):
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.id}{suffix}@{request.host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", sequence)
        event.add("summary", f"{meeting.title} · {part}" if part else meeting.title)
        event.add("dtstart", start.astimezone(zone))
        if end is not None:
            event.add("dtend", end.astimezone(zone))
        if meeting.place:
            event.add("location", meeting.place)
        event.add("url", live or page)
        event.add("description", _description(meeting, zone))
        event.add("status", "CANCELLED" if meeting.state is MeetingState.CANCELLED else "CONFIRMED")
        events.append(event)
    return events


def calendar_of(meetings: list[Meeting], name: str) -> bytes:
    """The feed of `meetings` (already chosen by `in_feed`) named `name`."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    licence = current_app.config["DATA_LICENCE"]
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Open Session//Meetings//KO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone.key)
    calendar.add("x-wr-caldesc", _("Open data under %(licence)s: %(url)s", licence=licence["name"],
                                   url=licence["url"]))
    for meeting in meetings:
        for event in events_of(meeting, zone):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
