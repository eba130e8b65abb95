"""The notification receivers and the worker's periodic work are wired by the application factory,
explicitly and once; importing the modules connects nothing; a failing round does not stop the others."""
from __future__ import annotations

import subprocess
import sys

from participation.core import rounds, signals
from participation.notifications import fanout, receivers, reminders
from tests.server import PROJECT


def test_importing_the_modules_connects_nothing():
    probe = (
        "import participation.notifications.receivers, participation.notifications.views\n"
        "from participation.core import rounds, signals\n"
        "print(len(signals.reply_posted.receivers), len(rounds.registered()))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]


def test_the_factory_connects_every_receiver_and_round_once(app):
    receivers.connect()
    for signal, receiver in receivers.RECEIVERS:
        assert list(signal.receivers_for(None)).count(receiver) == 1
    assert {signals.comment_decided, signals.reply_posted, signals.meeting_state_changed,
            signals.meeting_rescheduled} <= {signal for signal, _ in receivers.RECEIVERS}
    assert rounds.registered().count(fanout.expand_pending) == 1
    assert rounds.registered().count(reminders.remind_periodically) == 1


def test_a_failing_round_is_logged_and_the_others_still_run(app_ctx, monkeypatch, caplog):
    ran = []

    def broken():
        raise RuntimeError("database away")

    monkeypatch.setattr(rounds, "_registered", [broken, lambda: ran.append(1) or True])
    monkeypatch.setattr(rounds.logger, "disabled", False)  # Alembic's fileConfig (a migration test) disables it
    assert rounds.run_all() is True and ran == [1]
    assert "round failed" in caplog.text
