"""Which form of a meeting's record a reader gets: the frozen snapshot of a version (the current one unless
another is asked for) or, before version 1 and for the committee's own people only, the live draft.

One path for the record's page and its exports, so they never disagree. Whatever the reader may not see
is `NotFound` (404), never "forbidden": a draft's existence is not told to the public.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from participation.core.services import NotFound
from participation.extensions import db
from participation.meetings import policies as meeting_policies
from participation.meetings import queries as meeting_queries
from participation.meetings.models import Meeting
from participation.record import citizens, exports, policies
from participation.record.models import Record, RecordVersion

UNKNOWN = _l("This meeting has no record to read.")


@dataclass(frozen=True)
class Reading:
    """The document to show and where it comes from; `version` is None for the live draft."""

    meeting: Meeting
    record: Record
    document: dict
    version: RecordVersion | None
    # Comments of the version whose authors have since deleted their accounts, shown under the neutral
    # label (citizens.relabel_former_authors); part of the exports' ETag.
    relabelled: tuple[int, ...] = ()

    @property
    def versions(self) -> list[RecordVersion]:
        return self.record.versions

    @property
    def current(self) -> RecordVersion | None:
        return self.record.current_version

    @property
    def is_draft(self) -> bool:
        return self.version is None

    @property
    def is_current(self) -> bool:
        return self.version is not None and self.version is self.current


def record_of_meeting(meeting: Meeting) -> Record | None:
    """The meeting's record, if one was started (never creates it)."""
    return db.session.scalar(sa.select(Record).where(Record.meeting_id == meeting.id))


def _version(record: Record, number: int | None) -> RecordVersion | None:
    if number is None:
        return record.current_version
    version = next((v for v in record.versions if v.number == number), None)
    if version is None:
        raise NotFound(_l("This record has no such version."), field="version")
    return version


def reading(meeting_id: int, user, version_number: int | None = None) -> Reading:
    """What `user` reads at `/meetings/<id>/record[?version=N]`, or NotFound."""
    meeting = meeting_queries.visible_meeting(meeting_id, user)
    record = record_of_meeting(meeting)
    if record is None or not policies.may_read(user, meeting, has_version=bool(record.versions)):
        raise NotFound(UNKNOWN, field="meeting_id")
    version = _version(record, version_number)
    if version is None:
        return Reading(meeting, record, exports.document(record), None)
    document = json.loads(version.snapshot)
    return Reading(meeting, record, document, version, citizens.relabel_former_authors(document))


@dataclass(frozen=True)
class RecordLink:
    """What the meeting and item pages need to link to the record."""

    meeting_id: int
    draft: bool


def link_for(meeting: Meeting, user) -> RecordLink | None:
    """A link to the meeting's record when `user` may read it (a draft only for the committee's people)."""
    row = db.session.execute(
        sa.select(Record.id, sa.select(RecordVersion.id).where(RecordVersion.record_id == Record.id)
                  .exists().label("final"))
        .where(Record.meeting_id == meeting.id)).first()
    if row is None or not policies.may_read(user, meeting, has_version=row.final):
        return None
    return RecordLink(meeting.id, draft=not row.final)


def newest_public_versions(limit: int) -> list[RecordVersion]:
    """The newest record versions the public may read (of public meetings), newest first, with their
    records and meetings loaded."""
    stmt = (sa.select(RecordVersion).join(Record).join(Meeting, Meeting.id == Record.meeting_id)
            .where(Meeting.state.in_(meeting_policies.PUBLIC_STATES))
            .options(selectinload(RecordVersion.record).selectinload(Record.meeting))
            .order_by(RecordVersion.created_at.desc(), RecordVersion.id.desc()).limit(limit))
    return [v for v in db.session.scalars(stmt) if policies.may_read(None, v.record.meeting, has_version=True)]
