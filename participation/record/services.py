"""Use cases of the record: importing minutes into entries (more to come). Never commit; the caller does."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.record import importer, policies
from participation.record.importer import ParsedEntry, ParsedMinutes
from participation.record.kinds import EntryType
from participation.record.models import Record, RecordEntry


@dataclass(frozen=True)
class Confirmation:
    """The secretary's answer to one proposed decision: its type and, for an action item, its deadline."""

    proposal: int
    type: EntryType
    deadline: date | None = None


def record_of(meeting: Meeting) -> Record:
    """The meeting's record, created on first use."""
    record = db.session.scalar(sa.select(Record).where(Record.meeting_id == meeting.id))
    if record is None:
        record = Record(meeting_id=meeting.id)
        db.session.add(record)
        db.session.flush()
    return record


def check_editable(meeting: Meeting) -> None:
    if not policies.takes_edits(meeting):
        raise ServiceError(_l("The record of this meeting is final: a correction makes a new version."),
                           code="closed")


def preview_import(meeting: Meeting, data: bytes) -> ParsedMinutes:
    """The minutes read, for the secretary to check before saving; nothing is stored."""
    check_editable(meeting)
    return importer.parse(importer.decode(data))


def _decision(parsed: ParsedMinutes, confirmation: Confirmation) -> ParsedEntry:
    if not 0 <= confirmation.proposal < len(parsed.proposals):
        raise ServiceError(_l("That decision was not proposed."), field="proposal")
    proposal = parsed.proposals[confirmation.proposal]
    if confirmation.type not in (EntryType.RESOLUTION, EntryType.ELECTION, EntryType.APPOINTMENT,
                                 EntryType.ACTION):
        raise ServiceError(_l("Choose the kind of decision."), field="type")
    deadline = confirmation.deadline.isoformat() if confirmation.deadline else proposal.deadline
    return ParsedEntry(confirmation.type, proposal.text, outcome=proposal.outcome,
                       pages=proposal.pages if confirmation.type is EntryType.ACTION else "",
                       deadline=deadline if confirmation.type is EntryType.ACTION else None)


def _with_decisions(parsed: ParsedMinutes, confirmations: list[Confirmation]) -> list[ParsedEntry]:
    """The entries, each confirmed decision placed right after the statement or section it came from."""
    after: dict[int, list[ParsedEntry]] = {}
    for confirmation in confirmations:
        decision = _decision(parsed, confirmation)
        after.setdefault(parsed.proposals[confirmation.proposal].entry, []).append(decision)
    ordered: list[ParsedEntry] = []
    for index, entry in enumerate(parsed.entries):
        ordered.append(entry)
        ordered.extend(after.get(index, []))
    return ordered


def _row(entry: ParsedEntry, position: int) -> RecordEntry:
    return RecordEntry(position=position, type=entry.type, text=entry.text, level=entry.level,
                       speaker_label=entry.speaker, answer=entry.answer, outcome=entry.outcome,
                       deadline=date.fromisoformat(entry.deadline) if entry.deadline else None,
                       pages=entry.pages)


def import_minutes(meeting: Meeting, parsed: ParsedMinutes, confirmations: list[Confirmation] = ()) -> Record:
    """Save the parsed minutes as the record's entries, with the confirmed decisions. The record must have
    no entries yet (an import never mixes with entries written by hand)."""
    check_editable(meeting)
    record = record_of(meeting)
    if record.entries:
        raise ServiceError(_l("The record already has entries: an import starts an empty record."),
                           code="conflict")
    entries = _with_decisions(parsed, list(confirmations))
    record.entries.extend(_row(entry, position) for position, entry in enumerate(entries, start=1))
    if parsed.overview.get("참석") and not record.attendance:
        record.attendance = parsed.overview["참석"][:500]
    db.session.flush()
    return record
