"""Consent at the first comment: what a person accepted, in plain words, before anything they write is taken.

Everything a citizen writes here is published, so before a first comment the person accepts that an
approved comment is published on the platform, becomes part of the meeting's record and is released as
open data under the platform's licence (config `DATA_LICENCE`), with personal data masked. The acceptance
is a `Consent` row with its time, the language the text was read in and the text's version,
`CONSENT_VERSION`, which is bumped whenever the words change: a person who accepted an older version is
asked again. An account's consent is keyed by `user_id` (erased with the account); a guest's by
`guest_key`, the guest's `Submitter.key` (`"g:<guest id>"`, the `submitter_key` its comments carry), so the
same guest session is asked once.

The rule is enforced by `comments.services.submit`, the one path of the HTML form,
the live socket and the demo (`check`, then `record_consent` in the comment's transaction); these
services never commit.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import Base, UTCDateTime, utcnow
from participation.core.services import ServiceError
from participation.extensions import db

# The version of the consent text (`statement`). Bump it when its words change (in either language):
# everyone is asked again before their next comment.
CONSENT_VERSION = "2026-12"
VERSION_MAX = 16
GUEST_KEY_MAX = 80  # as Comment.submitter_key


class Consent(Base):
    """One person's acceptance of one version of the consent text: an account's (`user_id`) or a guest
    session's (`guest_key`, `"g:<guest id>"`), never both. Read by the account's data export."""

    __tablename__ = "consents"
    __table_args__ = (
        # One acceptance per person and version; the leading columns serve the lookups by person.
        sa.UniqueConstraint("user_id", "text_version"),
        sa.UniqueConstraint("guest_key", "text_version"),
        sa.CheckConstraint("(user_id IS NULL) <> (guest_key IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    guest_key: Mapped[str | None] = mapped_column(sa.String(GUEST_KEY_MAX))
    text_version: Mapped[str] = mapped_column(sa.String(VERSION_MAX))
    locale: Mapped[str] = mapped_column(sa.String(8))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsentRequired(ServiceError):
    """A comment was refused because its author has not accepted the current consent text. `details`
    (the socket error's extra fields) carries the text to ask and its version."""

    def __init__(self, message):
        super().__init__(message, field="consent", code="consent_required")

    @property
    def details(self) -> dict:
        return {"version": CONSENT_VERSION, "text": statement()}


def statement() -> str:
    """The consent text in the current language, naming the platform's licence."""
    licence = current_app.config["DATA_LICENCE"]
    return str(_l("I agree that once a moderator approves my comment, it is published on this platform, becomes "
                  "part of the meeting's record and is released as open data under the licence %(licence)s, "
                  "with personal data such as phone numbers and e-mail addresses masked.",
                  licence=f"{licence['name']} ({licence['id']})"))


def _language() -> str:
    """The language the person read the text in: the request's; outside one (a loader, the CLI) the
    default, without asking Flask-Babel, which would keep that choice for the rest of the app context."""
    if has_request_context():
        return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _owner(user_id: int | None, guest_key: str | None):
    if (user_id is None) == (guest_key is None):
        raise ValueError("a consent belongs to an account (user_id) or a guest (guest_key), not both")
    return Consent.user_id == user_id if user_id is not None else Consent.guest_key == guest_key


def has_consented(*, user_id: int | None = None, guest_key: str | None = None,
                  version: str = CONSENT_VERSION) -> bool:
    """Whether the account or the guest accepted `version` (the current one by default)."""
    return db.session.scalar(sa.select(Consent.id).where(_owner(user_id, guest_key),
                                                         Consent.text_version == version).limit(1)) is not None


def has_consented_key(submitter_key: str | None) -> bool:
    """`has_consented` for a `Submitter.key` (`"u:<id>"` or `"g:<guest id>"`); False for None."""
    if not submitter_key:
        return False
    if submitter_key.startswith("u:"):
        return has_consented(user_id=int(submitter_key[2:]))
    return has_consented(guest_key=submitter_key)


def record_consent(*, user_id: int | None = None, guest_key: str | None = None, locale: str | None = None,
                   version: str = CONSENT_VERSION, now: datetime | None = None) -> Consent:
    """Store that the account or the guest accepted `version`, read in `locale` (by default the current
    language), at `now`; the acceptance already stored when there is one. Never commits."""
    where = (_owner(user_id, guest_key), Consent.text_version == version)
    existing = db.session.scalar(sa.select(Consent).where(*where))
    if existing is not None:
        return existing
    consent = Consent(user_id=user_id, guest_key=guest_key, text_version=version, locale=locale or _language(),
                      accepted_at=now or utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(consent)
    except IntegrityError:  # the same acceptance, raced in from another window
        existing = db.session.scalar(sa.select(Consent).where(*where))
        if existing is None:
            raise
        return existing
    return consent


def check(*, user_id: int | None = None, guest_key: str | None = None, accepted: str | None = None) -> bool:
    """The rule of the first comment, storing nothing: pass when the person accepted the current text
    before (False: nothing to store) or accepts it now (True: store it with `record_consent` along with
    the comment). `accepted` is the version of the text they were shown and agreed to, None when they did
    not agree. Else refuse with `ConsentRequired`, in plain words, saying so when the text they had
    accepted, or were shown, is an older one."""
    if has_consented(user_id=user_id, guest_key=guest_key):
        return False
    if accepted == CONSENT_VERSION:
        return True
    earlier = db.session.scalar(sa.select(Consent.id).where(_owner(user_id, guest_key)).limit(1))
    if earlier is not None or accepted is not None:
        raise ConsentRequired(_l("The terms under which comments are published have changed since you agreed. "
                                 "Read them and agree again to send your comment."))
    raise ConsentRequired(_l("Before your first comment is sent, agree to how comments are published."))
