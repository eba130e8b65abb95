"""`flask --app app seed-demo`: load the demo committee, plan, meetings and accounts into an empty database.

Everything goes through the same services the screens use, so the demo obeys the same rules.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from participation.accounts import services as accounts
from participation.core.db import utcnow
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import materials, membership, policies, services
from participation.meetings.models import ItemKind, Meeting, MeetingState, SeatRole, TaskStatus
from participation.record import services as record_services
from participation.record import versions as record_versions
from participation.demo.meetings import MEETINGS
from participation.demo.plan import COMMITTEE, TASKS

DEMO_PASSWORD = "demo-password"
DEMO_ACCOUNTS = [
    ("secretary@example.org", "간사", {Role.SECRETARY}),
    ("moderator@example.org", "운영자", {Role.MODERATOR}),
    ("member@example.org", "위원", {Role.MEMBER}),
    ("admin@example.org", "관리자", {Role.ADMIN}),
    ("citizen1@example.org", "시민1", {Role.CITIZEN}),
    ("citizen2@example.org", "시민2", {Role.CITIZEN}),
    ("citizen3@example.org", "시민3", {Role.CITIZEN}),
]


# The demo's secretary and member hold their seats from the day the new members were appointed.
DEMO_TERM_STARTS = date(2016, 12, 21)

# The real meeting's minutes (the reference minutes, shipped with the demo) become its record.
MINUTES = {"2016-2": Path(__file__).parent / "data" / "committee-minutes-2016-2.md"}

# The demo's fictional follow-up meetings are dated in the future so that the demo has an upcoming meeting.
# Once that date has passed they move forward by whole years, so the demo keeps one.
FOLLOW_UPS = ("2017-1", "2017-2")


def _at(text: str | None, years: int = 0) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment.replace(year=moment.year + years)


def _years_ahead(now: datetime) -> int:
    """Whole years to move the follow-ups by so that the first of them is still ahead of `now`."""
    first = min(_at(m["starts_at"]) for m in MEETINGS if m["key"] in FOLLOW_UPS)
    years = 0
    while first.replace(year=first.year + years) <= now:
        years += 1
    return years


def _load_tasks(committee, actor_id: int) -> dict[str, int]:
    ids = {}
    for entry in TASKS:
        first, *rest = entry["history"]
        task = services.create_task(
            committee, entry["code"], entry["title"], entry["department"], status=TaskStatus(first["status"]),
            changed_on=date.fromisoformat(first["changed_on"]), reason=first["reason"], actor_id=actor_id,
        )
        for change in rest:
            services.change_task_status(task, TaskStatus(change["status"]), date.fromisoformat(change["changed_on"]),
                                        change["reason"], actor_id)
        ids[task.code] = task.id
    return ids


def _load_meeting(committee, entry: dict, task_ids: dict[str, int], actor_id: int, years: int = 0) -> Meeting:
    part1, part2 = entry["part1"] or (None, None), entry["part2"] or (None, None)
    meeting = services.create_meeting(
        committee, title=entry["title"], number=entry["number"], place=entry["place"], summary=entry["summary"],
        starts_at=_at(entry["starts_at"], years), part1_starts_at=_at(part1[0], years),
        part1_ends_at=_at(part1[1], years), part2_starts_at=_at(part2[0], years),
        part2_ends_at=_at(part2[1], years), stream_url=entry["stream_url"],
        allow_guest_comments=entry["part2"] is not None,
    )
    items = [
        services.add_agenda_item(
            meeting, title=i["title"], kind=ItemKind(i["kind"]), task_id=task_ids.get(i["task"]),
            summary=i["summary"], presenter=i["presenter"],
            page_from=(i["pages"] or (None, None))[0], page_to=(i["pages"] or (None, None))[1],
        )
        for i in entry["items"]
    ]
    for m in entry["materials"]:
        item = items[m["item_index"]] if m["item_index"] is not None else None
        materials.add_document(meeting, item, m["title"], m["markdown"], actor_id)
    while meeting.state is not MeetingState(entry["state"]):  # the way a secretary would take it
        services.move_meeting(meeting, policies.next_states(meeting)[0])
    return meeting


def seed_demo(now: datetime | None = None) -> None:
    """Create the demo accounts, committee, tasks and meetings (the caller commits)."""
    years = _years_ahead(now or utcnow())
    users = {email: accounts.create_user(email, name, DEMO_PASSWORD, roles=roles)
             for email, name, roles in DEMO_ACCOUNTS}
    secretary_id = users["secretary@example.org"].id
    committee = services.create_committee(COMMITTEE["name"], COMMITTEE["description"])
    membership.add_membership(committee, users["secretary@example.org"], SeatRole.SECRETARY, title="간사",
                              starts_on=DEMO_TERM_STARTS)
    membership.add_membership(committee, users["member@example.org"], SeatRole.MEMBER, title="위원",
                              starts_on=DEMO_TERM_STARTS)
    task_ids = _load_tasks(committee, secretary_id)
    for entry in MEETINGS:
        meeting = _load_meeting(committee, entry, task_ids, secretary_id, years if entry["key"] in FOLLOW_UPS else 0)
        if entry["key"] in MINUTES:
            _load_record(meeting, MINUTES[entry["key"]])
            _finalize_record(meeting, users["secretary@example.org"])


def _load_record(meeting: Meeting, path: Path) -> None:
    """Import the minutes with every proposed decision confirmed as proposed."""
    parsed = record_services.preview_import(meeting, path.read_bytes())
    record_services.import_minutes(meeting, parsed, [record_services.Confirmation(number, proposal.type)
                                                     for number, proposal in enumerate(parsed.proposals)])


def _finalize_record(meeting: Meeting, secretary) -> None:
    """The held meeting's record is final (version 1) a week after it, as its secretary would have done:
    a first visitor reads a complete record. Its comments are all decided (the demo has none on it)."""
    record_versions.finalize(meeting, secretary, now=meeting.starts_at + timedelta(days=7))


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0 and \
        db.session.scalar(sa.text("SELECT count(*) FROM users")) == 0


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when the database holds data.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo built from the 2016 2nd meeting's minutes."""
    if not current_app.config.get("SEED_ALLOWED"):
        raise click.ClickException("seed-demo refuses to run with the production configuration")
    if not database_is_empty():
        if if_empty:
            click.echo("database already holds data; demo not loaded")
            return
        raise click.ClickException("the database is not empty; seed-demo loads into an empty database only")
    seed_demo()
    db.session.commit()
    click.echo(f"demo loaded: {len(TASKS)} tasks, {len(MEETINGS)} meetings, {len(DEMO_ACCOUNTS)} accounts "
               f"(password: {DEMO_PASSWORD})")


def register(app) -> None:
    app.cli.add_command(seed_demo_command)
