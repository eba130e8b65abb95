"""An acknowledged comment is never lost, not even when the server is killed mid-stream.

Many short-lived submitters (each a new socket that sends a few comments, one after the other's ack,
then leaves) keep the server busy; the server is killed with SIGKILL at a random point, several times,
and restarted on the same data. After each restart every client key that was acknowledged, in this
round or any before, must be stored with the acknowledged comment id. Comments in flight at the kill
may or may not be stored; they were not acknowledged. Runs on SQLite, and on PostgreSQL (a scratch
database of its own) when TEST_DATABASE_URL is set, as on CI.

This does not rest on timing: what it counts is acks against rows. That the ack leaves only after the
commit is asserted directly by tests/live/test_namespace.py::test_submit_is_acknowledged_after_the_commit.
"""
from __future__ import annotations

import os
import random
import threading
import time
import uuid

import pytest

from tests.crowd import Tally, connect, first_item, register_many, submit_all
from tests.e2e.conftest import MEETING_ID
from tests.server import ServerProcess

ROUNDS = 3
SUBMITTERS = 8
ACCOUNTS = 4  # two submitters per account at a time (hashing passwords at registration is slow)
LIMITS = {"COMMENT_RATE_LIMIT": "100000 per minute", "SOCKET_EVENT_RATE_LIMIT": "100000 per minute",
          "REGISTER_RATE_LIMIT": "100000 per minute"}


@pytest.fixture(params=["sqlite", "postgresql"])
def own_server(request, tmp_path):
    postgres = None
    if request.param == "postgresql":
        postgres = os.environ.get("TEST_DATABASE_URL")
        if not postgres:
            if os.environ.get("CI") == "true":
                pytest.fail("TEST_DATABASE_URL must be set on CI")
            pytest.skip("TEST_DATABASE_URL not set: the PostgreSQL durability run is on CI")
    server = ServerProcess(tmp_path, postgres=postgres, **LIMITS)
    try:
        yield server.prepare().start()
    finally:
        server.stop()  # drops a PostgreSQL scratch database, also when the start failed


def _short_lived_submitters(url: str, cookie: str, item_id: int, tag: str, tally: Tally, stop: threading.Event,
                            rng: random.Random) -> None:
    """Connect, send one to five comments, leave; again, until stopped or the server is gone."""
    n = 0
    while not stop.is_set():
        try:
            client = connect(url, cookie, wait_timeout=10)
        except Exception:  # noqa: BLE001 - the server died under us (that is the point), or was slow
            continue
        keys = [f"{tag}-{n + i}" for i in range(rng.randint(1, 5))]
        n += len(keys)
        submit_all(client, item_id, keys, tally, stop)
        # A disconnect waits for the transport's read loop; the next submitter need not.
        threading.Thread(target=_leave, args=(client,), daemon=True).start()


def _leave(client) -> None:
    try:
        client.disconnect()
    except Exception:  # noqa: BLE001 - already gone with the server
        pass


def test_every_acknowledged_comment_survives_sigkill_at_random_points(own_server):
    seed = int(os.environ.get("DURABILITY_SEED") or random.randrange(1 << 30))
    rng = random.Random(seed)
    item_id = first_item(own_server.url, MEETING_ID)
    cookies = register_many(own_server.url, ACCOUNTS)
    run = uuid.uuid4().hex[:6]
    acknowledged: dict[str, int] = {}
    for round_ in range(ROUNDS):
        tally, stop = Tally(), threading.Event()
        threads = [threading.Thread(target=_short_lived_submitters, daemon=True, args=(
            own_server.url, cookies[s % ACCOUNTS], item_id, f"{run}-{round_}-{s}", tally, stop,
            random.Random(rng.random()))) for s in range(SUBMITTERS)]
        for thread in threads:
            thread.start()
        kill_after = rng.randint(10, 80)  # acks, then a random fraction of a comment's time
        deadline = time.monotonic() + 60
        while len(tally.acked) < kill_after and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.02))
        own_server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        assert len(tally.acked) >= kill_after, (
            f"round {round_}: {len(tally.acked)} acks, {tally.cut} calls cut, {len(tally.errors)} refused before "
            f"the kill (seed {seed}); server log:\n{own_server.log()[-3000:]}")
        assert tally.errors == [], f"round {round_}: refused calls (seed {seed})"
        acknowledged.update(tally.acked)

        own_server.start()  # a restart on the same database: it opens and serves again
        stored = dict(own_server.rows("SELECT client_key, id FROM comments WHERE client_key LIKE ?", f"{run}-%"))
        lost = {key: cid for key, cid in acknowledged.items() if stored.get(key) != cid}
        assert lost == {}, f"round {round_}: {len(lost)} acknowledged comments missing (seed {seed})"
