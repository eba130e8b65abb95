"""The feedback worker: a process of its own (`flask --app app feedback worker`) that takes jobs from
the database queues (jobs.py) and computes, for the claimed item, either its themes from its approved
comments' public (masked) text (themes.py), replacing the item's stored run and themes, or its opinion
map from the votes on them (maps.py, opinion/). Each kind is a `Task`; every round takes one job of each.

The CPU work (morphological analysis, clustering: seconds for a large item) never runs in the web
server, whose one event loop serves every live connection. `python app.py` starts this worker beside
the server, starts it again if it dies (supervision.py) and stops it with the server (`beside_server`),
unless THEMES_WORKER is off.

Each job is three short transactions: the claim, the reading of the comments, and the storing of the
themes with the job's completion (only if the claim is still ours). A job that fails is logged and
released, and this worker leaves it alone for FAILURE_BACKOFF before trying it again; other jobs go
on. SIGTERM or SIGINT stop the worker between jobs, or abandon (and release) the computation under
way. Logs are JSON lines on standard error, like the server's (core/logs.py).

Each round also delivers the e-mail outbox's due messages (accounts/mail.py): the web process delivers
them right after their commit, and this picks up whatever a process that died left behind.
Then the higher domains' periodic work (core/rounds.py: the notifications' fan-out and reminders).

The server imports this module (for `beside_server`) but never themes.py, whose numeric libraries and
Korean model stay out of the web process.
"""
from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import sqlalchemy as sa

from participation.accounts import mail
from participation.comments.models import Comment, CommentStatus
from participation.core import rounds
from participation.core.db import utcnow
from participation.core.logs import JsonFormatter
from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.feedback import jobs, maps
from participation.feedback.models import MapJob, Theme, ThemeJob, ThemeRun
from participation.feedback.supervision import STOP_TIMEOUT, Supervised

if TYPE_CHECKING:
    from participation.feedback.themes import ThemeResult

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # a claim this old belongs to a worker that died: taken again
FAILURE_BACKOFF = 300.0  # seconds this worker leaves a failed job alone
DEFAULT_INTERVAL = 2.0  # seconds between two looks at an empty queue
ERROR_PAUSE = 30.0  # seconds before trying again when the queue itself failed (the database away)
NICENESS = 10  # the worker yields the CPU to the web server on the same machine


class WorkerStopping(BaseException):
    """Raised by a stop signal that arrives during a computation (not an Exception: no job's failure)."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def approved_comments(item_id: int) -> list[tuple[int, str]]:
    """(id, public text) of the item's approved comments, oldest first."""
    return [(row.id, row.public_body) for row in db.session.execute(
        sa.select(Comment.id, Comment.public_body)
        .where(Comment.item_id == item_id, Comment.status == CommentStatus.APPROVED).order_by(Comment.id))]


def store(item_id: int, results: list[ThemeResult], comment_count: int) -> ThemeRun:
    """Replace the item's run and themes by these (in the caller's transaction)."""
    db.session.execute(sa.delete(Theme).where(Theme.item_id == item_id))
    db.session.execute(sa.delete(ThemeRun).where(ThemeRun.item_id == item_id))
    run = ThemeRun(item_id=item_id, computed_at=utcnow(), comment_count=comment_count, themes=[
        Theme(rank=rank, terms=result.terms, size=result.size, representative_ids=result.representative_ids)
        for rank, result in enumerate(results, start=1)])
    db.session.add(run)
    db.session.flush()
    return run


class _Stop:
    """The stop signals' flag; during a computation a signal also interrupts it."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.computing = False

    def __call__(self, signum, _frame) -> None:
        self.event.set()
        if self.computing:
            raise WorkerStopping(signal.Signals(signum).name)

    @contextmanager
    def computation(self) -> Iterator[None]:
        self.computing = True
        try:
            yield
        finally:
            self.computing = False


_NEVER = _Stop()  # for callers without signal handling (tests, the benchmark)


@dataclass(frozen=True)
class Task:
    """One kind of computation over an agenda item: its queue (jobs.py), how to read the item's input (a
    short read transaction), compute the output (no transaction held) and store it (with the job's
    completion); `pause`: seconds this worker then leaves the item alone, so that an item whose input
    keeps changing (votes during the live session) is computed at most that often."""

    name: str
    queue: jobs.Queue
    read: Callable[[int], Any]
    compute: Callable[[Any], Any]
    store: Callable[[int, Any, Any], None]
    describe: Callable[[Any, Any], dict]  # log fields of an input and its output
    pause: float = 0.0


def _store_themes(item_id: int, comments: list, results: list) -> None:
    store(item_id, results, len(comments))


THEMES = Task("themes", ThemeJob, approved_comments, lambda comments: compute(comments), _store_themes,
              lambda comments, results: {"comments": len(comments), "themes": len(results)})
MAP = Task("map", MapJob, maps.read, maps.compute, maps.store, maps.describe, pause=maps.MAP_PAUSE)
TASKS = (THEMES, MAP)


def _claim(name: str, skip: dict[int, float], task: Task) -> jobs.Claim | None:
    now = time.monotonic()
    for item_id in [item for item, until in skip.items() if until <= now]:
        del skip[item_id]
    with write_transaction():
        claim = jobs.claim_next(name, STALE_AFTER, skip=set(skip), queue=task.queue)
        db.session.commit()
    return claim


def _release(claim: jobs.Claim) -> None:
    db.session.rollback()
    with write_transaction():
        jobs.release(claim)
        db.session.commit()


def compute(comments: list[tuple[int, str]]) -> list[ThemeResult]:
    """The themes of these comments (themes.py, imported here: the web process never loads it)."""
    from participation.feedback.themes import compute_themes

    return compute_themes(comments)


def _process(claim: jobs.Claim, stop: _Stop, task: Task) -> None:
    started = time.monotonic()
    given = task.read(claim.item_id)
    db.session.commit()  # ends the read: no snapshot is held during the computation
    with stop.computation():
        output = task.compute(given)
    with write_transaction():
        if not jobs.still_claimed(claim):  # too slow: another worker took the job as stale
            db.session.rollback()
            logger.warning(f"{task.name} discarded", extra={"fields": {"item_id": claim.item_id}})
            return
        task.store(claim.item_id, given, output)
        done = jobs.complete(claim)
        db.session.commit()
    logger.info(f"{task.name} computed", extra={"fields": {
        "item_id": claim.item_id, **task.describe(given, output),
        "seconds": round(time.monotonic() - started, 2), "again": not done}})


def run_once(name: str, skip: dict[int, float], stop: _Stop = _NEVER, backoff: float = FAILURE_BACKOFF,
             task: Task = THEMES) -> bool:
    """Claim one job of `task` and compute it; False when no job was waiting (items in `skip` aside). A
    failure is logged, the job released and its item put in `skip` for `backoff` seconds; a success puts
    it there for the task's pause."""
    claim = _claim(name, skip, task)
    if claim is None:
        return False
    try:
        _process(claim, stop, task)
    except WorkerStopping:
        _release(claim)
        raise
    except Exception:
        logger.exception(f"{task.name} failed", extra={"fields": {"item_id": claim.item_id}})
        _release(claim)
        skip[claim.item_id] = time.monotonic() + backoff
    else:
        if task.pause:
            skip[claim.item_id] = time.monotonic() + task.pause
    return True


def drain(name: str) -> int:
    """Compute every job of every task waiting now, each item once (a failed one is not retried); how
    many were taken."""
    taken = 0
    for task in TASKS:
        skip: dict[int, float] = {}
        while run_once(name, skip, backoff=float("inf"), task=task):
            taken += 1
    return taken


def _log_as_json() -> None:
    """The worker's lines in JSON on standard error, whatever the app's config set up."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)


def serve(name: str, interval: float = DEFAULT_INTERVAL, parent_pid: int | None = None) -> None:
    """Poll the queue until SIGTERM or SIGINT (or, with `parent_pid`, until that parent is gone)."""
    stop = _Stop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    _log_as_json()
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    logger.info("themes worker started", extra={"fields": {"worker": name, "interval": interval}})
    skips: dict[str, dict[int, float]] = {task.name: {} for task in TASKS}
    try:
        while not stop.event.is_set():
            if parent_pid is not None and os.getppid() != parent_pid:
                logger.info("themes worker orphaned", extra={"fields": {"worker": name, "parent": parent_pid}})
                break
            try:
                busy = [run_once(name, skips[task.name], stop, task=task) for task in TASKS]
                busy.append(rounds.run_all())  # the higher domains' periodic work (core/rounds.py)
                busy.append(mail.deliver_pending() > 0)
            except Exception:  # the database away, say: try again after a while
                logger.exception("themes worker error", extra={"fields": {"worker": name}})
                db.session.rollback()
                stop.event.wait(max(interval, ERROR_PAUSE))
                continue
            if not any(busy):
                stop.event.wait(interval)
    except WorkerStopping:
        pass
    finally:
        db.session.remove()
    logger.info("themes worker stopped", extra={"fields": {"worker": name}})


@contextmanager
def beside_server(app, command: list[str] | None = None, **restart) -> Iterator[Supervised | None]:
    """Run the worker (or `command`) as a child process while the block runs, unless THEMES_WORKER is
    off; start it again (after a back-off, logged) whenever it exits while the block runs; stop it
    (SIGTERM, then SIGKILL after STOP_TIMEOUT) when the block ends, however it ends, and never start it
    again then (supervision.py; `restart`: its back-off settings). The child also stops by itself when
    this process disappears without stopping it (`--parent-pid`)."""
    if not app.config.get("THEMES_WORKER"):
        yield None
        return
    command = command or [sys.executable, "-m", "flask", "--app", "app", "feedback", "worker",
                          "--parent-pid", str(os.getpid())]
    supervised = Supervised(command, Path(app.root_path).parent, app.logger, stop_timeout=STOP_TIMEOUT, **restart)
    supervised.start()
    try:
        yield supervised
    finally:
        supervised.stop()
