"""Password reset and e-mail address confirmation by mailed link: the use cases. Never commit.

A reset is asked for by address; whether or not an account has it, the caller answers the same (a mail
goes only to an account's address, never to a deleted account's). The mailed link's token
(tokens.py) names the user and is bound to their password hash and address: setting the password
through it ends every session of the account (`end_sessions`, reason `password_reset`) and makes the
link useless. Following it also proves the address, as a confirmation link does.

A confirmation mail is composed at registration (in the account's transaction) and on request from the
account page; its link, bound to the address, sets `email_confirmed_at`, whoever is logged in.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from participation.accounts import mail, services, tokens
from participation.accounts.models import User
from participation.accounts.passwords import hash_password
from participation.accounts.tokens import TokenProblem, TokenRefused
from participation.core.db import utcnow
from participation.core.services import ServiceError
from participation.extensions import db


def _deleted(user: User) -> bool:
    return getattr(user, "deleted_at", None) is not None  # accounts/deletion.py adds the column


def _locale(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def reset_minutes() -> int:
    """How long a reset link works, in whole minutes (for the mail and the pages)."""
    return max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)


def confirm_days() -> int:
    """How long a confirmation link works, in whole days."""
    return max(1, round(current_app.config["EMAIL_CONFIRM_MAX_AGE"] / 86400))


def _locked(user_id: int) -> User | None:
    """The user read afresh and locked for this transaction (PostgreSQL; SQLite's write unit already
    serializes), so two uses of one link cannot both pass the check."""
    return db.session.scalar(sa.select(User).where(User.id == user_id).with_for_update()
                             .execution_options(populate_existing=True))


# --- password reset ----------------------------------------------------------------------------------

def request_password_reset(email: str) -> None:
    """Compose a reset mail to the account with this address, if there is one (and it is not deleted).
    Returns nothing either way: the caller must answer the same whether or not a mail went."""
    user = services.find_by_email(email)
    if user is None or _deleted(user):
        return
    mail.compose(user.email, _locale(user), "password_reset", kind="password_reset", user_id=user.id,
                 name=user.display_name, token=tokens.password_reset_token(user), minutes=reset_minutes())


def user_for_reset(token: str, *, lock: bool = False) -> User:
    """The user a reset link is for; raises `TokenRefused` when it is forged, expired or used."""
    claim = tokens.read_password_reset(token)
    user = _locked(claim.user_id) if lock else db.session.get(User, claim.user_id)
    if user is None or _deleted(user) or not tokens.password_reset_matches(claim, user):
        raise TokenRefused(TokenProblem.USED)
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set the password of the link's user, end every session of theirs and take the address as
    proven; the link no longer works afterwards. Raises `TokenRefused`; the caller logs the person in."""
    user = user_for_reset(token, lock=True)
    user.password_hash = hash_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # the mail reached them: the address is theirs
    services.end_sessions(user, reason="password_reset")
    return user


# --- address confirmation ----------------------------------------------------------------------------

def send_confirmation(user: User) -> bool:
    """Compose the confirmation mail to the user's address; False (nothing composed) when it is
    confirmed already or the account is deleted."""
    if user.email_confirmed_at is not None or _deleted(user):
        return False
    mail.compose(user.email, _locale(user), "confirm_email", kind="email_confirm", user_id=user.id,
                 name=user.display_name, email=user.email, token=tokens.email_confirm_token(user),
                 days=confirm_days())
    return True


def resend_confirmation(user: User) -> None:
    """The account page's "send again"; refuses when the address is confirmed already."""
    if not send_confirmation(user):
        raise ServiceError(_l("Your address is confirmed already."))


def user_for_confirmation(token: str, *, lock: bool = False) -> User:
    """The user a confirmation link is for; raises `TokenRefused` when it is forged or expired, was
    sent to an address the account no longer has (USED), or the address is confirmed (CONFIRMED)."""
    claim = tokens.read_email_confirm(token)
    user = _locked(claim.user_id) if lock else db.session.get(User, claim.user_id)
    if user is None or _deleted(user) or not tokens.email_confirm_matches(claim, user):
        raise TokenRefused(TokenProblem.USED)
    if user.email_confirmed_at is not None:
        raise TokenRefused(TokenProblem.CONFIRMED)
    return user


def confirm_email(token: str) -> User:
    """Mark the link's address as confirmed now. Raises `TokenRefused`."""
    user = user_for_confirmation(token, lock=True)
    user.email_confirmed_at = utcnow()
    return user


def mark_confirmed(user: User, at=None) -> None:
    """Take the address as confirmed (at `at`, default now): staff made the account (`flask users
    create`, the demo), so no confirmation mail is needed."""
    if user.email_confirmed_at is None:
        user.email_confirmed_at = at or utcnow()
