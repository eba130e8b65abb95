"""The live state of a meeting and its stored public events.

Every public event gets the next `seq` of its meeting, taken by incrementing `LiveSession.last_seq` in
the same transaction: the row lock orders concurrent writers, so ids are gap-free and commit in order,
and a client that knows its last id can be given exactly what it missed.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import Base, UTCDateTime, utcnow


class LiveSession(Base):
    __tablename__ = "live_sessions"

    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    current_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="SET NULL"))
    spotlight_comment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id", ondelete="SET NULL"))
    last_seq: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LiveEvent(Base):
    __tablename__ = "live_events"

    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(sa.String(40))
    data: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def to_payload(self) -> dict:
        """The protocol's `event` payload."""
        return {"id": self.seq, "type": self.type, "meeting_id": self.meeting_id,
                "at": self.created_at.isoformat(), "data": self.data}
