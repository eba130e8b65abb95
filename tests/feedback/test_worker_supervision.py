"""The feedback worker beside the server is started again when it dies while the server runs (a crash,
an out-of-memory kill), after a logged back-off, and never once the server stops it."""
from __future__ import annotations

import logging
import os
import signal
import sys
import time

import pytest

from participation.feedback import worker
from tests.conftest import database_url

GENEROUS = 120.0  # seconds: a slow machine, not a timing assertion


def eventually(condition, timeout: float = GENEROUS) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def real_worker(app, tmp_path, monkeypatch):
    """The app with THEMES_WORKER on, and the environment its child worker process reads (the test
    database), so that `beside_server` runs the real `flask feedback worker`."""
    monkeypatch.setenv("OPEN_SESSION_ENV", "test")
    monkeypatch.setenv("TEST_DATABASE_URL", database_url(tmp_path))
    app.config["THEMES_WORKER"] = True
    return app


def test_a_killed_worker_comes_back_and_shutdown_does_not_restart_it(real_worker, caplog):
    caplog.set_level(logging.INFO)
    with worker.beside_server(real_worker, backoff=0.2) as supervised:
        first = supervised.process
        assert "--parent-pid" in first.args and first.poll() is None
        os.kill(first.pid, signal.SIGKILL)
        assert eventually(lambda: supervised.process is not first and supervised.poll() is None)
        assert first.returncode == -signal.SIGKILL and supervised.restarts == 1
        second = supervised.process
    assert second.returncode is not None  # stopped with the server
    time.sleep(0.5)  # longer than the back-off: a restart would have happened by now
    assert supervised.process is second and supervised.restarts == 1
    messages = [record.getMessage() for record in caplog.records if record.name == real_worker.logger.name]
    assert messages[:3] == ["themes worker spawned", "themes worker exited", "themes worker restarted"]
    exited = next(r for r in caplog.records if r.getMessage() == "themes worker exited")
    assert exited.fields["returncode"] == -signal.SIGKILL and exited.fields["restart_in"] == 0.2


def test_the_back_off_doubles_while_the_child_keeps_dying(app, caplog):
    app.config["THEMES_WORKER"] = True
    caplog.set_level(logging.INFO)
    dying = [sys.executable, "-c", "raise SystemExit(3)"]
    with worker.beside_server(app, command=dying, backoff=0.05, backoff_max=0.2) as supervised:
        assert eventually(lambda: supervised.restarts >= 4)
    delays = [r.fields["restart_in"] for r in caplog.records if r.getMessage() == "themes worker exited"]
    assert delays[:4] == [0.05, 0.1, 0.2, 0.2]
    assert all(r.fields["returncode"] == 3 for r in caplog.records if r.getMessage() == "themes worker exited")


def test_stopping_during_the_back_off_starts_nothing(app):
    app.config["THEMES_WORKER"] = True
    with worker.beside_server(app, command=[sys.executable, "-c", "pass"], backoff=3600) as supervised:
        first = supervised.process
        assert eventually(lambda: first.poll() is not None)
    assert supervised.process is first and supervised.restarts == 0

