"""On CI the external services must be there: the suite fails instead of quietly skipping them."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.services import required as _require


@pytest.mark.services
def test_postgresql_is_reachable():
    url = _require("TEST_DATABASE_URL")
    assert url.startswith("postgresql")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    engine.dispose()


@pytest.mark.services
def test_redis_is_reachable():
    import redis

    client = redis.Redis.from_url(_require("TEST_REDIS_URL"), socket_connect_timeout=3)
    assert client.ping() is True
