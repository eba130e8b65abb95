"""Presence across processes recovers from a process that died without a word: its viewers stop
counting once its heartbeat lapses (live/presence.py), against the real Redis of TEST_REDIS_URL."""
from __future__ import annotations

import uuid

import pytest

from participation.live import presence
from tests.services import required

pytestmark = pytest.mark.services


@pytest.fixture
def redis_app(app):
    app.config["REDIS_URL"] = required("TEST_REDIS_URL")
    with app.app_context():
        yield app
        app.extensions.pop("open_session_redis").close()


@pytest.fixture
def meeting_id(redis_app, monkeypatch):
    """A meeting id nobody else's test uses, and its keys removed afterwards."""
    monkeypatch.setattr(presence, "_beaten", 0.0)  # this process's next publish renews its heartbeat
    number = 10**9 + uuid.uuid4().int % 10**9
    yield number
    client = presence._redis()
    client.delete(presence._viewers_key(number))
    presence._viewers.pop(number, None)
    presence._sent.pop(number, None)


def _other_process(meeting_id: int, viewers: int, alive: bool) -> str:
    name = f"other-{uuid.uuid4().hex[:8]}"
    client = presence._redis()
    client.hset(presence._viewers_key(meeting_id), name, viewers)
    if alive:
        client.set(presence._heartbeat_key(name), 1, ex=60)
    return name


def test_a_dead_process_no_longer_counts_and_its_field_is_deleted(meeting_id):
    living = _other_process(meeting_id, 3, alive=True)
    dead = _other_process(meeting_id, 40, alive=False)
    presence.join(meeting_id, "sid-here")
    assert presence.count(meeting_id) == 4
    fields = presence._redis().hgetall(presence._viewers_key(meeting_id))
    assert dead.encode() not in fields and living.encode() in fields
    presence.leave("sid-here")
    presence._redis().delete(presence._heartbeat_key(living))


def test_a_process_counts_as_alive_from_its_first_join(meeting_id):
    presence._redis().delete(presence._heartbeat_key(presence._PROCESS))  # a process just started
    presence.join(meeting_id, "sid-first")
    assert presence._redis().ttl(presence._heartbeat_key(presence._PROCESS)) > 0
    assert presence.count(meeting_id) == 1
    presence.leave("sid-first")


def test_the_recount_finds_a_meeting_whose_count_a_death_changed(meeting_id):
    other = _other_process(meeting_id, 5, alive=True)
    presence.join(meeting_id, "sid-recount")
    presence._sent[meeting_id] = presence.count(meeting_id)
    assert presence._sent[meeting_id] == 6 and meeting_id not in presence._recount()
    presence._redis().delete(presence._heartbeat_key(other))  # its heartbeat lapses
    assert meeting_id in presence._recount()
    presence.leave("sid-recount")
