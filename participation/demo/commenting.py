"""Writing the demo's comments (comments.py) through the comment services, each at its own moment.

The seed takes a meeting through its states one step at a time, as a secretary would; in each state that
takes comments it calls `write_phase`, which writes the comments of that state's phase (before the meeting
while it is published, after it once it is closed): submitted by a demo citizen or a guest, decided by the
demo moderator, voted agree (공감) by demo citizens, answered by the demo member, every step dated by the data.
Each participant accepts the consent text (comments/consents.py) with their first comment, dated with it.

The comment rate limits count real seconds, against floods of live traffic; the demo's comments are spread
over weeks (their dates) but written here within a second, so `write_phase` suspends the limits
(`RATELIMIT_ENABLED`, config.py) while it writes. Every other rule of the services holds.
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from flask import current_app

from participation.accounts.models import User
from participation.comments import consents
from participation.comments import policies as comment_policies
from participation.comments import services as comments
from participation.comments.models import Phase, VoteChoice
from participation.meetings.models import AgendaItem, Meeting

SEOUL = timezone(timedelta(hours=9), "KST")
MODERATOR, MEMBER = "moderator@example.org", "member@example.org"
DECIDED_AFTER = timedelta(minutes=40)  # how long a comment waits for the demo moderator


@dataclass(frozen=True)
class Timeline:
    """Where a meeting's comment dates count from (`day`, a Seoul date), and the moment by which all that
    happens to them has happened (`until`: the record's finalizing, or the loading of the demo)."""

    day: date
    until: datetime

    def moment(self, at: tuple[int, str]) -> datetime:
        """`at` is `(days, "HH:MM")`: Seoul time on the day `days` from `day`."""
        days, clock = at
        hour, minute = (int(part) for part in clock.split(":"))
        return datetime.combine(self.day + timedelta(days=days), time(hour, minute), tzinfo=SEOUL)


def account_email(key: str) -> str:
    """The e-mail of a demo account key (`citizen3` → citizen3@example.org)."""
    return f"{key}@example.org"


def guest_id(nickname: str) -> str:
    """A stable guest id per nickname (32 hex digits, like a browser's): one guest, one participant."""
    return hashlib.sha256(f"demo-guest:{nickname}".encode()).hexdigest()[:32]


@contextmanager
def _rate_limits_suspended():
    config = current_app.config
    previous = config.get("RATELIMIT_ENABLED", True)
    config["RATELIMIT_ENABLED"] = False
    try:
        yield
    finally:
        config["RATELIMIT_ENABLED"] = previous


def write_phase(meeting: Meeting, key: str, entries: list[dict], items: list[AgendaItem], users: dict[str, User],
                timeline: Timeline) -> int:
    """Write, in time order, the entries whose phase is the one the meeting's state gives now (none when
    it takes no comments); returns how many. `key` is the meeting's key in the data, `users` the demo
    accounts by e-mail."""
    phase = comment_policies.phase_of(meeting)
    due = sorted(((timeline.moment(entry["at"]), number, entry) for number, entry in enumerate(entries)
                  if phase is not None and Phase(entry["phase"]) is phase), key=lambda row: (row[0], row[1]))
    with _rate_limits_suspended():
        for at, number, entry in due:
            _write(f"demo-{key}-{number}", at, items[entry["item"]], entry, users, timeline)
    return len(due)


def _submitter(entry: dict, users: dict[str, User]) -> comments.Submitter:
    if "guest" in entry:
        return comments.Submitter(guest_id=guest_id(entry["guest"]), nickname=entry["guest"])
    return comments.Submitter(user=users[account_email(entry["author"])])


def _write(client_key: str, at: datetime, item: AgendaItem, entry: dict, users: dict[str, User],
           timeline: Timeline) -> None:
    # Each demo participant agrees to the consent text with their first comment, as the forms ask.
    comment, _ = comments.submit(item, _submitter(entry, users), body=entry["body"], stance=entry["stance"],
                                 client_key=client_key, now=at, consent=consents.CONSENT_VERSION)
    if entry["outcome"] == "pending":
        return
    moderator, decided = users[MODERATOR], at + DECIDED_AFTER
    if entry["outcome"] == "rejected":
        comments.reject(comment, moderator, reason=entry["reason"], note=entry["note"], now=decided)
        return
    comments.approve(comment, moderator, now=decided)
    agreed = entry.get("agreed", [])  # the citizens whose vote is agree
    for number, account in enumerate(agreed, start=1):  # spread evenly until the timeline ends
        comments.vote(comment, comments.Submitter(user=users[account_email(account)]), VoteChoice.AGREE,
                      now=decided + (timeline.until - decided) * number / (len(agreed) + 1))
    for reply in entry.get("replies", []):
        comments.post_reply(comment, users[MEMBER], reply["body"], now=timeline.moment(reply["at"]))
