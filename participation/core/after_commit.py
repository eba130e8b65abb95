"""Emit after commit: messages queued during a transaction are sent only once it commits.

So no viewer ever sees, and no mail tells of, what the database does not hold; a rollback drops the
queue. The live broadcasts (live/events.py) and the mail delivery (accounts/mail.py) leave through it.
"""
from __future__ import annotations

import threading
from typing import Callable

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

_KEY = "after_commit"


def queue(session: Session, send: Callable[[], None], once: str | None = None) -> None:
    """Run `send` after `session` commits (never if it rolls back); with `once`, only the first `send`
    queued under that name in this transaction runs (one mail delivery for a batch of mails)."""
    pending = session.info.setdefault(_KEY, {})
    pending.setdefault(once or object(), send)


def in_background(session: Session, work: Callable[[], None], name: str) -> None:
    """After `session` commits, run `work` in a daemon thread of this process (a greenlet under `python
    app.py`, whose gevent patches threading: its waits never hold the event loop), inside this app's
    context; once per transaction however often it is asked for under `name`. A failure is logged: the
    work is left for the worker's round (mail delivery, notification fan-out)."""
    app = current_app._get_current_object()

    def run() -> None:
        from participation.extensions import db

        with app.app_context():
            try:
                work()
            except Exception:  # noqa: BLE001 - logged; the worker's round takes it up
                app.logger.exception(f"{name} after commit failed")
            finally:
                db.session.remove()

    queue(session, lambda: threading.Thread(target=run, name=name, daemon=True).start(), once=name)


# Both events also fire when a SAVEPOINT is released or rolled back; only the outer transaction counts.
def _flush(session: Session) -> None:
    if not session.in_nested_transaction():
        for send in session.info.pop(_KEY, {}).values():
            send()


def _drop(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_KEY, None)


def install() -> None:
    """Listen to every session's commits and rollbacks; called by the application factory (idempotent)."""
    for name, listener in (("after_commit", _flush), ("after_rollback", _drop)):
        if not sa.event.contains(Session, name, listener):
            sa.event.listen(Session, name, listener)
