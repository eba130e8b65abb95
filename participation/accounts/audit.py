"""The account audit log: who deleted an account or exported a person's data, and when.

Committee work has its own trail (meetings/audit.py); this one is about people's accounts, read by
administrators on the users page. An entry names the accounts by id only: the subject's name and e-mail
are erased with a deletion, and the log must not keep them either.
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

RECENT = 20  # entries the users page lists


class AccountAction(LabelledEnum):
    DELETE = "delete", _l("Account deleted")
    EXPORT = "export", _l("Data exported")


class AccountAuditEntry(Base):
    """One deletion or export: `actor` did it to `subject` (the same account when a person deleted their own)."""

    __tablename__ = "account_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[AccountAction] = mapped_column(enum_column(AccountAction))
    subject_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])

    @property
    def by_the_person(self) -> bool:
        return self.actor_id is not None and self.actor_id == self.subject_id


def log(actor: User, subject: User, action: AccountAction, now: datetime | None = None) -> AccountAuditEntry:
    """Add an entry (never commits)."""
    entry = AccountAuditEntry(action=action, subject_id=subject.id, actor_id=actor.id, created_at=now or utcnow())
    db.session.add(entry)
    return entry


def recent(limit: int = RECENT) -> list[AccountAuditEntry]:
    """The newest entries first, their actors loaded."""
    stmt = (sa.select(AccountAuditEntry).options(selectinload(AccountAuditEntry.actor))
            .order_by(AccountAuditEntry.created_at.desc(), AccountAuditEntry.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))
