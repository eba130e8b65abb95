"""Rate limits counted by use case (a comment is a comment, by form or by socket), and for socket
events, which HTTP rate limiters never see.

Uses the `limits` library (what Flask-Limiter is built on) with the same storage: memory in one
process, Redis when several processes share the work.
"""
from __future__ import annotations

import math
import time
from functools import lru_cache

from flask import current_app
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

_EXTENSION = "open_session_rate_limiter"


def _limiter() -> MovingWindowRateLimiter:
    limiter = current_app.extensions.get(_EXTENSION)
    if limiter is None:
        storage = storage_from_string(current_app.config["RATELIMIT_STORAGE_URI"])
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
