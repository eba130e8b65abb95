"""The public forms of a record: a canonical document (the JSON export and the hash of a version) and
Markdown. Every public form goes through `public_entry`, which applies the anonymization policy.

Members' statements show as `○○○` when the record anonymizes them (the reference minutes' practice),
else by the member's display name; everybody else by the label the secretary wrote (officials by
their title). Names inside decisions are public acts and stay as written.
"""
from __future__ import annotations

import hashlib
import json

from participation.record import markdown
from participation.record.kinds import DECISION_TYPES, EntryType
from participation.record.models import Record, RecordEntry

ANONYMOUS = "○○○"
SCHEMA_VERSION = 1


def public_speaker(entry: RecordEntry, anonymize: bool) -> str | None:
    """The speaker as every public form of the record shows it."""
    if entry.speaker_id is not None and entry.speaker is not None:
        return ANONYMOUS if anonymize else entry.speaker.display_name
    return entry.speaker_label


def public_entry(entry: RecordEntry, anonymize: bool) -> dict:
    """One entry of the JSON export (documented in docs/record.md)."""
    data: dict = {"type": entry.type.value, "text": entry.text, "item_id": entry.agenda_item_id}
    if entry.type is EntryType.SECTION:
        data["level"] = entry.level or 2
    if entry.type is EntryType.STATEMENT:
        data["speaker"] = public_speaker(entry, anonymize)
        data["answer"] = entry.answer
    if entry.type in DECISION_TYPES:
        data["outcome"] = entry.outcome
        if entry.type is EntryType.ACTION:
            data["deadline"] = entry.deadline.isoformat() if entry.deadline else None
            data["pages"] = entry.pages
    return data


def document(record: Record) -> dict:
    """The record's content as a plain document, the same for the same entries (no clocks, no ids of rows)."""
    meeting = record.meeting
    return {
        "schema": SCHEMA_VERSION,
        "meeting": {"id": meeting.id, "committee": meeting.committee.name, "number": meeting.number,
                    "title": meeting.title, "starts_at": meeting.starts_at.isoformat(), "place": meeting.place},
        "attendance": record.attendance,
        "anonymize_members": record.anonymize_members,
        "entries": [public_entry(entry, record.anonymize_members) for entry in record.entries],
    }


def canonical_json(data: dict) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text as is: equal documents give equal bytes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Public:
    """An entry as the Markdown export writes it: the speaker already anonymized."""

    def __init__(self, entry: RecordEntry, anonymize: bool):
        self.type, self.text, self.level, self.answer = entry.type, entry.text, entry.level, entry.answer
        self.outcome, self.pages = entry.outcome, entry.pages
        self.deadline = entry.deadline.isoformat() if entry.deadline else None
        self.speaker = public_speaker(entry, anonymize)


def to_markdown(record: Record) -> str:
    """The record as Markdown of the minutes' shape (it re-imports to the same entries)."""
    meeting = record.meeting
    overview = {"일시": meeting.starts_at.isoformat(), "장소": meeting.place}
    if record.attendance:
        overview["참석"] = record.attendance
    return markdown.to_markdown([_Public(entry, record.anonymize_members) for entry in record.entries],
                                title=f"{meeting.committee.name} {meeting.title}", overview=overview)
