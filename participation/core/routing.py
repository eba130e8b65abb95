"""URL converters shared by every blueprint.

`IdConverter` replaces Flask's `int` converter for the whole app: an id in a URL is ASCII digits in the
database's integer range (64-bit signed), so `/meetings/1180591620717411303424` or `/meetings/٣` match no
rule and answer 404 instead of overflowing the database driver (500) or aliasing `/meetings/3`.

`public_url` builds the absolute address people reach the site at, outside any request too (mails).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
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


def public_url(endpoint: str, **values) -> str:
    """The absolute address of `endpoint` at `PUBLIC_URL`: a mail is read far from the request that
    composed it, and may be composed by a command or a socket event."""
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
