"""A crowd on the default set-up (one gevent process, SQLite): citizens registering at the same time,
then 30 sockets submitting at once, each waiting for its ack. Every call is answered
`ok` and every acknowledged comment is stored. (Before write units, most got `server_error`:
"database is locked". Throughput is measured by bench/ingest.py, not asserted here.)"""
from __future__ import annotations

import pytest

from tests.crowd import crowd, first_item, register_many
from tests.e2e.conftest import MEETING_ID
from tests.server import ServerProcess

CITIZENS = 10  # registering hashes a password (on purpose slow): fewer accounts, each on three sockets
SOCKETS_EACH = 3
COMMENTS_EACH = 15


@pytest.fixture
def sqlite_server(tmp_path):
    server = ServerProcess(tmp_path, COMMENT_RATE_LIMIT="100000 per minute", SOCKET_EVENT_RATE_LIMIT="100000 per minute",
                           REGISTER_RATE_LIMIT="100000 per minute").prepare().start()
    yield server
    server.stop()


def test_a_crowd_of_citizens_is_acknowledged_and_stored_without_errors(sqlite_server):
    item_id = first_item(sqlite_server.url, MEETING_ID)
    cookies = register_many(sqlite_server.url, CITIZENS)  # concurrent HTTP writes: every one a 302
    outcome = crowd(sqlite_server.url, cookies * SOCKETS_EACH, item_id, COMMENTS_EACH)
    tally = outcome["tally"]
    assert tally.errors == [] and tally.cut == 0
    assert len(tally.acked) == CITIZENS * SOCKETS_EACH * COMMENTS_EACH
    stored = dict(sqlite_server.rows("SELECT client_key, id FROM comments WHERE client_key LIKE ?",
                                     f"{outcome['tag']}-%"))
    assert stored == tally.acked
    assert "database is locked" not in sqlite_server.log()
