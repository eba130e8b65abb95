"""Use cases of the record: importing minutes into entries, and the secretary's editor (adding, rewriting,
reordering and deleting entries; the record's settings). Each change that stores something goes into the
committee's audit trail (`meetings/audit.py`) with its meeting and who made it. Never commit; the caller
does."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from participation.accounts.models import User
from participation.core.services import NotFound, ServiceError, checked_text, is_id, is_whole_number, require
from participation.extensions import db
from participation.meetings import audit, membership
from participation.meetings.models import AgendaItem, Meeting, MeetingState, SeatRole
from participation.record import importer, policies
from participation.record.importer import ParsedMinutes
from participation.record.kinds import DECISION_TYPES, EntryType, ParsedEntry
from participation.record.models import OUTCOME_MAX, SPEAKER_MAX, TEXT_MAX, Record, RecordEntry


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


def _log(action: audit.AuditAction, actor, meeting: Meeting, **details) -> None:
    audit.log(action, actor, committee_id=meeting.committee_id, meeting_id=meeting.id, **details)


def _facts(entry: RecordEntry) -> dict:
    """What the trail keeps of an entry: its id, place and kind (the text is the record's own)."""
    return {"entry_id": entry.id, "position": entry.position, "type": entry.type.value}


def _assign(row, values: dict) -> list[str]:
    """Set on `row` the values that differ from its own; the names of those that changed."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


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


def import_minutes(meeting: Meeting, parsed: ParsedMinutes, confirmations: list[Confirmation] = (), *,
                   actor=None) -> Record:
    """Save the parsed minutes as the record's entries, with the confirmed decisions. The record must have
    no entries yet (an import never mixes with entries written by hand). `actor` goes into the trail."""
    check_editable(meeting)
    record = record_of(meeting)
    if record.entries:
        raise ServiceError(_l("The record already has entries: an import starts an empty record."),
                           code="conflict")
    confirmations = list(confirmations)
    entries = _with_decisions(parsed, confirmations)
    record.entries.extend(_row(entry, position) for position, entry in enumerate(entries, start=1))
    if parsed.overview.get("참석") and not record.attendance:
        record.attendance = parsed.overview["참석"][:500]
    db.session.flush()
    _log(audit.AuditAction.MINUTES_IMPORTED, actor, meeting, entries=len(entries),
         decisions=len(confirmations))
    return record


# --- Writing the record: the serving secretary's editor (editor_views.py) --------------------------------

PAGES_MAX = 20
ATTENDANCE_MAX = 500
LEVEL_DEFAULT = 2


@dataclass(frozen=True)
class EntryFields:
    """What the secretary writes for an entry. The fields its type does not use are cleared: the speaker
    and `answer` belong to statements, `level` to sections, `outcome` to decisions, `deadline` and `pages`
    to action items. `speaker_id` names a member's account (the label becomes their name); without it
    `speaker_label` is written as is (`○○○`, an official's title)."""

    type: EntryType
    text: str
    level: int | None = None
    speaker_id: int | None = None
    speaker_label: str = ""
    answer: bool = False
    agenda_item_id: int | None = None
    outcome: str = ""
    deadline: date | None = None
    pages: str = ""


def find_record(meeting: Meeting) -> Record | None:
    """The meeting's record if one was started (never creates it: pages that only read stay reads)."""
    return db.session.scalar(sa.select(Record).where(Record.meeting_id == meeting.id))


def check_may_edit(actor, meeting: Meeting) -> None:
    """Refuse unless `actor` may write the record now: `forbidden` to anyone but a secretary serving the
    meeting's committee, `closed` before the meeting is published and once the record is final."""
    require(policies.serves(actor, meeting), actor, _l("Only a secretary serving this committee writes its record."))
    if policies.may_edit(actor, meeting):
        return
    if meeting.state is MeetingState.RECORD_FINAL:
        raise ServiceError(_l("The record of this meeting is final: a correction makes a new version."),
                           code="closed")
    raise ServiceError(_l("The record is written once the meeting is published."), code="closed")


def check_importable(actor, meeting: Meeting) -> None:
    """An import needs the right to edit and a record without entries (it never mixes with entries
    written by hand)."""
    check_may_edit(actor, meeting)
    record = find_record(meeting)
    if record is not None and record.entries:
        raise ServiceError(_l("The record already has entries: an import starts an empty record."),
                           code="conflict")


def entry_of(meeting: Meeting, entry_id) -> RecordEntry:
    """An entry of the meeting's record, or NotFound (also for an entry of another meeting's record)."""
    entry = db.session.get(RecordEntry, entry_id) if is_id(entry_id) else None
    if entry is None or entry.record.meeting_id != meeting.id:
        raise NotFound(_l("The record has no such entry."), field="entry_id")
    return entry


def speaker_choices(meeting: Meeting) -> list[tuple[User, str]]:
    """The accounts a statement may be attributed to (members sitting on the committee), with their
    titles, by name."""
    chosen: dict[int, tuple[User, str]] = {}
    for row in membership.memberships(meeting.committee):
        if row.role is SeatRole.MEMBER and row.user_id not in chosen and policies.may_speak_in(row.user, meeting):
            chosen[row.user_id] = (row.user, row.title)
    return sorted(chosen.values(), key=lambda pair: (pair[0].display_name, pair[0].id))


def _agenda_item_id(meeting: Meeting, item_id) -> int | None:
    if item_id is None:
        return None
    item = db.session.get(AgendaItem, item_id) if is_id(item_id) else None
    if item is None or item.meeting_id != meeting.id:
        raise ServiceError(_l("Choose an item of this meeting's agenda."), field="agenda_item_id")
    return item.id


def _speaker(meeting: Meeting, fields: EntryFields, kept_id: int | None) -> dict:
    """The statement's speaker; `kept_id` (the speaker it has now) stays allowed when their seat has
    since ended."""
    label = checked_text(fields.speaker_label or "", "speaker_label", SPEAKER_MAX, name=True)
    if fields.speaker_id is None:
        return {"speaker_id": None, "speaker_label": label or None}
    person = db.session.get(User, fields.speaker_id) if is_id(fields.speaker_id) else None
    if person is None or (person.id != kept_id and not policies.may_speak_in(person, meeting)):
        raise ServiceError(_l("Choose a member who sits on this committee."), field="speaker_id")
    if label and label != person.display_name:
        raise ServiceError(_l("Choose a member or write a label, not both."), field="speaker_label")
    return {"speaker_id": person.id, "speaker_label": person.display_name[:SPEAKER_MAX]}


def _level(level) -> int:
    if level is None:
        return LEVEL_DEFAULT
    if not is_whole_number(level) or not 1 <= level <= 6:
        raise ServiceError(_l("A section's level is from 1 to 6."), field="level")
    return level


def _deadline(deadline) -> date | None:
    if deadline is not None and (not isinstance(deadline, date) or isinstance(deadline, datetime)):
        raise ServiceError(_l("Enter a date, e.g. 2024-03-05."), field="deadline")
    return deadline


def _checked(meeting: Meeting, fields: EntryFields, kept_speaker_id: int | None = None) -> dict:
    """The entry's column values, every field checked; raises before anything is changed."""
    if not isinstance(fields.type, EntryType):
        raise ServiceError(_l("Choose the kind of entry."), field="type")
    values = {"type": fields.type, "level": None, "speaker_id": None, "speaker_label": None, "answer": False,
              "outcome": "", "deadline": None, "pages": "",
              "text": checked_text(fields.text, "text", TEXT_MAX, empty_message=_l("Write the text of the entry.")),
              "agenda_item_id": _agenda_item_id(meeting, fields.agenda_item_id)}
    if fields.type is EntryType.SECTION:
        values["level"] = _level(fields.level)
    elif fields.type is EntryType.STATEMENT:
        values.update(_speaker(meeting, fields, kept_speaker_id), answer=bool(fields.answer))
    elif fields.type in DECISION_TYPES:
        values["outcome"] = checked_text(fields.outcome or "", "outcome", OUTCOME_MAX)
        if fields.type is EntryType.ACTION:
            values["deadline"] = _deadline(fields.deadline)
            values["pages"] = checked_text(fields.pages or "", "pages", PAGES_MAX)
    return values


def _entry_count(record_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(RecordEntry)
                             .where(RecordEntry.record_id == record_id))


def _forget_order(record: Record) -> None:
    """After positions changed in SQL: loaded entries read theirs again, and the record its ordered list."""
    for row in list(db.session.identity_map.values()):
        if isinstance(row, RecordEntry) and row.record_id == record.id:
            db.session.expire(row, ["position"])
    db.session.expire(record, ["entries"])


def _shift(record: Record, above: int, delta: int) -> None:
    """Move every entry after position `above` by `delta` (+1 to make room, -1 to close a gap). The unique
    (record, position) pair holds at every row of every statement: the moved entries first go to distinct
    negative positions, then back up to their new places."""
    db.session.flush()
    db.session.execute(
        sa.update(RecordEntry).where(RecordEntry.record_id == record.id, RecordEntry.position > above)
        .values(position=-(RecordEntry.position + delta)).execution_options(synchronize_session=False))
    db.session.execute(
        sa.update(RecordEntry).where(RecordEntry.record_id == record.id, RecordEntry.position < 0)
        .values(position=-RecordEntry.position).execution_options(synchronize_session=False))
    _forget_order(record)


def add_entry(actor, meeting: Meeting, fields: EntryFields, *, after: RecordEntry | None = None) -> RecordEntry:
    """A new entry at the end of the record, or right after `after`; the entries below move down."""
    check_may_edit(actor, meeting)
    values = _checked(meeting, fields)
    record = record_of(meeting)
    if after is not None and after.record_id != record.id:
        raise NotFound(_l("The record has no such entry."), field="after")
    count = _entry_count(record.id)
    position = after.position + 1 if after is not None else count + 1
    if position <= count:
        _shift(record, position - 1, 1)
    entry = RecordEntry(record_id=record.id, position=position, **values)
    db.session.add(entry)
    db.session.flush()
    db.session.expire(record, ["entries"])
    _log(audit.AuditAction.ENTRY_ADDED, actor, meeting, **_facts(entry))
    return entry


def update_entry(actor, entry: RecordEntry, fields: EntryFields) -> RecordEntry:
    """Rewrite an entry in place (its position stays); the trail names the fields that changed."""
    meeting = entry.record.meeting
    check_may_edit(actor, meeting)
    changed = _assign(entry, _checked(meeting, fields, kept_speaker_id=entry.speaker_id))
    db.session.flush()
    if changed:
        _log(audit.AuditAction.ENTRY_EDITED, actor, meeting, **_facts(entry), fields=changed)
    return entry


def move_entry(actor, entry: RecordEntry, offset) -> int:
    """Swap the entry with its neighbour one place up (-1) or down (+1); at either end nothing moves. The
    entry passes through a negative position so that no two entries ever share one. Its new position."""
    record = entry.record
    check_may_edit(actor, record.meeting)
    if not is_whole_number(offset) or offset not in (-1, 1):
        raise ServiceError(_l("Move an entry one place up or down."), field="direction")
    here = entry.position
    neighbour = db.session.scalar(sa.select(RecordEntry).where(RecordEntry.record_id == record.id,
                                                               RecordEntry.position == here + offset))
    if neighbour is None:
        return here
    entry.position = -here
    db.session.flush()
    neighbour.position = here
    db.session.flush()
    entry.position = here + offset
    db.session.flush()
    db.session.expire(record, ["entries"])
    _log(audit.AuditAction.ENTRY_MOVED, actor, record.meeting, **_facts(entry), moved_from=here)
    return entry.position


def delete_entry(actor, entry: RecordEntry) -> None:
    """Remove an entry; the entries below move up, so positions stay 1..n."""
    record = entry.record
    check_may_edit(actor, record.meeting)
    position = entry.position
    _log(audit.AuditAction.ENTRY_DELETED, actor, record.meeting, **_facts(entry))
    db.session.delete(entry)
    db.session.flush()
    _shift(record, position, -1)


def update_settings(actor, meeting: Meeting, *, anonymize_members: bool, attendance: str) -> Record:
    """The record's anonymization policy and its attendance line; the trail names what changed."""
    check_may_edit(actor, meeting)
    values = {"anonymize_members": bool(anonymize_members),
              "attendance": checked_text(attendance or "", "attendance", ATTENDANCE_MAX)}
    record = record_of(meeting)
    changed = _assign(record, values)
    db.session.flush()
    if changed:
        _log(audit.AuditAction.SETTINGS_CHANGED, actor, meeting, fields=changed,
             anonymize_members=record.anonymize_members)
    return record
