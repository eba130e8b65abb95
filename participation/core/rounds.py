"""Periodic work that higher domains hand to the worker's round, which a lower domain runs.

The feedback worker (feedback/worker.py) runs `run_all()` once per round; a domain above feedback (which
feedback may not import) registers its work with `register(fn)` when the application is created. Each
`fn()` takes no argument, commits its own transactions and answers whether it found work (truthy), so the
worker knows whether to wait before the next round. One function's failure is logged and rolled back; the
others still run.
"""
from __future__ import annotations

import logging
from typing import Callable

from participation.extensions import db

logger = logging.getLogger(__name__)

_registered: list[Callable[[], object]] = []


def register(fn: Callable[[], object]) -> None:
    """Run `fn` in every round of the worker (idempotent: registering twice runs it once)."""
    if fn not in _registered:
        _registered.append(fn)


def registered() -> tuple[Callable[[], object], ...]:
    """What each round runs, in the order it was registered."""
    return tuple(_registered)


def run_all() -> bool:
    """Run every registered function once; True when one of them found work."""
    busy = False
    for fn in tuple(_registered):
        try:
            busy = bool(fn()) or busy
        except Exception:  # the next round tries again; the other functions go on
            logger.exception("round failed", extra={"fields": {"round": getattr(fn, "__qualname__", repr(fn))}})
            db.session.rollback()
    return busy
