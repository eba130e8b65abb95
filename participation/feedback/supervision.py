"""A child process kept running beside the server (the feedback worker, worker.py `beside_server`): started
with the server, started again when it exits while the server runs (a crash, an out-of-memory kill),
stopped with the server.

A watcher thread (a greenlet under `python app.py`, whose gevent patches threading and subprocess) waits
for the child. When it exits unexpectedly it is logged and started again after a back-off that doubles
from RESTART_BACKOFF up to RESTART_BACKOFF_MAX on each exit in a row, and falls back to RESTART_BACKOFF
once a child has run STABLE_AFTER seconds: a worker that fails at every start (the database away, a bad
deployment) is not restarted in a busy loop. `stop` first tells the watcher (under the same lock as a
restart, so no child starts after it), then stops the child politely, then not (`stop_child`).
"""
from __future__ import annotations

import logging
import subprocess
import threading
import time
from pathlib import Path

STOP_TIMEOUT = 10.0  # seconds the child gets to stop before it is killed
RESTART_BACKOFF = 1.0  # seconds before the first restart after an exit
RESTART_BACKOFF_MAX = 60.0  # the longest wait between two restarts
STABLE_AFTER = 60.0  # a child that ran this long starts the back-off over when it exits
WATCH_INTERVAL = 0.5  # seconds between two looks at the stop flag while the child runs


def stop_child(process: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> int:
    """Stop a child process politely (SIGTERM), then not (SIGKILL after `timeout`); its exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


class Supervised:
    """A command run as a child process and started again whenever it exits before `stop`. `process` is
    the current child; `restarts` counts the restarts so far."""

    def __init__(self, command: list[str], cwd: Path, logger: logging.Logger, name: str = "themes worker", *,
                 backoff: float = RESTART_BACKOFF, backoff_max: float = RESTART_BACKOFF_MAX,
                 stable_after: float = STABLE_AFTER, stop_timeout: float = STOP_TIMEOUT) -> None:
        self.command, self.cwd, self.logger, self.name = command, cwd, logger, name
        self.backoff, self.backoff_max, self.stable_after = backoff, backoff_max, stable_after
        self.stop_timeout = stop_timeout
        self.restarts = 0
        self.process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._started_at = 0.0
        self._watcher = threading.Thread(target=self._watch, name=f"{name} watcher", daemon=True)

    # The current child's, as a Popen's (the server's callers and tests read them).
    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def returncode(self) -> int | None:
        return self.process.returncode if self.process else None

    def poll(self) -> int | None:
        return self.process.poll() if self.process else None

    def start(self) -> Supervised:
        with self._lock:
            self._spawn()
        self.logger.info(f"{self.name} spawned", extra={"fields": {"pid": self.process.pid}})
        self._watcher.start()
        return self

    def stop(self) -> int | None:
        """Stop the child and never start it again; its exit code (None if none was started)."""
        with self._lock:
            self._stopping.set()
        if self._watcher.is_alive():
            self._watcher.join()
        return stop_child(self.process, self.stop_timeout) if self.process else None

    def _spawn(self) -> None:
        self.process = subprocess.Popen(self.command, cwd=self.cwd)
        self._started_at = time.monotonic()

    def _exit_code(self) -> int | None:
        """Wait for the current child to exit: its exit code, or None once stopping."""
        while not self._stopping.is_set():
            try:
                return self.process.wait(timeout=WATCH_INTERVAL)
            except subprocess.TimeoutExpired:
                continue
        return None

    def _watch(self) -> None:
        delay = self.backoff
        while True:
            code = self._exit_code()
            if code is None or self._stopping.is_set():
                return
            ran = time.monotonic() - self._started_at
            if ran >= self.stable_after:
                delay = self.backoff
            self.logger.warning(f"{self.name} exited", extra={"fields": {
                "pid": self.process.pid, "returncode": code, "seconds": round(ran, 1), "restart_in": delay}})
            if self._stopping.wait(delay):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                self._spawn()
                self.restarts += 1
            self.logger.warning(f"{self.name} restarted", extra={"fields": {
                "pid": self.process.pid, "restarts": self.restarts}})
            delay = min(delay * 2, self.backoff_max)
