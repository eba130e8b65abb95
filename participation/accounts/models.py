"""The user aggregate: a person with an e-mail login, a language and any number of roles."""
from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import Base, UTCDateTime, utcnow
from participation.core.roles import Role

EMAIL_MAX = 254
DISPLAY_NAME_MAX = 60


# What every page, payload and download shows instead of a deleted account's name (accounts/deletion.py).
FORMER_PARTICIPANT = _l("former participant")


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


def former_participant_label(locale: str | None = None) -> str:
    """The neutral label of a deleted account in `locale`, by default the platform's default language
    (what stored documents keep: a record version, a live event; pages translate it per reader)."""
    if not has_app_context():
        return str(FORMER_PARTICIPANT)
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(FORMER_PARTICIPANT)


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(sa.Enum(Role, native_enum=False, length=20), primary_key=True)


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(DISPLAY_NAME_MAX))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str] = mapped_column(sa.String(5), default="ko")
    # Part of the login cookie's id: rotating it logs out every other session (password change).
    session_token: Mapped[str] = mapped_column(sa.String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person proved the address is theirs (the link of the confirmation mail); None until then.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the account was deleted (accounts/deletion.py): the row stays, so that what the person left on
    # the record keeps its links and counts, with the e-mail, name and password erased.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=UserRole.role
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_active(self) -> bool:
        """Flask-Login's: a deleted account never logs in (and is never `is_authenticated`)."""
        return self.deleted_at is None

    @property
    def public_name(self) -> str:
        """The one home of how a person is named to others: the display name, or once the account is
        deleted the neutral label in the reader's language. Stored documents use `document_name`."""
        return str(FORMER_PARTICIPANT) if self.deleted_at is not None else self.display_name

    @property
    def document_name(self) -> str:
        """`public_name` for what is stored and read in any language (a record's document, a live event):
        the label in the platform's default language."""
        return former_participant_label() if self.deleted_at is not None else self.display_name

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(row.role for row in self.role_rows)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def set_roles(self, roles: set[Role]) -> None:
        current = {row.role: row for row in self.role_rows}
        for role, row in current.items():
            if role not in roles:
                self.role_rows.remove(row)
        for role in roles - current.keys():
            self.role_rows.append(UserRole(role=role))

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
