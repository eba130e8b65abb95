"""The audit trail (`meetings/audit.py`) as its readers see it: each event worded in the reader's language.

The versions page shows a meeting's record changes with the committee's seat changes (the seats decide
who writes and reads the record), to those `policies.may_see_record_audit` lets see who did what; the
seats page shows the committee's seat changes to those who keep the seats.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.core.templating import format_day
from participation.meetings import audit
from participation.meetings.audit import AuditAction, AuditEvent
from participation.meetings.models import Meeting, SeatRole
from participation.record.kinds import EntryType

# The changed fields an event names, by their labels in the editor's forms.
FIELD_LABELS = {
    "type": _l("Kind of entry"), "text": _l("Text"), "level": _l("Heading level"), "speaker_id": _l("Speaker"),
    "speaker_label": _l("Speaker"), "answer": _l("An answer (▷)"), "agenda_item_id": _l("Agenda item"),
    "outcome": _l("Outcome"), "deadline": _l("Deadline"), "pages": _l("Pages"), "attendance": _l("Attendance"),
    "anonymize_members": _l("Show committee members' statements as ○○○"),
}


@dataclass(frozen=True)
class HistoryLine:
    """One event ready to print: when, by whom (None: unknown), what kind of change, and what it changed."""

    created_at: datetime
    actor: str | None
    action: str
    what: str
    meeting_id: int | None


def _day(value: str | None) -> str:
    return format_day(date.fromisoformat(value)) if value else ""


def _fields(names: list[str]) -> str:
    return ", ".join(dict.fromkeys(str(FIELD_LABELS.get(name, name)) for name in names))


def _entry(details: dict) -> str:
    return _("Entry %(n)s (%(kind)s)", n=details.get("position"), kind=EntryType(details["type"]).label)


def _seat(details: dict) -> str:
    seat = SeatRole(details["seat"]).label
    title = f" · {details['title']}" if details.get("title") else ""
    return f"{details.get('person', '')}: {seat}{title}"


def describe(event: AuditEvent) -> str:
    """What the event changed, as a sentence of the reader's language."""
    d, action = event.details or {}, event.action
    if action is AuditAction.SEAT_ADDED:
        if d.get("ends_on"):
            return _("%(seat)s, from %(start)s to %(end)s", seat=_seat(d), start=_day(d["starts_on"]),
                     end=_day(d["ends_on"]))
        return _("%(seat)s, from %(start)s", seat=_seat(d), start=_day(d["starts_on"]))
    if action is AuditAction.SEAT_ENDED:
        return _("%(seat)s, last day %(day)s", seat=_seat(d), day=_day(d.get("ends_on")))
    if action is AuditAction.ENTRY_EDITED:
        return f"{_entry(d)}: {_fields(d.get('fields', []))}"
    if action is AuditAction.ENTRY_MOVED:
        return _("%(entry)s, moved from position %(n)s", entry=_entry(d), n=d.get("moved_from"))
    if action is AuditAction.MINUTES_IMPORTED:
        return _("%(entries)s entries, %(decisions)s of them decisions confirmed in the preview",
                 entries=d.get("entries", 0), decisions=d.get("decisions", 0))
    if action is AuditAction.SETTINGS_CHANGED:
        shown = _("members' statements as ○○○") if d.get("anonymize_members") else _("members' statements by name")
        return _("%(fields)s (now: %(policy)s)", fields=_fields(d.get("fields", [])), policy=shown)
    return _entry(d)  # added, deleted


def _lines(events: list[AuditEvent]) -> list[HistoryLine]:
    return [HistoryLine(e.created_at, e.actor.public_name if e.actor else None, e.action.label, describe(e),
                        e.meeting_id) for e in events]


def of_meeting(meeting: Meeting) -> list[HistoryLine]:
    """The meeting's record changes and its committee's seat changes, newest first."""
    return _lines(audit.trail(meeting.committee_id, meeting.id))


def of_committee(committee_id: int) -> list[HistoryLine]:
    """The committee's seat changes, newest first."""
    return _lines(audit.trail(committee_id))
