"""Committees, tasks, meetings, agenda items and materials with versions.

Columns and invariants only; use cases live in the services modules.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import Base, UTCDateTime, utcnow
from participation.core.enums import LabelledEnum, enum_column


class TaskStatus(LabelledEnum):
    ON_TRACK = "on_track", _l("On track")
    DELAYED = "delayed", _l("Delayed")
    ON_HOLD = "on_hold", _l("On hold")
    REDUCED = "reduced", _l("Reduced")
    EXCLUDED = "excluded", _l("Excluded")
    UNDERPERFORMING = "underperforming", _l("Underperforming")


class MeetingState(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Published")
    LIVE = "live", _l("Live now")
    CLOSED = "closed", _l("Closed")
    RECORD_FINAL = "record_final", _l("Record final")
    CANCELLED = "cancelled", _l("Cancelled")


# The secretary moves a meeting forward only; `policies.next_states` says which of these a meeting takes
# (one without a part 2 closes without going live). A published meeting may be cancelled instead of held:
# that is the end of it.
MEETING_TRANSITIONS = {
    MeetingState.DRAFT: (MeetingState.PUBLISHED,),
    MeetingState.PUBLISHED: (MeetingState.LIVE, MeetingState.CLOSED, MeetingState.CANCELLED),
    MeetingState.LIVE: (MeetingState.CLOSED,),
    MeetingState.CLOSED: (MeetingState.RECORD_FINAL,),
    MeetingState.RECORD_FINAL: (),
    MeetingState.CANCELLED: (),
}


class ItemKind(LabelledEnum):
    REPORT = "report", _l("Report")
    DELIBERATION = "deliberation", _l("Deliberation")
    APPOINTMENT = "appointment", _l("Appointment")
    ELECTION = "election", _l("Election")
    OTHER = "other", _l("Other")


class Committee(Base):
    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")


class SeatRole(LabelledEnum):
    MEMBER = "member", _l("Committee member")
    SECRETARY = "secretary", _l("Secretary")


class CommitteeMembership(Base):
    """Who sits on (or serves as secretary of) a committee, with which title, from when to when.

    Roles are global (`Role.MEMBER`, `Role.SECRETARY`); a membership says which committee's record the
    person speaks in, writes opinions for, or edits. `ends_on` is the last day; None while it lasts.
    """

    __tablename__ = "committee_memberships"
    __table_args__ = (sa.CheckConstraint("ends_on IS NULL OR starts_on <= ends_on", name="term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[SeatRole] = mapped_column(enum_column(SeatRole))
    title: Mapped[str] = mapped_column(sa.String(50), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    committee: Mapped[Committee] = relationship()
    user: Mapped[User] = relationship()

    def holds_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Task(Base):
    """A numbered task of a committee's plan: code `3-1-7` is strategy 3, major task 1, task 7."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committees.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    strategy: Mapped[int]
    major: Mapped[int]
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    department: Mapped[str] = mapped_column(sa.String(100), default="")
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus), default=TaskStatus.ON_TRACK)

    committee: Mapped[Committee] = relationship()
    history: Mapped[list[TaskStatusChange]] = relationship(
        back_populates="task", order_by="(TaskStatusChange.changed_on, TaskStatusChange.id)",
        cascade="all, delete-orphan",
    )


class TaskStatusChange(Base):
    """One entry of a task's public status history."""

    __tablename__ = "task_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus))
    changed_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    task: Mapped[Task] = relationship(back_populates="history")


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committees.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    number: Mapped[int]
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    part1_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    part1_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    part2_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    part2_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stream_url: Mapped[str | None] = mapped_column(sa.String(500))
    allow_guest_comments: Mapped[bool] = mapped_column(default=False)
    state: Mapped[MeetingState] = mapped_column(enum_column(MeetingState), default=MeetingState.DRAFT, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    committee: Mapped[Committee] = relationship()
    postponements: Mapped[list[MeetingPostponement]] = relationship(
        back_populates="meeting", order_by="(MeetingPostponement.created_at, MeetingPostponement.id)",
        cascade="all, delete-orphan", passive_deletes=True,
    )
    cancellation: Mapped[MeetingCancellation | None] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True,
    )


class MeetingCancellation(Base):
    """Why and when a meeting was called off (public), and by whom: one per cancelled meeting.

    A table of its own, so that cancelling needs no change to the `meetings` table (SQLite would copy it)."""

    __tablename__ = "meeting_cancellations"

    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="cancellation")


class MeetingPostponement(Base):
    """One entry of a meeting's public schedule history: it was moved from one start to a later one."""

    __tablename__ = "meeting_postponements"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    previous_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="postponements")


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (sa.CheckConstraint("page_from IS NULL OR page_to IS NULL OR page_from <= page_to",
                                         name="page_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind), default=ItemKind.REPORT)
    task_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tasks.id", ondelete="SET NULL"), index=True)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    presenter: Mapped[str] = mapped_column(sa.String(100), default="")
    page_from: Mapped[int | None]
    page_to: Mapped[int | None]

    meeting: Mapped[Meeting] = relationship()
    task: Mapped[Task | None] = relationship()

    @property
    def pages(self) -> str:
        if self.page_from is None:
            return ""
        if self.page_to is None or self.page_to == self.page_from:
            return str(self.page_from)
        return f"{self.page_from}–{self.page_to}"


class MaterialKind(LabelledEnum):
    DOCUMENT = "document"
    FILE = "file"


class Material(Base):
    """A document or file of a meeting, or of one of its agenda items; its content lives in versions."""

    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[MaterialKind] = mapped_column(enum_column(MaterialKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    versions: Mapped[list[MaterialVersion]] = relationship(
        back_populates="material", order_by="MaterialVersion.number", cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def current(self) -> MaterialVersion:
        return self.versions[-1]


class MaterialVersion(Base):
    """One immutable version: Markdown with its sanitized HTML, or a stored file."""

    __tablename__ = "material_versions"
    __table_args__ = (sa.UniqueConstraint("material_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(sa.ForeignKey("materials.id", ondelete="CASCADE"))
    number: Mapped[int]
    change_note: Mapped[str] = mapped_column(sa.String(500), default="")
    markdown: Mapped[str | None] = mapped_column(sa.Text)
    html: Mapped[str | None] = mapped_column(sa.Text)
    file_key: Mapped[str | None] = mapped_column(sa.String(64))
    filename: Mapped[str | None] = mapped_column(sa.String(255))
    content_type: Mapped[str | None] = mapped_column(sa.String(100))
    size: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    material: Mapped[Material] = relationship(back_populates="versions")
