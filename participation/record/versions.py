"""Finalizing a record, correcting it, and comparing its versions. Never commit; the caller does.

Finalizing freezes the record: version 1 stores the canonical JSON of the whole public document (the
entries and the citizens' part) with its SHA-256, and the meeting moves to `record_final` through the one
state path (`move_meeting`), which closes the comments. From then on the entries change only by
`correct`, which makes the next version with a change note. A correction takes the citizens' part of the
version before it (comments, replies and figures stay as they were when the record was finalized); only
the members' written opinions are read again, since they are taken until the action items' deadline.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from participation.comments import queries as comment_queries
from participation.comments.models import Comment
from participation.core.db import utcnow
from participation.core.services import ServiceError, checked_text, require
from participation.extensions import db
from participation.meetings.locks import lock_meeting
from participation.meetings.models import Meeting, MeetingState
from participation.meetings.services import move_meeting
from participation.record import exports, policies, services
from participation.record.kinds import DECISION_TYPES, EntryType
from participation.record.models import OUTCOME_MAX, SPEAKER_MAX, TEXT_MAX, Record, RecordEntry, RecordVersion

NOTE_MAX = 500
ATTENDANCE_MAX = 500


def waiting_comments(meeting: Meeting) -> list[Comment]:
    """The meeting's comments a moderator has still to decide: pending, hidden for a second look, and
    approved ones with an undecided report. Finalizing waits for them (the snapshot would freeze them)."""
    waiting = {c.id: c for c in comment_queries.pending_queue(meeting.id) + comment_queries.reported_queue(meeting.id)}
    return sorted(waiting.values(), key=lambda c: (c.created_at, c.id))


def _add_version(record: Record, document: dict, actor, note: str, now: datetime | None) -> RecordVersion:
    snapshot = exports.canonical_json(document)
    version = RecordVersion(number=len(record.versions) + 1, snapshot=snapshot, sha256=exports.sha256(snapshot),
                            change_note=note, created_by_id=actor.id if actor is not None else None,
                            created_at=now or utcnow())
    record.versions.append(version)
    db.session.flush()
    return version


def finalize(meeting: Meeting, actor, now: datetime | None = None) -> RecordVersion:
    """Freeze the record as version 1 and move the meeting to `record_final` (comments close). The
    meeting's row is locked first (`meetings/locks.py`): a comment submitted at the same moment either
    lands before the check below, which then refuses, or waits and finds the comments closed."""
    lock_meeting(meeting)
    if meeting.state is not MeetingState.CLOSED:
        raise ServiceError(_l("Only the record of a closed meeting can be finalized."), code="conflict")
    require(policies.may_finalize(actor, meeting), actor,
            _l("Only the secretary serving this committee finalizes its records."))
    waiting = waiting_comments(meeting)
    if waiting:
        raise ServiceError(_l("Comments of this meeting still waiting for a moderator's decision: %(n)s. The record "
                              "can be finalized once every one is decided.", n=len(waiting)), code="pending")
    record = services.record_of(meeting)
    if not record.entries:
        raise ServiceError(_l("The record has no entries yet: write or import the proceedings first."),
                           code="empty")
    version = _add_version(record, exports.document(record), actor, "", now)
    move_meeting(meeting, MeetingState.RECORD_FINAL, now)
    return version


KEEP = "keep"


@dataclass(frozen=True)
class EntryChange:
    """The secretary's corrected values of one entry (None, or KEEP for the deadline: left as it is; a
    deadline of None clears it); `remove` takes the entry out."""

    entry_id: int
    text: str | None = None
    speaker: str | None = None
    outcome: str | None = None
    deadline: date | None | str = KEEP
    remove: bool = False


def _same(value: str | None, current: str | None) -> bool:
    return value is None or value.replace("\r\n", "\n").strip() == (current or "").strip()


def _apply(entry: RecordEntry, change: EntryChange) -> None:
    """Apply one change, checking only the values that differ (an imported text is not checked again)."""
    if not _same(change.text, entry.text):
        entry.text = checked_text(change.text.replace("\r\n", "\n"), f"text_{entry.id}", TEXT_MAX,
                                  empty_message=_l("An entry needs its text (remove it instead)."))
    if entry.type is EntryType.STATEMENT and entry.speaker_id is None and not _same(change.speaker, entry.speaker_label):
        entry.speaker_label = checked_text(change.speaker, f"speaker_{entry.id}", SPEAKER_MAX, name=True) or None
    if entry.type in DECISION_TYPES and not _same(change.outcome, entry.outcome):
        entry.outcome = checked_text(change.outcome, f"outcome_{entry.id}", OUTCOME_MAX)
    if entry.type is EntryType.ACTION and change.deadline != KEEP:
        entry.deadline = change.deadline


def _remove(record: Record, removed: list[RecordEntry]) -> None:
    """Take entries out and close the gaps in the positions, one row at a time (the positions are
    unique, and moving each entry down into a freed place never meets another)."""
    if len(removed) == len(record.entries):
        raise ServiceError(_l("A correction cannot remove every entry."), code="invalid")
    for entry in removed:
        record.entries.remove(entry)
    db.session.flush()
    for position, entry in enumerate(sorted(record.entries, key=lambda e: e.position), start=1):
        if entry.position != position:
            entry.position = position
            db.session.flush()


def _with_frozen_citizens(document: dict, previous: dict) -> dict:
    """The new document with the previous version's citizens' part, the written opinions read anew."""
    opinions = {item["item_id"]: item["opinions"] for item in document["citizens"]["items"]}
    citizens = json.loads(json.dumps(previous["citizens"]))
    for item in citizens["items"]:
        item["opinions"] = opinions.get(item["item_id"], [])
    return {**document, "citizens": citizens}


def correct(meeting: Meeting, actor, note, changes: list[EntryChange], attendance: str | None = None,
            now: datetime | None = None) -> RecordVersion:
    """Make the next version of a final record: the changed entries, the required change note. The
    meeting's row is locked first, so two corrections at once make versions one after the other."""
    lock_meeting(meeting)
    require(policies.may_correct(actor, meeting), actor,
            _l("Only the secretary serving this committee corrects its final records."))
    note = checked_text(note, "change_note", NOTE_MAX, empty_message=_l("Say what the correction changes."))
    record = services.record_of(meeting)
    previous = record.current_version
    if previous is None:
        raise ServiceError(_l("The record has no version yet: finalize it first."), code="conflict")
    entries = {entry.id: entry for entry in record.entries}
    removed = []
    for change in changes:
        entry = entries.get(change.entry_id)
        if entry is None:
            raise ServiceError(_l("That entry is not part of this record."), field="entries")
        if change.remove:
            removed.append(entry)
        else:
            _apply(entry, change)
    if removed:
        _remove(record, removed)
    if attendance is not None and not _same(attendance, record.attendance):
        record.attendance = checked_text(attendance, "attendance", ATTENDANCE_MAX)
    db.session.flush()
    document = _with_frozen_citizens(exports.document(record), snapshot_of(previous))
    if exports.canonical_json(document) == previous.snapshot:
        raise ServiceError(_l("Nothing changed: a correction changes at least one entry."), code="unchanged")
    return _add_version(record, document, actor, note, now)


# --- Reading versions ---------------------------------------------------------------------------------------

def version_of(record: Record | None, number: int | None = None) -> RecordVersion | None:
    """The version with that number (the current one when None); None when there is no such version."""
    if record is None or not record.versions:
        return None
    if number is None:
        return record.versions[-1]
    return next((v for v in record.versions if v.number == number), None)


def snapshot_of(version: RecordVersion) -> dict:
    """The frozen document of a version, exactly as it was hashed."""
    return json.loads(version.snapshot)


@dataclass(frozen=True)
class DiffLine:
    """One line of a comparison: `kind` is "added", "removed" or "same" (a run of `count` unchanged
    lines); `part` says what the line is ("entry", "attendance", "opinion"), `data` its content."""

    kind: str
    part: str = ""
    data: dict | None = None
    count: int = 0


def _lines(document: dict) -> list[tuple[str, str, dict]]:
    """The comparable lines of a document: each entry, the attendance, each written opinion."""
    lines = [("attendance", {"text": document.get("attendance", "")})]
    lines += [("entry", entry) for entry in document["entries"]]
    for item in document["citizens"]["items"]:
        lines += [("opinion", {**opinion, "item_title": item["title"]}) for opinion in item["opinions"]]
    return [(exports.canonical_json({"part": part, **data}), part, data) for part, data in lines]


def diff(older: dict, newer: dict) -> list[DiffLine]:
    """What changed from one version's document to another's, line by line (difflib over the canonical
    lines): removed lines before the added ones that replace them, unchanged runs counted."""
    before, after = _lines(older), _lines(newer)
    matcher = difflib.SequenceMatcher(a=[key for key, _, _ in before], b=[key for key, _, _ in after],
                                      autojunk=False)
    out: list[DiffLine] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            out.append(DiffLine("same", count=a1 - a0))
            continue
        out += [DiffLine("removed", part, data) for _, part, data in before[a0:a1]]
        out += [DiffLine("added", part, data) for _, part, data in after[b0:b1]]
    return out
