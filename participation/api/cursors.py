"""Opaque page cursors: the key of the last entry a client saw, for the domains' keyset listings.

A cursor is URL-safe base64 of `[listing, key...]`; datetimes travel as ISO 8601. It names its listing, so a
comments cursor given to the meetings listing is refused (422 `invalid_parameter`), as is anything that does
not decode: a bad cursor never reaches a query.
"""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime, timezone

from flask_babel import gettext as _
from flask_smorest import abort

from participation.core.services import MAX_ID


def encode(listing: str, key: tuple) -> str:
    values = [value.isoformat() if isinstance(value, datetime) else value for value in key]
    raw = json.dumps([listing, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _refuse():
    abort(422, messages={"query": {"cursor": [_("This cursor is not one this listing gave.")]}})


def decode(cursor: str | None, listing: str, types: tuple[type, ...]) -> tuple | None:
    """The key in `cursor` (None for the first page), each value of the type at its place in `types`."""
    if cursor is None:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        name, *values = raw
        if name != listing or len(values) != len(types):
            _refuse()
        return tuple(_typed(value, kind) for value, kind in zip(values, types))
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
        _refuse()


def _typed(value, kind: type):
    if kind is datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(value)
        return moment.astimezone(timezone.utc)
    if kind is int and isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID:
        return value
    raise ValueError(value)


def page(listing: str, rows: list, limit: int, key_of) -> dict:
    """A page's envelope from `rows`, read with `limit + 1` so that a full last page needs no empty one
    after it: `{"data": the first limit rows, "next": their last key's cursor, or None when no row follows}`."""
    shown = rows[:limit]
    return {"data": shown, "next": encode(listing, key_of(shown[-1])) if len(rows) > limit else None}
