"""A timestamp column cut to its UTC minute in SQL, as the text `YYYY-MM-DDTHH:MM`, on SQLite and
PostgreSQL alike (the counters' recount groups comment volume by it; the triggers write the same text)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import String


class minute_of(FunctionElement):  # noqa: N801 - used like an SQL function
    """The UTC minute of a timestamp column."""

    type = String()
    inherit_cache = True


@compiles(minute_of)
def _sqlite(element: minute_of, compiler, **kw) -> str:
    # SQLite keeps UTCDateTime as naive UTC text (core/db.py): strftime reads it as is.
    return f"strftime('%Y-%m-%dT%H:%M', {compiler.process(element.clauses, **kw)})"


@compiles(minute_of, "postgresql")
def _postgresql(element: minute_of, compiler, **kw) -> str:
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI')"


def parse_minute(text: str) -> datetime:
    """The aware UTC datetime a minute bucket names."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
