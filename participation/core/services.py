"""What every domain's services share: the error a use case raises when a rule says no."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.core.text import refused_character, refused_character_message


class ServiceError(Exception):
    """A rule refused the use case.

    `message` is for the user (lazily translated); `field` names the input it is about; `code` is the
    stable machine-readable reason used by the socket protocol and the API (`invalid`, `not_found`,
    `forbidden`, `conflict`, `closed`, `already_decided`, ...).
    """

    def __init__(self, message, field: str | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class NotFound(ServiceError):
    def __init__(self, message, field: str | None = None):
        super().__init__(message, field, code="not_found")


# Ids (and version numbers) are `Integer` columns: 32-bit signed on PostgreSQL (SQLite would take 64).
# Anything above can name no row, and PostgreSQL refuses to compare with it ("integer out of range").
MAX_ID = 2**31 - 1


def is_whole_number(value) -> bool:
    """An int that is not a bool (JSON `true` parses to Python's True, which is an int)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_id(value) -> bool:
    """A whole number that can be a stored row's id."""
    return is_whole_number(value) and 0 < value <= MAX_ID


def require(allowed: bool, user, message=None) -> None:
    """Refuse unless a policy `allowed` it: "log in first" to a visitor, `forbidden` to a user.

    `message` replaces the generic refusal for a logged-in user when the rule has its own words."""
    if allowed:
        return
    if user is None or not user.is_authenticated:
        raise ServiceError(_l("Log in first."), code="unauthorized")
    raise ServiceError(message or _l("You do not have permission to do this."), code="forbidden")


def checked_text(value, field: str, maximum: int, *, empty_message=None, name: bool = False) -> str:
    """A text a user wrote, trimmed: refused when it is not text, too long, or holds a refused character,
    and when empty if `empty_message` is given (else empty is allowed). One rule for every such field."""
    if not isinstance(value, str):
        raise ServiceError(_l("This must be text."), field=field)
    text = value.strip()
    if not text and empty_message is not None:
        raise ServiceError(empty_message, field=field)
    if len(text) > maximum:
        raise ServiceError(_l("At most %(max)s characters (this has %(n)s).", max=maximum, n=len(text)), field=field)
    if (char := refused_character(text, name=name)) is not None:
        raise ServiceError(refused_character_message(char, name=name), field=field)
    return text
