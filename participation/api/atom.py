"""The Atom feed (RFC 4287, written with `feedgen`): what became public lately, newest first.

Three kinds of entry: a meeting published (updated again when it is postponed or cancelled), a version
of a meeting's record (version 1 when it is finalized, then each correction), and a task's status change.
Links are absolute; the data licence is the feed's `rights` and a `license` link (RFC 4946). Only what
the public pages show: a draft meeting never appears, nor the record of one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from flask import current_app, url_for
from flask_babel import gettext as _

from participation.api.calendars import revised_at
from participation.core.i18n import current_language
from participation.meetings import queries
from participation.meetings.models import MeetingState, Task
from participation.record import reading

SIZE = 50  # entries in the feed
EPOCH = datetime(2016, 1, 1, tzinfo=timezone.utc)  # the feed's `updated` while it has no entry


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    updated: datetime
    summary: str
    published: datetime | None = None


def _day(moment: datetime) -> str:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def meeting_entries() -> list[Entry]:
    """One entry per public meeting, dated by its last public change."""
    listing = queries.home_listing()
    entries = []
    for meeting in listing.live + listing.upcoming + listing.past:
        link = url_for("meetings.meeting", meeting_id=meeting.id, _external=True)
        facts = [f"{meeting.committee.name}: {_day(meeting.starts_at)}", meeting.place, meeting.state.label]
        if meeting.state is MeetingState.CANCELLED and meeting.cancellation is not None:
            facts.append(meeting.cancellation.reason)
        entries.append(Entry(link, _("Meeting: %(title)s", title=meeting.title), link, revised_at(meeting),
                             " · ".join(str(f) for f in facts if f), meeting.published_at))
    return entries


def record_entries() -> list[Entry]:
    """One entry per version of a public meeting's record (the newest SIZE)."""
    entries = []
    for version in reading.newest_public_versions(SIZE):
        meeting = version.record.meeting
        link = url_for("record.show", meeting_id=meeting.id, version=version.number, _external=True)
        title = _("Record of %(title)s, version %(number)s", title=meeting.title, number=version.number)
        entries.append(Entry(link, title, link, version.created_at, version.change_note or title))
    return entries


def task_entries() -> list[Entry]:
    """One entry per status change of a plan task (the newest SIZE), its first status (the task's entry into
    the plan) left out; tasks and their history are public."""
    entries = []
    for change in queries.newest_status_changes(SIZE):
        task: Task = change.task
        link = url_for("feedback.task", code=task.code, _external=True)
        title = _("Task %(code)s %(title)s: %(status)s", code=task.code, title=task.title, status=change.status.label)
        entries.append(Entry(f"{link}#status-{change.id}", title, link, change.created_at,
                             f"{change.changed_on.isoformat()} · {change.reason}" if change.reason
                             else change.changed_on.isoformat()))
    return entries


def latest(entries: list[Entry]) -> list[Entry]:
    """The newest SIZE entries, newest first."""
    return sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:SIZE]


def feed_of(entries: list[Entry]) -> bytes:
    """The Atom document of `entries` (newest first)."""
    licence = current_app.config["DATA_LICENCE"]
    feed = FeedGenerator()
    self_link = url_for("feeds.atom_feed", _external=True)
    feed.id(self_link)
    feed.title(_("Open Session: meetings, records and tasks"))
    feed.author(name=_("Open Session"))
    feed.link(href=self_link, rel="self", type="application/atom+xml")
    feed.link(href=url_for("meetings.home", _external=True), rel="alternate", type="text/html")
    feed.link(href=licence["url"], rel="license")
    feed.rights(f"{licence['name']} ({licence['id']}): {licence['url']}")
    feed.language(current_language())
    feed.updated(entries[0].updated if entries else EPOCH)
    for item in entries:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.updated(item.updated)
        if item.published is not None:
            entry.published(item.published)
        entry.summary(item.summary)
    return feed.atom_str(pretty=True)
