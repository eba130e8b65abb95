"""`flask --app app mail send`: deliver the outbox's due messages now (what the worker does every round);
`flask --app app mail check ADDRESS`: send a test message there, to try the MAIL_* settings."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from participation.accounts import mail
from participation.core.transactions import write_transaction
from participation.extensions import db

mail_cli = AppGroup("mail", help="The e-mail outbox.")


@mail_cli.command("send")
def send_due() -> None:
    """Deliver every message that is due, then say how many went."""
    total = 0
    while sent := mail.deliver_pending():
        total += sent
    click.echo(f"{total} message(s) sent")


@mail_cli.command("check")
@click.argument("address")
@click.option("--locale", type=click.Choice(["ko", "en"]), default="ko")
def check(address: str, locale: str) -> None:
    """Send a test message to ADDRESS now, through the configured server (or the folder)."""
    with write_transaction():
        message = mail.compose(address, locale, "check", kind="check")
        db.session.commit()
    mail.deliver_pending()
    db.session.refresh(message)
    if message.sent_at is None:
        raise click.ClickException(f"not sent: {message.last_error}")
    click.echo(f"sent to {address}")


def register(app) -> None:
    app.cli.add_command(mail_cli)
