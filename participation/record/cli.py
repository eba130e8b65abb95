"""`flask --app app record import FILE --meeting ID`: minutes into a meeting's record from the shell."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from participation.core.services import ServiceError
from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.record import services
from participation.record.kinds import EntryType

record_cli = AppGroup("record", help="Manage meetings' records.")


def _summary(parsed) -> str:
    return (f"{parsed.count(EntryType.SECTION)} sections, {parsed.count(EntryType.STATEMENT)} statements, "
            f"{parsed.count(EntryType.NOTE)} notes, {len(parsed.proposals)} decisions proposed, "
            f"{len(parsed.joins)} page breaks joined")


@record_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--meeting", "meeting_id", type=int, required=True, help="The meeting whose record it is.")
@click.option("--confirm-decisions", is_flag=True,
              help="Save every proposed decision as proposed (otherwise they are listed, not saved).")
@click.option("--dry-run", is_flag=True, help="Read and report; save nothing.")
def import_record(file, meeting_id: int, confirm_decisions: bool, dry_run: bool):
    """Read minutes in Markdown into the meeting's record."""
    with write_transaction():  # one writer at a time on SQLite, beside a running server (accounts/cli.py)
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None:
            raise click.ClickException(f"no meeting {meeting_id}")
        try:
            parsed = services.preview_import(meeting, file.read())
            click.echo(f"found {_summary(parsed)}")
            for number, proposal in enumerate(parsed.proposals):
                click.echo(f"  decision {number}: {proposal.type.value} — {proposal.text[:80]}")
            if dry_run:
                return
            confirmations = [services.Confirmation(number, proposal.type)
                             for number, proposal in enumerate(parsed.proposals)] if confirm_decisions else []
            record = services.import_minutes(meeting, parsed, confirmations)
        except ServiceError as error:
            db.session.rollback()
            raise click.ClickException(str(error.message)) from None
        db.session.commit()
        click.echo(f"saved {len(record.entries)} entries to the record of meeting {meeting.id}")


def register(app) -> None:
    app.cli.add_command(record_cli)
