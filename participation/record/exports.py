"""The public forms of a record: a canonical document (the JSON export and the hash of a version) and
Markdown. Every public form goes through `public_entry`, which applies the anonymization policy.

Members' statements show as `○○○` when the record anonymizes them (the reference minutes' practice),
else by the member's display name; everybody else by the label the secretary wrote (officials by
their title). Names inside decisions are public acts and stay as written.
"""
from __future__ import annotations

import hashlib
import json
from zoneinfo import ZoneInfo

from participation.record import citizens, citizens_markdown, markdown
from participation.record.kinds import DECISION_TYPES, EntryType
from participation.record.models import Record, RecordEntry, RecordVersion

ANONYMOUS = citizens.ANONYMOUS
SCHEMA_VERSION = 1


def public_speaker(entry: RecordEntry, anonymize: bool) -> str | None:
    """The speaker as every public form of the record shows it."""
    if entry.speaker_id is not None and entry.speaker is not None:
        return ANONYMOUS if anonymize else entry.speaker.document_name
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
    """The record's content as a plain document: the overview, the entries, the citizens' part. The same
    content gives the same document (no clocks, no row ids but those of items and comments)."""
    meeting = record.meeting
    return {
        "schema": SCHEMA_VERSION,
        "meeting": {"id": meeting.id, "committee": meeting.committee.name, "number": meeting.number,
                    "title": meeting.title, "starts_at": meeting.starts_at.isoformat(), "place": meeting.place},
        "attendance": record.attendance,
        "anonymize_members": record.anonymize_members,
        "entries": [public_entry(entry, record.anonymize_members) for entry in record.entries],
        "citizens": citizens.citizens_part(meeting, record_id=record.id, anonymize=record.anonymize_members),
    }


def canonical_json(data: dict) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text as is: equal documents give equal bytes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Written:
    """An entry of the document as the Markdown export writes it (the speaker already as public)."""

    def __init__(self, data: dict):
        self.type, self.text, self.level = EntryType(data["type"]), data["text"], data.get("level")
        self.answer, self.speaker = data.get("answer", False), data.get("speaker")
        self.outcome, self.pages, self.deadline = data.get("outcome", ""), data.get("pages", ""), data.get("deadline")


def stamp(version: RecordVersion | None) -> dict:
    """The top-level keys the exports add to the document: which version, its hash, when it was made
    (all None for a draft). The hash is that of the version's snapshot, i.e. of the document without them."""
    if version is None:
        return {"version": None, "sha256": None, "finalized_at": None}
    return {"version": version.number, "sha256": version.sha256, "finalized_at": version.created_at.isoformat()}


def json_of_document(doc: dict, version: RecordVersion | None = None) -> str:
    """The JSON export: the document with `stamp(version)` at the top level, canonical."""
    return canonical_json({**doc, **stamp(version)})


def markdown_of_document(doc: dict, version: RecordVersion | None = None, *, time_zone: str = "Asia/Seoul") -> str:
    """The Markdown export of a document (a version's snapshot or the live draft): the proceedings in the
    minutes' shape (they re-import to the same entries), then, after `markdown.END_OF_PROCEEDINGS`,
    the citizens' part. Reads nothing but its arguments: a version gives the same bytes every time."""
    meeting, zone = doc["meeting"], ZoneInfo(time_zone)
    overview = {"일시": citizens_markdown.moment(meeting["starts_at"], zone), "장소": meeting["place"]}
    if doc.get("attendance"):
        overview["참석"] = doc["attendance"]
    if version is not None:
        overview |= {"회의록 버전": str(version.number), "확정": citizens_markdown.moment(
            stamp(version)["finalized_at"], zone), "SHA-256": version.sha256}
    appendix = citizens_markdown.to_markdown(doc["citizens"], time_zone) if doc.get("citizens") else ""
    return markdown.to_markdown([_Written(entry) for entry in doc["entries"]],
                                title=f"{meeting['committee']} {meeting['title']}", overview=overview,
                                appendix=appendix)


def to_markdown(record: Record, *, time_zone: str = "Asia/Seoul") -> str:
    """The live record as Markdown of the minutes' shape (it re-imports to the same entries)."""
    return markdown_of_document(document(record), time_zone=time_zone)
