"""`flask --app app seed-demo`: load the demo committee, plan, meetings, accounts and citizens' comments into an
empty database.

Everything goes through the same services the screens use, so the demo obeys the same rules: a meeting is
taken through its states one step at a time, its comments written in the states that take them
(commenting.py), and the held meeting's record finalized once every comment on it is decided.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from participation.accounts import reset as account_mail
from participation.accounts import services as accounts
from participation.core.db import utcnow
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import materials, membership, policies, services
from participation.meetings.models import ItemKind, Meeting, MeetingState, SeatRole, TaskStatus
from participation.record import services as record_services
from participation.record import versions as record_versions
from participation.demo import commenting, voters
from participation.demo.comments import COMMENTS
from participation.demo.meetings import MEETINGS
from participation.demo.plan import COMMITTEE, TASKS

DEMO_PASSWORD = "demo-password"
DEMO_ACCOUNTS = [
    ("secretary@example.org", "간사", {Role.SECRETARY}),
    ("moderator@example.org", "운영자", {Role.MODERATOR}),
    ("member@example.org", "위원", {Role.MEMBER}),
    ("admin@example.org", "관리자", {Role.ADMIN}),
    *((f"citizen{n}@example.org", f"시민{n}", {Role.CITIZEN}) for n in range(1, 11)),
]


# The demo's secretary and member hold their seats from the day the new members were appointed.
DEMO_TERM_STARTS = date(2016, 12, 21)

# The real meeting's minutes (the reference minutes, shipped with the demo) become its record.
MINUTES = {"2016-2": Path(__file__).parent / "data" / "committee-minutes-2016-2.md"}

# The demo's fictional follow-up meetings are dated in the future so that the demo has an upcoming meeting.
# Once that date has passed they move forward by whole years, so the demo keeps one.
FOLLOW_UPS = ("2017-1", "2017-2")

# The secretary publishes a meeting two weeks ahead (a follow-up: two weeks before the demo is loaded, so
# that its comments, dated back from that day, come after it); the held meeting's record is final a week
# after the meeting.
PUBLISHED = (-14, "10:00")
RECORD_FINAL_AFTER = timedelta(days=7)


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


def _load_meeting(committee, entry: dict, task_ids: dict[str, int], actor_id: int,
                  years: int = 0) -> tuple[Meeting, list]:
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
    return meeting, items


def _timeline(meeting: Meeting, follow_up: bool, now: datetime) -> commenting.Timeline:
    """A follow-up's comments are dated back from the day the demo is loaded; the held meeting's around its day."""
    if follow_up:
        return commenting.Timeline(day=now.astimezone(commenting.SEOUL).date(), until=now)
    return commenting.Timeline(day=meeting.starts_at.astimezone(commenting.SEOUL).date(),
                               until=meeting.starts_at + RECORD_FINAL_AFTER)


def _take_through_states(meeting: Meeting, key: str, items: list, state: MeetingState, users: dict,
                         timeline: commenting.Timeline) -> None:
    """Move the meeting forward to `state` the way a secretary would, one step at a time, writing in each
    state that takes comments the comments of its phase."""
    entries = COMMENTS.get(key, [])
    written = commenting.write_phase(meeting, key, entries, items, users, timeline)
    while meeting.state is not state:
        step = policies.next_states(meeting)[0]
        services.move_meeting(meeting, step, timeline.moment(PUBLISHED) if step is MeetingState.PUBLISHED else None)
        written += commenting.write_phase(meeting, key, entries, items, users, timeline)
    if written != len(entries):
        raise RuntimeError(f"demo meeting {key}: {len(entries) - written} comments of a phase it never has")


def seed_demo(now: datetime | None = None) -> None:
    """Create the demo accounts, committee, tasks, meetings, comments and simulated voters' votes (the caller
    commits)."""
    now = now or utcnow()
    years = _years_ahead(now)
    users = {email: accounts.create_user(email, name, DEMO_PASSWORD, roles=roles)
             for email, name, roles in DEMO_ACCOUNTS}
    for user in users.values():
        account_mail.mark_confirmed(user, now)  # staff made them: no confirmation mail
    secretary_id = users["secretary@example.org"].id
    committee = services.create_committee(COMMITTEE["name"], COMMITTEE["description"])
    admin = users["admin@example.org"]  # seats the committee's people, as on /manage/committees/<id>/members
    membership.add_membership(committee, users["secretary@example.org"], SeatRole.SECRETARY, title="간사",
                              starts_on=DEMO_TERM_STARTS, actor=admin)
    membership.add_membership(committee, users["member@example.org"], SeatRole.MEMBER, title="위원",
                              starts_on=DEMO_TERM_STARTS, actor=admin)
    task_ids = _load_tasks(committee, secretary_id)
    simulated = voters.simulated_accounts()
    for entry in MEETINGS:
        follow_up = entry["key"] in FOLLOW_UPS
        meeting, items = _load_meeting(committee, entry, task_ids, secretary_id, years if follow_up else 0)
        timeline = _timeline(meeting, follow_up, now)
        _take_through_states(meeting, entry["key"], items, MeetingState(entry["state"]), users, timeline)
        voters.cast(meeting, entry["key"], simulated, timeline.until)
        if entry["key"] in MINUTES:
            _load_record(meeting, MINUTES[entry["key"]], users["secretary@example.org"])
            _finalize_record(meeting, users["secretary@example.org"], timeline.until)


def _load_record(meeting: Meeting, path: Path, secretary) -> None:
    """The secretary imports the minutes with every proposed decision confirmed as proposed."""
    parsed = record_services.preview_import(meeting, path.read_bytes())
    record_services.import_minutes(meeting, parsed, [record_services.Confirmation(number, proposal.type)
                                                     for number, proposal in enumerate(parsed.proposals)],
                                   actor=secretary)


def _finalize_record(meeting: Meeting, secretary, at: datetime) -> None:
    """The held meeting's record is final (version 1) a week after it, as its secretary would have done:
    a first visitor reads a complete record, its citizens' part frozen with the comments, all decided."""
    record_versions.finalize(meeting, secretary, now=at)


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
    click.echo(f"demo loaded: {len(TASKS)} tasks, {len(MEETINGS)} meetings, "
               f"{sum(len(entries) for entries in COMMENTS.values())} comments, {len(DEMO_ACCOUNTS)} accounts "
               f"(password: {DEMO_PASSWORD})")


def register(app) -> None:
    app.cli.add_command(seed_demo_command)
