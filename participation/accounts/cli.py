"""`flask --app app users create --email ... --role secretary`: staff accounts from the shell."""
from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup

from participation.accounts import reset, services
from participation.accounts.passwords import MIN_LENGTH
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.core.transactions import write_transaction
from participation.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", help="Display name (defaults to the part before @).")
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]),
              help="Role to give; repeat for several.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for when not given.")
@click.option("--locale", type=click.Choice(["ko", "en"]), default="ko")
def create_user(email: str, display_name: str | None, roles: tuple[str, ...], password: str, locale: str):
    """Create a user account with the given roles."""
    try:
        validate_email(email, check_deliverability=False, test_environment=True)
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="--email") from None
    if len(password) < MIN_LENGTH:
        raise click.BadParameter(f"at least {MIN_LENGTH} characters", param_hint="--password")
    # A write unit: on SQLite the transaction takes the write lock at its start (BEGIN IMMEDIATE, waiting
    # for a server or worker writing the same file) instead of failing when it writes after reading.
    with write_transaction():
        try:
            user = services.create_user(email, display_name or email.split("@")[0], password,
                                        roles={Role(r) for r in roles}, locale=locale)
        except ServiceError as error:
            raise click.ClickException(str(error.message)) from None
        reset.mark_confirmed(user)  # an account staff made: its address needs no confirmation mail
        db.session.commit()
    click.echo(f"created user {user.id} <{user.email}> with roles {', '.join(sorted(user.roles))}")


def register(app) -> None:
    app.cli.add_command(users_cli)
