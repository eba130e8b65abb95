"""Checks on socket payload fields: right type, present when required, within bounds."""
from __future__ import annotations

from flask_babel import gettext as _


class PayloadError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def integer(payload: dict, field: str, *, minimum: int = 1) -> int:
    """A required whole number (JSON booleans are not numbers here)."""
    if field not in payload or payload[field] is None:
        raise PayloadError(field, _("“%(field)s” is required.", field=field))
    value = payload[field]
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value < 2**53:
        raise PayloadError(field, _("“%(field)s” must be a whole number.", field=field))
    return value


def optional_integer(payload: dict, field: str, *, minimum: int = 1) -> int | None:
    if payload.get(field) is None:
        return None
    return integer(payload, field, minimum=minimum)
