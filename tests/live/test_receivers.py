"""Signal receivers and the after-commit outbox are connected by the application factory, explicitly:
importing a module connects nothing, and connecting twice connects once."""
from __future__ import annotations

import subprocess
import sys

import sqlalchemy as sa
from sqlalchemy.orm import Session

from participation.core import after_commit, signals
from participation.live import receivers
from tests.server import PROJECT


def test_importing_the_modules_connects_nothing():
    probe = (
        "import sqlalchemy as sa; from sqlalchemy.orm import Session\n"
        "import participation.live.events, participation.live.receivers, participation.live.namespace\n"
        "from participation.core import signals; from participation.core import after_commit\n"
        "print(sum(len(s.receivers) for s in (signals.comment_submitted, signals.meeting_state_changed)),"
        " sa.event.contains(Session, 'after_commit', after_commit._flush))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]


def test_the_factory_connects_every_receiver_once(app):
    receivers.connect()
    after_commit.install()
    for signal, receiver in receivers.RECEIVERS:
        assert list(signal.receivers_for(None)).count(receiver) == 1
    assert sa.event.contains(Session, "after_commit", after_commit._flush)
    assert sa.event.contains(Session, "after_rollback", after_commit._drop)
    assert signals.meeting_state_changed in {signal for signal, _ in receivers.RECEIVERS}
