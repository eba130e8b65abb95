"""The socket events' in-memory rate limits (core/ratelimit.py): limits hold exactly as limits' own
memory storage holds them, and expired entries are swept on a slow timer instead of every 10 ms."""
from __future__ import annotations

import time

from participation.core import ratelimit
from participation.core.ratelimit import SparseExpiryMemoryStorage


def test_the_limit_counts_exactly_and_a_new_window_allows_again(app_ctx, monkeypatch):
    app_ctx.config["SOCKET_EVENT_RATE_LIMIT"] = "3 per second"
    assert [ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", "user:1") for _ in range(3)] == [0, 0, 0]
    assert ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", "user:1") >= 1
    assert ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", "user:2") == 0  # someone else is counted apart
    time.sleep(1.05)  # the window moved on, though no sweep ran yet
    assert ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", "user:1") == 0


def test_the_process_uses_the_sparse_storage_and_sweeps_late(app_ctx):
    ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", "user:sweep")
    storage = app_ctx.extensions[ratelimit._EXTENSION].storage
    assert isinstance(storage, SparseExpiryMemoryStorage)
    assert storage.timer.interval == ratelimit.EXPIRY_SWEEP and storage.timer.daemon


def test_a_sweep_frees_the_expired_keys(monkeypatch):
    storage = SparseExpiryMemoryStorage()
    monkeypatch.setattr(ratelimit, "EXPIRY_SWEEP", 0.05)
    storage.timer.cancel()
    assert storage.acquire_entry("socket:1", limit=5, expiry=0.01)  # a 10 ms window
    time.sleep(0.3)
    assert storage.events["socket:1"] == []  # the expired entries are gone
