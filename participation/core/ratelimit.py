"""Rate limits counted by use case (a comment is a comment, by form or by socket), and for socket
events, which HTTP rate limiters never see.

Uses the `limits` library (what Flask-Limiter is built on) with the same storage: memory in one
process, Redis when several processes share the work.

limits' memory storage drops expired entries with a timer that walks every key 10 ms after any hit. A
live session holds a key per socket, so with thousands of viewers that walk ran all the time (17% of a
joining crowd's CPU in a profile). Every read of the storage checks the entries' times itself, so the
walk only frees memory: here it runs every EXPIRY_SWEEP seconds (`SparseExpiryMemoryStorage`).
"""
from __future__ import annotations

import math
import threading
import time
from functools import lru_cache

from flask import current_app
from limits import parse_many
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from participation.core import redis_clients

_EXTENSION = "open_session_rate_limiter"
EXPIRY_SWEEP = 5.0  # seconds between two walks over the memory storage's keys


class SparseExpiryMemoryStorage(MemoryStorage):
    """limits' memory storage, sweeping expired entries every EXPIRY_SWEEP seconds instead of 10 ms
    after every hit (the storage's own, name-mangled, scheduling hook is replaced)."""

    STORAGE_SCHEME = ["open-session-memory"]

    def __init__(self, uri: str | None = None, **options) -> None:
        super().__init__(uri, **options)
        self.timer.cancel()  # the parent's first sweep, 10 ms from now; the first hit schedules ours
        self.timer = threading.Timer(EXPIRY_SWEEP, self._MemoryStorage__expire_events)

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 - the parent's mangled name
        if not self.timer.is_alive():
            self.timer = threading.Timer(EXPIRY_SWEEP, self._MemoryStorage__expire_events)
            self.timer.daemon = True
            self.timer.start()


def _limiter() -> MovingWindowRateLimiter:
    limiter = current_app.extensions.get(_EXTENSION)
    if limiter is None:
        uri = current_app.config["RATELIMIT_STORAGE_URI"]
        if uri.startswith("memory://"):
            storage = SparseExpiryMemoryStorage()
        else:  # Redis, over the process's blocking pool (core/redis_clients.py)
            storage = storage_from_string(uri, connection_pool=redis_clients.pool(uri))
        limiter = current_app.extensions[_EXTENSION] = MovingWindowRateLimiter(storage)
    return limiter


@lru_cache(maxsize=64)
def _parse(limits: str):
    return tuple(parse_many(limits))


def hit(config_key: str, *identity: str) -> int:
    """Count one event against the limits in config[`config_key`]: 0 if allowed, else seconds to wait."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return 0
    limiter = _limiter()
    for limit in _parse(current_app.config[config_key]):
        if not limiter.hit(limit, config_key, *identity):
            reset_at = limiter.get_window_stats(limit, config_key, *identity).reset_time
            return max(1, math.ceil(reset_at - time.time()))
    return 0
