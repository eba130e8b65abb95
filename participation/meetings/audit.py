"""The audit trail of a committee's seats and of its meetings' records: who changed what, when, on which
committee and meeting.

The seats are kept here (`membership.py`); the record's editor (`record/services.py`, a layer above)
writes its entries' changes into the same trail, each with its meeting. Finalizing and correcting are
kept by the record's versions themselves (`RecordVersion.created_by_id`). An event is only ever added:
no path of the application changes or deletes one. `details` holds the plain facts of the change (ids,
positions, dates, the names of the changed fields), never a sentence: the pages word them in the
reader's language. Services never commit; the caller does.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from participation.accounts.models import User
from participation.core.db import Base, UTCDateTime, utcnow
from participation.core.enums import LabelledEnum, enum_column
from participation.extensions import db


class AuditAction(LabelledEnum):
    SEAT_ADDED = "seat_added", _l("Seat added")
    SEAT_ENDED = "seat_ended", _l("Seat ended")
    ENTRY_ADDED = "entry_added", _l("Entry added")
    ENTRY_EDITED = "entry_edited", _l("Entry edited")
    ENTRY_MOVED = "entry_moved", _l("Entry moved")
    ENTRY_DELETED = "entry_deleted", _l("Entry deleted")
    MINUTES_IMPORTED = "minutes_imported", _l("Minutes imported")
    SETTINGS_CHANGED = "settings_changed", _l("Record settings changed")


SEAT_ACTIONS = frozenset({AuditAction.SEAT_ADDED, AuditAction.SEAT_ENDED})


class AuditEvent(Base):
    """One change: a seat of the committee (no meeting), or an entry or setting of a meeting's record."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()


def log(action: AuditAction, actor, *, committee_id: int, meeting_id: int | None = None,
        now: datetime | None = None, **details) -> AuditEvent:
    """Add an event to the trail; `actor` None (a command line, the demo) is kept as unknown."""
    event = AuditEvent(committee_id=committee_id, meeting_id=meeting_id, action=action, details=details,
                       actor_id=actor.id if actor is not None and getattr(actor, "id", None) else None,
                       created_at=now or utcnow())
    db.session.add(event)
    return event


def trail(committee_id: int, meeting_id: int | None = None) -> list[AuditEvent]:
    """The committee's seat changes, newest first; with `meeting_id`, that meeting's record changes too."""
    where = AuditEvent.meeting_id.is_(None)
    if meeting_id is not None:
        where = sa.or_(where, AuditEvent.meeting_id == meeting_id)
    return list(db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.committee_id == committee_id, where)
        .options(selectinload(AuditEvent.actor)).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())))
