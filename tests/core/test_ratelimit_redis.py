"""Rate limits on the Redis storage production uses (REDIS_URL): the use-case limits of
participation/core/ratelimit.py (moving window) and Flask-Limiter's login limit (fixed window).

The other rate-limit tests run on in-memory storage; these run against TEST_REDIS_URL (db 15 of the local
Redis by default), skipped locally when Redis is not reachable and failing on CI. Every key a test makes
carries a token of its own (a unique identity, address or e-mail), and only those keys are deleted.
"""
from __future__ import annotations

import hashlib
import ipaddress
import os
import uuid

import pytest

from config import TestConfig
from participation import create_app
from participation.comments import services as comments
from participation.comments.consents import CONSENT_VERSION
from participation.comments.services import Submitter
from participation.core import ratelimit
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import services as meetings
from participation.meetings.models import MeetingState
from tests import factories
from tests.conftest import database_url
from tests.services import ON_CI

pytestmark = pytest.mark.services

DEFAULT_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="module")
def redis_url():
    import redis

    url = os.environ.get("TEST_REDIS_URL") or DEFAULT_URL
    if ON_CI and not os.environ.get("TEST_REDIS_URL"):
        pytest.fail("TEST_REDIS_URL must be set on CI (.ci/run sets it)")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        if ON_CI:
            pytest.fail(f"Redis at {url} is unreachable on CI: {error}")
        pytest.skip(f"Redis at {url} is not reachable: the Redis rate-limit tests run on CI")
    finally:
        client.close()
    return url


@pytest.fixture
def token(redis_url):
    """A string unique to this test, put in every key it makes; afterwards its keys (and only its) go."""
    import redis

    value = f"ostest-{uuid.uuid4().hex}"
    yield value
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"*{value}*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def _keys(redis_url: str, fragment: str) -> list[bytes]:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return list(client.scan_iter(match=f"*{fragment}*", count=1000))
    finally:
        client.close()


def _delete(redis_url: str, *fragments: str) -> None:
    """Delete the keys carrying any of `fragments` (addresses a test made up), and no others."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        for fragment in fragments:
            keys = list(client.scan_iter(match=f"*{fragment}*", count=1000))
            if keys:
                client.delete(*keys)
    finally:
        client.close()


def _redis_app(tmp_path, redis_url, tables: bool = False, **config):
    tmp_path.mkdir(parents=True, exist_ok=True)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp_path), UPLOAD_FOLDER=tmp_path / "up",
                     RATELIMIT_STORAGE_URI=redis_url, **config)
    if tables:
        with app.app_context():
            db.drop_all()
            db.create_all()
    return app


def _drop(app) -> None:
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


# --- participation.core.ratelimit (comments, socket events) ------------------------------------------


def test_use_case_limit_is_counted_in_redis(tmp_path, redis_url, token):
    app = _redis_app(tmp_path, redis_url, COMMENT_RATE_LIMIT="2 per minute")
    with app.app_context():
        assert type(ratelimit._limiter().storage).__name__ == "RedisStorage"
        assert ratelimit.hit("COMMENT_RATE_LIMIT", token) == 0
        assert ratelimit.hit("COMMENT_RATE_LIMIT", token) == 0
        wait = ratelimit.hit("COMMENT_RATE_LIMIT", token)
        assert 1 <= wait <= 60
        assert ratelimit.hit("COMMENT_RATE_LIMIT", f"{token}-other") == 0  # another identity is not affected
    assert _keys(redis_url, token), "the counts were not kept in Redis"


def test_several_limits_apply_together_in_redis(tmp_path, redis_url, token):
    app = _redis_app(tmp_path, redis_url, COMMENT_RATE_LIMIT="5 per minute;2 per hour")
    with app.app_context():
        assert [ratelimit.hit("COMMENT_RATE_LIMIT", token) for _ in range(2)] == [0, 0]
        assert 60 < ratelimit.hit("COMMENT_RATE_LIMIT", token) <= 3600


def test_processes_sharing_redis_share_the_count(tmp_path, redis_url, token):
    """Two apps (as two server processes would) with their own storage objects count against one limit."""
    first = _redis_app(tmp_path / "a", redis_url, SOCKET_EVENT_RATE_LIMIT="3 per minute")
    second = _redis_app(tmp_path / "b", redis_url, SOCKET_EVENT_RATE_LIMIT="3 per minute")
    with first.app_context():
        assert [ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", token) for _ in range(2)] == [0, 0]
    with second.app_context():
        assert ratelimit._limiter() is not None
        assert ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", token) == 0
        assert ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", token) > 0
    with first.app_context():
        assert ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", token) > 0
    assert first.extensions[ratelimit._EXTENSION] is not second.extensions[ratelimit._EXTENSION]


def test_a_guest_comment_beyond_the_limit_is_refused_with_redis(tmp_path, redis_url, token):
    """The use case end to end: the comment service counts a guest's comments per guest and per address
    in Redis, refuses the third, and stores nothing for it."""
    from participation.comments.models import Comment

    app = _redis_app(tmp_path, redis_url, GUEST_COMMENT_RATE_LIMIT="2 per minute")
    address = _address(token)
    with app.app_context():
        db.drop_all()
        db.create_all()
        try:
            meeting = factories.meeting(factories.committee(), items=1)
            meeting.allow_guest_comments = True
            meetings.move_meeting(meeting, MeetingState.PUBLISHED)
            item = meetings.agenda_of(meeting)[0]
            db.session.commit()
            guest = Submitter(guest_id=token, nickname="손님")
            for n in range(2):
                comments.submit(item, guest, body=f"의견 {n}", stance="question", client_key=f"{token}-{n}",
                                remote_addr=address, consent=CONSENT_VERSION)
            db.session.commit()
            with pytest.raises(ServiceError) as error:
                comments.submit(item, guest, body="세 번째", stance="question", client_key=f"{token}-3",
                                remote_addr=_address(token + '-b'), consent=CONSENT_VERSION)
            assert error.value.code == "rate_limited"
            # Another guest id from the same address is counted against that address.
            with pytest.raises(ServiceError) as error:
                comments.submit(item, Submitter(guest_id=f"{token}-b", nickname="손님"), body="네 번째",
                                stance="question", client_key=f"{token}-4", remote_addr=address,
                                consent=CONSENT_VERSION)
            assert error.value.code == "rate_limited"
            db.session.rollback()
            assert db.session.query(Comment).count() == 2
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
            _delete(redis_url, address, _address(token + '-b'))
    assert _keys(redis_url, token)


# --- Flask-Limiter: the login limit --------------------------------------------------------------------


def _address(seed: str) -> str:
    """An address from the documentation range of IPv6 (2001:db8::/32) made from `seed`, so unique to the
    test that makes it (its keys carry it)."""
    digest = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:12], "big")
    return str(ipaddress.IPv6Address((0x20010DB8 << 96) | digest))


def _login_attempt(client, email, address):
    return client.post("/login", data={"email": email, "password": "wrong-password"},
                       environ_base={"REMOTE_ADDR": address})


def test_login_limit_per_address_and_per_email_in_redis(tmp_path, redis_url, token):
    app = _redis_app(tmp_path, redis_url, tables=True, LOGIN_RATE_LIMIT="3 per minute", WTF_CSRF_ENABLED=False)
    from participation.extensions import limiter

    assert type(limiter.storage).__name__ == "RedisStorage"
    client = app.test_client()
    address, other_address = _address(token), _address(token + '-b')
    email = f"{token}@example.org"
    try:
        assert [_login_attempt(client, email, address).status_code for _ in range(3)] == [400] * 3
        assert _login_attempt(client, email, address).status_code == 429
        assert _login_attempt(client, f"other-{token}@example.org", address).status_code == 429  # same address
        assert _login_attempt(client, email, other_address).status_code == 429  # same e-mail, elsewhere
        assert _login_attempt(client, f"third-{token}@example.org", other_address).status_code == 400
        stored = _keys(redis_url, token) + _keys(redis_url, address)
        assert stored, "the login counts were not kept in Redis"
    finally:
        _delete(redis_url, address, other_address)
        _drop(app)


def test_login_limit_holds_across_clients_sharing_redis(tmp_path, redis_url, token):
    """A count kept in Redis outlives the client (and the process's memory): a fresh client of a new app
    on the same Redis is still refused."""
    config = dict(LOGIN_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False)
    email = f"{token}@example.org"
    addresses = [_address(f"{token}-{n}") for n in range(3)]
    first = _redis_app(tmp_path, redis_url, tables=True, **config)
    try:
        assert [_login_attempt(first.test_client(), email, addresses[n]).status_code for n in range(2)] == [400, 400]
        second = _redis_app(tmp_path, redis_url, **config)  # same database; re-initialises the limiter's storage
        assert _login_attempt(second.test_client(), email, addresses[2]).status_code == 429
    finally:
        _delete(redis_url, *addresses)
        _drop(first)
