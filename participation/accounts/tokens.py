"""The signed tokens that mailed links carry: password reset and e-mail address confirmation.

Each is an itsdangerous `URLSafeTimedSerializer` token, signed with the app's `SECRET_KEY` under a salt
of its own (a confirmation token never opens a password reset), carrying the user's id and a
fingerprint of what the link was issued for:

- a password reset: the password hash and the address. Setting a password changes the hash, so a used
  link (or any link issued before the password changed) no longer matches: single use without storing
  anything. It expires after `PASSWORD_RESET_MAX_AGE` seconds.
- an address confirmation: the address. A link sent to an address the account no longer has does not
  confirm the new one. It expires after `EMAIL_CONFIRM_MAX_AGE` seconds.

The fingerprint is an HMAC under the secret key, so the token (readable base64, not encrypted) shows
neither the hash nor the address. Verification says why a token is refused (`TokenProblem`), so the
page can say whether to ask for a new link; it never says whether some account exists.
"""
from __future__ import annotations

import enum
import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from participation.core.services import is_id

PASSWORD_RESET = "open-session.password-reset"
EMAIL_CONFIRM = "open-session.email-confirm"


class TokenProblem(enum.Enum):
    """Why a link's token was refused."""

    INVALID = "invalid"  # not signed by us, mangled, or for another purpose
    EXPIRED = "expired"  # older than its maximum age
    USED = "used"  # well signed, but what it was issued for has changed (password set, address changed)
    CONFIRMED = "confirmed"  # a confirmation link for an address that is confirmed already


class TokenRefused(Exception):
    """A token that cannot be used; `problem` says why."""

    def __init__(self, problem: TokenProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class Claim:
    """What a well-signed, unexpired token says: whose it is and the fingerprint it was issued with."""

    user_id: int
    fingerprint: str


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=purpose)


def fingerprint(purpose: str, *parts: str) -> str:
    """A short keyed digest of `parts`: changes when any of them changes, reveals none of them."""
    key = hashlib.sha256(f"{purpose}:{current_app.secret_key}".encode()).digest()
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def _issue(purpose: str, user_id: int, *parts: str) -> str:
    return _serializer(purpose).dumps({"u": user_id, "f": fingerprint(purpose, *parts)})


def _read(purpose: str, token: str, max_age: int) -> Claim:
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenRefused(TokenProblem.EXPIRED) from None
    except BadData:  # a bad signature, a mangled payload
        raise TokenRefused(TokenProblem.INVALID) from None
    if not (isinstance(payload, dict) and is_id(payload.get("u")) and isinstance(payload.get("f"), str)):
        raise TokenRefused(TokenProblem.INVALID)
    return Claim(payload["u"], payload["f"])


def _matches(purpose: str, claim: Claim, *parts: str) -> bool:
    return hmac.compare_digest(claim.fingerprint, fingerprint(purpose, *parts))


# --- password reset ----------------------------------------------------------------------------------

def password_reset_token(user) -> str:
    """A reset link's token for `user`, valid until the password changes or it expires."""
    return _issue(PASSWORD_RESET, user.id, user.password_hash, user.email)


def read_password_reset(token: str) -> Claim:
    """The claim of a reset token; raises `TokenRefused` (INVALID or EXPIRED)."""
    return _read(PASSWORD_RESET, token, current_app.config["PASSWORD_RESET_MAX_AGE"])


def password_reset_matches(claim: Claim, user) -> bool:
    """Whether the token was issued for this user's current password and address."""
    return claim.user_id == user.id and _matches(PASSWORD_RESET, claim, user.password_hash, user.email)


# --- address confirmation ----------------------------------------------------------------------------

def email_confirm_token(user) -> str:
    """A confirmation link's token for `user`'s current address."""
    return _issue(EMAIL_CONFIRM, user.id, user.email)


def read_email_confirm(token: str) -> Claim:
    """The claim of a confirmation token; raises `TokenRefused` (INVALID or EXPIRED)."""
    return _read(EMAIL_CONFIRM, token, current_app.config["EMAIL_CONFIRM_MAX_AGE"])


def email_confirm_matches(claim: Claim, user) -> bool:
    """Whether the token was issued for this user's current address."""
    return claim.user_id == user.id and _matches(EMAIL_CONFIRM, claim, user.email)
