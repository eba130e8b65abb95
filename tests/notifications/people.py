"""People for the notification tests: accounts whose address is confirmed (or not), in a language."""
from __future__ import annotations

import sqlalchemy as sa

from participation.accounts.mail import MailMessage
from participation.core.db import utcnow
from participation.core.roles import Role
from participation.extensions import db
from tests import factories


def person(*roles: Role, locale: str = "ko", confirmed: bool = True, email: str | None = None, name=None):
    """An account (a citizen unless roles are given) whose address is confirmed unless `confirmed=False`."""
    user = factories.user(*(roles or (Role.CITIZEN,)), locale=locale, email=email, name=name)
    if confirmed:
        user.email_confirmed_at = utcnow()
    return user


def outbox(kind: str | None = None) -> list[MailMessage]:
    """The messages in the outbox (of one kind), oldest first."""
    query = sa.select(MailMessage).order_by(MailMessage.id)
    if kind is not None:
        query = query.where(MailMessage.kind == kind)
    return list(db.session.scalars(query))


def deliver_all() -> int:
    from participation.accounts import mail

    total = 0
    while sent := mail.deliver_pending():
        total += sent
    return total
