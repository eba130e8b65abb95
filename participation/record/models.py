"""A meeting's record: its structured entries while a draft, and its frozen, hashed versions once final.

Columns and invariants only; use cases live in `services.py`. An entry keeps the speaker as written
(`speaker_label`: `○○○`, `부위원장`, a name) and, when the speaker is a committee member's account,
that account (`speaker_id`); the public forms show it as the meeting's anonymization policy says.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import Base, UTCDateTime, utcnow
from participation.core.enums import enum_column
from participation.meetings.models import AgendaItem, Meeting
from participation.record.kinds import EntryType

TEXT_MAX = 20000
SPEAKER_MAX = 100
OUTCOME_MAX = 200


class Record(Base):
    """One per meeting; created by its first entry or import."""

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    # The reference minutes' practice: members' statements appear as ○○○ in every public form.
    anonymize_members: Mapped[bool] = mapped_column(default=True)
    attendance: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship()
    entries: Mapped[list[RecordEntry]] = relationship(
        back_populates="record", order_by="RecordEntry.position", cascade="all, delete-orphan")
    versions: Mapped[list[RecordVersion]] = relationship(
        back_populates="record", order_by="RecordVersion.number", cascade="all, delete-orphan")

    @property
    def current_version(self) -> RecordVersion | None:
        return self.versions[-1] if self.versions else None


class RecordEntry(Base):
    """A section, statement, note or decision of the proceedings, at its position."""

    __tablename__ = "record_entries"
    __table_args__ = (sa.UniqueConstraint("record_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("records.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    type: Mapped[EntryType] = mapped_column(enum_column(EntryType))
    text: Mapped[str] = mapped_column(sa.Text)
    level: Mapped[int | None]
    speaker_label: Mapped[str | None] = mapped_column(sa.String(SPEAKER_MAX))
    speaker_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    answer: Mapped[bool] = mapped_column(default=False)
    agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(sa.String(OUTCOME_MAX), default="")
    deadline: Mapped[date | None]
    pages: Mapped[str] = mapped_column(sa.String(20), default="")

    record: Mapped[Record] = relationship(back_populates="entries")
    speaker: Mapped[User | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()


class RecordVersion(Base):
    """A finalized version: the canonical JSON of the whole record, frozen, with its SHA-256."""

    __tablename__ = "record_versions"
    __table_args__ = (sa.UniqueConstraint("record_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("records.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    snapshot: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    change_note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    record: Mapped[Record] = relationship(back_populates="versions")


class EntryRemark(Base):
    """A committee member's remark on an entry of the draft record; the secretary resolves each."""

    __tablename__ = "record_remarks"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("record_entries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    entry: Mapped[RecordEntry] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])


class WrittenOpinion(Base):
    """A committee member's written opinion on an agenda item, sent after the meeting (one per member and
    item; editing it replaces the text until the deadline)."""

    __tablename__ = "written_opinions"
    __table_args__ = (sa.UniqueConstraint("agenda_item_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("records.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    agenda_item: Mapped[AgendaItem] = relationship()
    member: Mapped[User | None] = relationship()
