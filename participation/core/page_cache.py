"""Public pages served from a cache that cannot be stale: the content version.

Every transaction that writes anything a page could show moves the site's content version forward as it
commits. Detection is at the lowest level, the SQL itself (`before_cursor_execute`: any INSERT, UPDATE or
DELETE on a table outside IGNORED_TABLES), so no second path to a change (a service, a trigger's
statement, a command, the worker) can forget to invalidate. Where the version lives:

- without Redis (the one-process default): the row of `content_versions`, incremented in the same
  transaction as the change (SQLite serializes writers anyway). A page reads it in the transaction it
  renders from, so the version and the data come from one snapshot.
- with Redis (several processes): `INCR open-session:content-version` right after the commit, before
  the writer's response leaves; a page reads it before its database transaction begins, so a page
  rendered from data older than a version is never stored under it.

`cached_page` serves a view's HTML from a per-process cache keyed by (version, language, URL) when the
visitor is anonymous and the page is the same for every anonymous visitor (no guest id, no flashed
message in the session). The CSRF token of the forms is the one per-visitor part: it is stored as a
placeholder and filled with the visitor's own on the way out. Every answer carries a weak ETag of
(version, language, URL, when it was rendered, the visitor's CSRF secret), and a matching If-None-Match
answers 304. What the clock alone changes (a meeting moving from "upcoming" to "past" as it starts)
no write announces: an entry lives PAGE_CACHE_SECONDS at most.
"""
from __future__ import annotations

import functools
import hashlib
import re
import threading
import time

import sqlalchemy as sa
from cachetools import TTLCache
from flask import current_app, make_response, request, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from participation.core import redis_clients
from participation.core.db import Base
from participation.core.i18n import current_language
from participation.extensions import db

REDIS_KEY = "open-session:content-version"
IGNORED_TABLES = frozenset({"mail_messages", "content_versions"})  # nothing a page shows
_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_WRITING_CTE = re.compile(r"^\s*WITH\b.*\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE | re.DOTALL)
_CHANGED = "content_changed"
_PLACEHOLDER = "\x00csrf\x00"
CACHE_SIZE = 512


class ContentVersion(Base):
    """The one row (id 1) whose `number` moves forward with every committed change (without Redis)."""

    __tablename__ = "content_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(sa.BigInteger, default=0)


def _saw_statement(conn, _cursor, statement: str, _parameters, _context, _executemany) -> None:
    match = _WRITE.match(statement)
    if (match and match.group(1).lower() not in IGNORED_TABLES) or (not match and _WRITING_CTE.match(statement)):
        conn.info[_CHANGED] = True


def _connection_changed(session: Session) -> bool:
    if not session.in_transaction():
        return False
    return bool(session.connection().info.pop(_CHANGED, False))


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()
    if not _connection_changed(session):
        return
    if _redis_url():
        session.info[_CHANGED] = True
    else:
        bumped = session.execute(sa.update(ContentVersion).where(ContentVersion.id == 1)
                                 .values(number=ContentVersion.number + 1)).rowcount
        if not bumped:
            session.add(ContentVersion(id=1, number=1))
            session.flush()


def _after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        _redis().incr(REDIS_KEY)


def _forget_on_rollback(conn) -> None:
    conn.info.pop(_CHANGED, None)


def _session_rolled_back(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_CHANGED, None)


_installed = threading.Lock()


def install() -> None:
    """Listen to every statement and commit (idempotent); called by the application factory."""
    with _installed:
        for target, name, listener in ((Engine, "before_cursor_execute", _saw_statement),
                                       (Engine, "rollback", _forget_on_rollback),
                                       (Session, "before_commit", _before_commit),
                                       (Session, "after_commit", _after_commit),
                                       (Session, "after_rollback", _session_rolled_back)):
            if not sa.event.contains(target, name, listener):
                sa.event.listen(target, name, listener)


def _redis_url() -> str | None:
    try:
        return current_app.config.get("REDIS_URL")
    except RuntimeError:  # no app: a bare engine (a migration script)
        return None


def _redis():
    return redis_clients.client()


def content_version() -> int:
    """The current content version (see the module's docstring for when to read it)."""
    if _redis_url():
        return int(_redis().get(REDIS_KEY) or 0)
    return db.session.scalar(sa.select(ContentVersion.number).where(ContentVersion.id == 1)) or 0


def _same_for_every_visitor() -> bool:
    return (request.method == "GET" and "_user_id" not in session and "guest_id" not in session
            and "_flashes" not in session and current_app.config["REMEMBER_COOKIE_NAME"] not in request.cookies
            and current_app.config["PAGE_CACHE"])


def _cache() -> TTLCache:
    cache = current_app.extensions.get("open_session_pages")
    if cache is None:
        cache = current_app.extensions["open_session_pages"] = TTLCache(
            maxsize=CACHE_SIZE, ttl=current_app.config["PAGE_CACHE_SECONDS"])
    return cache


def cached_page(view):
    """Serve `view`'s 200 HTML answers to anonymous visitors from the cache (see the module docstring)."""

    @functools.wraps(view)
    def serve(*args, **kwargs):
        if not _same_for_every_visitor():
            return view(*args, **kwargs)
        if _redis_url():
            db.session.commit()  # ends any snapshot a hook opened: the version is read before the data
        key = (content_version(), current_language(), request.full_path)
        token = generate_csrf()
        entry = _cache().get(key)
        if entry is None:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or response.mimetype != "text/html":
                return response
            entry = _cache()[key] = (response.get_data(as_text=True).replace(token, _PLACEHOLDER), time.time())
        html, rendered_at = entry
        response = make_response(html.replace(_PLACEHOLDER, token))
        # The session's CSRF secret, not the token: a token is signed anew (with the time) at every request,
        # while any token of the same secret stays valid, so a browser's copy stays usable.
        visitor = session.get("csrf_token", "")
        response.set_etag(hashlib.sha256(repr((key, rendered_at, visitor)).encode()).hexdigest()[:32], weak=True)
        response.headers["Cache-Control"] = "no-cache"
        response.vary.update(("Cookie", "Accept-Language"))
        return response.make_conditional(request)

    return serve
