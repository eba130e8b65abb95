"""Keyset pagination: "the rows after this key" in a fixed order, stable under inserts (unlike offsets).

The domains' listings order by a few columns ending in the primary key and take the key of the last row a
client saw; `after` adds the condition in the expanded form `a >= x AND (a > x OR (a = x AND b > y))`,
which SQLite and PostgreSQL both answer from an index on the same columns, entered at `x`.
"""
from __future__ import annotations

from typing import Any, Sequence

import sqlalchemy as sa


def after(stmt: sa.Select, columns: Sequence[Any], key: Sequence[Any] | None) -> sa.Select:
    """`stmt` ordered by `columns`, limited to rows whose columns come after `key` (all when None)."""
    stmt = stmt.order_by(*columns)
    if key is None:
        return stmt
    if len(key) != len(columns):
        raise ValueError("a key has one value per column")
    condition = None
    for i in reversed(range(len(columns))):
        step = columns[i] > key[i]
        condition = step if condition is None else sa.or_(step, sa.and_(columns[i] == key[i], condition))
    # The leading bound alone, beside the exact condition: a range the index is entered at (SQLite does
    # not derive one from the OR, and would read the listing from its start).
    return stmt.where(columns[0] >= key[0], condition) if len(columns) > 1 else stmt.where(condition)
