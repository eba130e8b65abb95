"""Time buckets in SQL: a timestamp column cut to its UTC minute or day, as the text `YYYY-MM-DDTHH:MM` or
`YYYY-MM-DD`, so comment volume is grouped by the database on SQLite and PostgreSQL alike."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlalchemy.types import String

_FORMATS = {"minute": ("%Y-%m-%dT%H:%M", 'YYYY-MM-DD"T"HH24:MI'), "day": ("%Y-%m-%d", "YYYY-MM-DD")}


class _Bucket(FunctionElement):
    type = String()
    inherit_cache = True
    size = "minute"


class minute_of(_Bucket):  # noqa: N801 - used like an SQL function
    """The UTC minute of a timestamp column."""

    inherit_cache = True
    size = "minute"


class day_of(_Bucket):  # noqa: N801
    """The UTC day of a timestamp column."""

    inherit_cache = True
    size = "day"


@compiles(_Bucket)
def _sqlite(element: _Bucket, compiler, **kw) -> str:
    # SQLite keeps UTCDateTime as naive UTC text (core/db.py): strftime reads it as is.
    return f"strftime('{_FORMATS[element.size][0]}', {compiler.process(element.clauses, **kw)})"


@compiles(_Bucket, "postgresql")
def _postgresql(element: _Bucket, compiler, **kw) -> str:
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC', '{_FORMATS[element.size][1]}')"


def parse_minute(text: str) -> datetime:
    """The aware UTC datetime a `minute_of` bucket names."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M").replace(tzinfo=timezone.utc)


def bucket_expression(column: ColumnElement, size: str) -> _Bucket:
    return minute_of(column) if size == "minute" else day_of(column)
