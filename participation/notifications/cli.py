"""`flask --app app notifications remind [--today YYYY-MM-DD]`: remind the committee members whose written
opinions are due soon (what the worker's round does every CHECK_EVERY seconds); `flask --app app
notifications expand`: tell the followers of the meetings' news still waiting. Both deliver the mail
they composed before they exit."""
from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from participation.accounts import mail
from participation.notifications import fanout, reminders

notifications_cli = AppGroup("notifications", help="E-mail notifications.")


def _deliver() -> int:
    total = 0
    while sent := mail.deliver_pending():
        total += sent
    return total


@notifications_cli.command("remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to check as (default: today in the site's time zone).")
def remind(today: datetime | None) -> None:
    """Remind each member once per meeting whose opinions' deadline is within OPINION_REMINDER_DAYS."""
    count = reminders.remind_due(today.date() if today else None)
    click.echo(f"{count} reminder(s) composed, {_deliver()} message(s) sent")


@notifications_cli.command("expand")
def expand() -> None:
    """Compose the mails of every meeting's news to its followers that is still waiting."""
    total = fanout.expand_pending(events=None)
    click.echo(f"{total} notification(s) composed, {_deliver()} message(s) sent")


def register(app) -> None:
    app.cli.add_command(notifications_cli)
