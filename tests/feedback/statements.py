"""Counting the SQL statements a request or a block runs (a `before_cursor_execute` listener), for the
tests that pin a page's statement count whatever the number of meetings or items on it (no N+1)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa

from participation.extensions import db


@contextmanager
def statements(app) -> Iterator[list[str]]:
    """The statements run on the app's engine while the block runs, in order."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def statements_to_get(app, client, url: str) -> list[str]:
    """The statements one GET of `url` runs (it must answer 200)."""
    with statements(app) as seen:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return seen
