"""Checks on socket payload fields: right type, present when required, within bounds.

The error's `field` names the payload field for programs; its message speaks of the thing itself
("Choose a comment."), never of the field's name, since the live page shows it to people.
"""
from __future__ import annotations

from flask_babel import gettext as _

from participation.core.services import MAX_ID, is_whole_number


class PayloadError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _missing(field: str) -> str:
    return {
        "meeting_id": _("Choose a meeting."),
        "item_id": _("Choose an agenda item."),
        "comment_id": _("Choose a comment."),
    }.get(field, _("A required value is missing."))


def _malformed(field: str) -> str:
    return {
        "meeting_id": _("Unknown meeting."),
        "item_id": _("Unknown agenda item."),
        "comment_id": _("Unknown comment."),
        "last_event_id": _("The last event number must be a whole number."),
    }.get(field, _("A value that must be a whole number is not one."))


def require_field(payload: dict, field: str) -> None:
    """The field must be present (it may be null where the call says so)."""
    if field not in payload:
        raise PayloadError(field, _missing(field))


def integer(payload: dict, field: str, *, minimum: int = 1) -> int:
    """A required whole number (JSON booleans are not numbers here)."""
    if field not in payload or payload[field] is None:
        raise PayloadError(field, _missing(field))
    value = payload[field]
    if not is_whole_number(value) or not minimum <= value <= MAX_ID:
        raise PayloadError(field, _malformed(field))
    return value


def optional_integer(payload: dict, field: str, *, minimum: int = 1) -> int | None:
    if payload.get(field) is None:
        return None
    return integer(payload, field, minimum=minimum)
