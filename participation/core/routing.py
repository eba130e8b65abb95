"""URL converters shared by every blueprint.

`IdConverter` replaces Flask's `int` converter for the whole app: an id in a URL is ASCII digits in the
database's integer range (64-bit signed), so `/meetings/1180591620717411303424` or `/meetings/٣` match no
rule and answer 404 instead of overflowing the database driver (500) or aliasing `/meetings/3`.
"""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

from participation.core.services import MAX_ID


class IdConverter(IntegerConverter):
    """`<int:...>` bounded to 1..MAX_ID by default, ASCII digits only."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)


def register(app) -> None:
    """Install the converters; call before any blueprint adds a rule."""
    app.url_map.converters["int"] = IdConverter
