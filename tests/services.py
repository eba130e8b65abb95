"""The external services a test needs (PostgreSQL, Redis): on CI they must be there, and a test fails
instead of quietly skipping; elsewhere a test without them is skipped."""
from __future__ import annotations

import os

import pytest

ON_CI = os.environ.get("CI") == "true"


def required(name: str) -> str:
    """The value of the environment variable `name` (TEST_DATABASE_URL, TEST_REDIS_URL): fails on CI
    without it, skips elsewhere."""
    value = os.environ.get(name)
    if not value:
        if ON_CI:
            pytest.fail(f"{name} must be set on CI (.ci/run sets it)")
        pytest.skip(f"{name} not set: service tests run on CI")
    return value
