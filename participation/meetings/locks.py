"""The meeting's row lock: what orders a change of the meeting's state against the writes its state allows.

On PostgreSQL transactions run side by side. Finalizing a record checks that no comment of the meeting
waits for a moderator, then closes the comments; a comment submitted meanwhile could land between the
two and be frozen out of the record unmoderated. So both lock the meeting's row before they read its
state: finalizing (and correcting) exclusively, `FOR UPDATE`; a submission shared, `FOR SHARE`, which
shuts no other submission out, only a finalizing. Whoever waits reads the row as the other
committed it: a submission that held the lock first has its pending comment committed before the
finalizing looks for one (and is refused for it); one that waited finds the record final and is refused
as the meeting no longer takes comments.

On SQLite writers already run one at a time (`core/transactions.py`) and the dialect writes no `FOR`
clause; the state is still read afresh. The lock lasts until the transaction ends (the caller commits).
"""
from __future__ import annotations

import sqlalchemy as sa

from participation.extensions import db
from participation.meetings.models import Meeting


def lock_meeting(meeting: Meeting, *, shared: bool = False) -> Meeting:
    """Lock the meeting's row until the transaction ends (`shared`: against state changes only) and read
    its columns again from the database; the same object, fresh."""
    return db.session.scalars(sa.select(Meeting).where(Meeting.id == meeting.id).with_for_update(read=shared)
                              .execution_options(populate_existing=True)).one()
