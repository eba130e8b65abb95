"""Password hashing with argon2id.

The cost comes from `PASSWORD_HASH_PROFILE`, a profile name of argon2-cffi: RFC 9106's low-memory
recommendation by default (OWASP ASVS level 2), the cheapest one for the test suite only.
"""
from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 10
MAX_LENGTH = 128


@cache
def _hasher_for(profile: str) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
    # Verified against when the e-mail is unknown, so a failed login takes as long either way.
    return hasher, hasher.hash("not-a-real-password-only-for-timing")


def _hasher() -> tuple[PasswordHasher, str]:
    return _hasher_for(current_app.config.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY"))


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; False for a wrong password or an unknown user."""
    hasher, dummy = _hasher()
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher()[0].check_needs_rehash(password_hash)
