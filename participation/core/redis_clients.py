"""The app's own Redis clients (rate limits, presence, the page cache) share one blocking connection pool
per process.

redis-py's default pool holds at most 100 connections and raises `MaxConnectionsError` past them; under
gevent a crowd of sockets joining at once has more greenlets than that talking to Redis, and each one
that got the error lost its join. A `BlockingConnectionPool` of REDIS_MAX_CONNECTIONS makes the excess
wait up to REDIS_POOL_TIMEOUT seconds for a free connection instead. The Socket.IO manager (live/rooms.py)
makes its own pool from the URL: it gets the same maximum.
"""
from __future__ import annotations

import redis
from flask import current_app

_POOL = "open_session_redis_pool"
_CLIENT = "open_session_redis"


def pool(url: str | None = None, app=None) -> redis.BlockingConnectionPool:
    """This process's pool to `url` (REDIS_URL when omitted) for `app` (the current one when omitted),
    made at first use."""
    app = app or current_app
    url = url or app.config["REDIS_URL"]
    pools = app.extensions.setdefault(_POOL, {})
    if url not in pools:
        pools[url] = redis.BlockingConnectionPool.from_url(
            url, max_connections=app.config["REDIS_MAX_CONNECTIONS"], timeout=app.config["REDIS_POOL_TIMEOUT"])
    return pools[url]


def client(app=None) -> redis.Redis:
    """The client over this process's pool (REDIS_URL must be set)."""
    app = app or current_app
    made = app.extensions.get(_CLIENT)
    if made is None:
        made = app.extensions[_CLIENT] = redis.Redis(connection_pool=pool(app=app))
    return made
