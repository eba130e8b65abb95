"""The demo data set and the `flask seed-demo` command."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import sqlalchemy as sa

from config import ProductionConfig
from participation import create_app
from participation.accounts.models import User
from participation.extensions import db
from participation.demo.seed import DEMO_PASSWORD, seed_demo
from participation.meetings import queries, services
from participation.meetings.models import ItemKind, Meeting, MeetingState, Task, TaskStatus
from tests.conftest import AuthActions

FIRST, FOLLOW_UP, DRAFT = "2016년 제2차 정보화전략위원회", "2017년 제1차 정보화전략위원회", "2017년 제2차 정보화전략위원회"
DISCUSSED = ["3-1-4", "3-1-7", "3-2-7", "4-2-1", "4-2-3"]
README_ACCOUNTS = ["secretary@example.org", "moderator@example.org", "member@example.org", "admin@example.org",
                   "citizen1@example.org", "citizen2@example.org", "citizen3@example.org"]


def meeting(title: str) -> Meeting:
    return db.session.scalar(sa.select(Meeting).where(Meeting.title == title))


def task_codes(title: str) -> list[str]:
    return [item.task.code for item in services.agenda_of(meeting(title)) if item.task]


def counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (User, Task, Meeting))


def test_plan_of_tasks(demo):
    with demo.app_context():
        tasks = {t.code: t for t in db.session.scalars(sa.select(Task))}
        assert len(tasks) >= 20
        for code in ("3-1-4", "3-1-7", "3-2-7"):
            assert tasks[code].status is TaskStatus.UNDERPERFORMING
            assert len(tasks[code].history) >= 2 and tasks[code].history[-1].reason
        assert {"4-2-1", "4-2-3"} <= tasks.keys()
        assert {t.status for t in tasks.values()} >= {TaskStatus.DELAYED, TaskStatus.ON_HOLD, TaskStatus.REDUCED,
                                                      TaskStatus.EXCLUDED}


def test_the_2016_meeting(demo):
    with demo.app_context():
        first = meeting(FIRST)
        # Held (no part 2), and its record finalized: a first visitor reads a complete record.
        assert first.state is MeetingState.RECORD_FINAL and first.published_at is not None
        kinds = [item.kind for item in services.agenda_of(first)]
        assert kinds[:3] == [ItemKind.APPOINTMENT, ItemKind.ELECTION, ItemKind.REPORT]
        assert task_codes(FIRST) == DISCUSSED
        documents = queries.materials_of(first)
        assert len(documents) >= 3 and all('id="p-' in m.current.html for m in documents)


def test_the_2017_follow_up_is_upcoming_with_part_2(demo):
    with demo.app_context():
        follow_up = meeting(FOLLOW_UP)
        assert follow_up.state is MeetingState.PUBLISHED
        assert follow_up in queries.home_listing().upcoming
        assert task_codes(FOLLOW_UP) == DISCUSSED
        assert follow_up.part2_starts_at > follow_up.part1_ends_at and follow_up.stream_url


def test_one_draft(demo):
    with demo.app_context():
        drafts = db.session.scalars(sa.select(Meeting).where(Meeting.state == MeetingState.DRAFT)).all()
        assert [m.title for m in drafts] == [DRAFT]


def test_follow_ups_stay_in_the_future(app_ctx):
    later = datetime(2031, 3, 1, tzinfo=timezone.utc)
    seed_demo(now=later)
    follow_up, draft, first = meeting(FOLLOW_UP), meeting(DRAFT), meeting(FIRST)
    assert later < follow_up.starts_at < draft.starts_at
    assert follow_up.starts_at.year == 2032 and (follow_up.starts_at.month, follow_up.starts_at.day) == (1, 20)
    assert follow_up in queries.home_listing(now=later).upcoming
    assert first.starts_at.year == 2016


def test_demo_accounts_log_in(demo):
    with demo.app_context():
        assert {u.email for u in db.session.scalars(sa.select(User))} == set(README_ACCOUNTS)
    for email in README_ACCOUNTS:
        client = demo.test_client()
        assert AuthActions(client).login(email, DEMO_PASSWORD).status_code == 302, email
        assert client.get("/account").status_code == 200


# --- the command -------------------------------------------------------------------------------------


def test_seed_command_loads_an_empty_database(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert counts() == (7, 20, 3)


def test_seed_command_refuses_a_database_with_data(demo):
    runner = demo.test_cli_runner()
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0 and "not empty" in refused.output
    skipped = runner.invoke(args=["seed-demo", "--if-empty"])
    assert skipped.exit_code == 0, skipped.output
    with demo.app_context():
        assert counts() == (7, 20, 3)


def test_seed_command_refuses_the_production_configuration(tmp_path):
    class Production(ProductionConfig):
        SECRET_KEY = "a-real-secret"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'prod.db'}"
        UPLOAD_FOLDER = tmp_path / "uploads"
        REDIS_URL = None
        RATELIMIT_STORAGE_URI = "memory://"

    app = create_app(Production)
    with app.app_context():
        db.create_all()
    for args in (["seed-demo"], ["seed-demo", "--if-empty"]):
        result = app.test_cli_runner().invoke(args=args)
        assert result.exit_code != 0 and "production" in result.output
    with app.app_context():
        assert counts() == (0, 0, 0)
        db.drop_all()
        db.engine.dispose()


def test_the_real_meeting_has_its_minutes_as_a_record(demo):
    from participation.record.kinds import EntryType
    from participation.record.models import Record

    with demo.app_context():
        record = db.session.scalar(sa.select(Record).where(Record.meeting_id == meeting(FIRST).id))
        types = [entry.type for entry in record.entries]
        assert types.count(EntryType.STATEMENT) == 59
        assert {EntryType.RESOLUTION, EntryType.ELECTION, EntryType.APPOINTMENT, EntryType.ACTION} <= set(types)
        assert all(entry.speaker_id is None for entry in record.entries)  # the minutes name nobody
        assert meeting(FOLLOW_UP) is not None and db.session.scalar(
            sa.select(Record).where(Record.meeting_id == meeting(FOLLOW_UP).id)) is None


def test_demo_accounts_have_korean_names(demo):
    with demo.app_context():
        names = db.session.scalars(sa.select(User.display_name)).all()
        assert all(any("\uac00" <= char <= "\ud7a3" for char in name) for name in names)


def test_the_demo_secretary_serves_and_the_member_sits_on_the_committee(demo):
    from participation.meetings.models import Committee, CommitteeMembership

    with demo.app_context():
        seats = {(row.user.email, row.role.value, row.title) for row in db.session.scalars(sa.select(CommitteeMembership))}
        assert seats == {("secretary@example.org", "secretary", "간사"), ("member@example.org", "member", "위원")}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Committee)) == 1


def test_the_2016_record_is_final_as_version_1(demo):
    from participation.record import exports
    from participation.record.models import Record

    with demo.app_context():
        record = db.session.scalar(sa.select(Record).where(Record.meeting_id == meeting(FIRST).id))
        [version] = record.versions
        assert version.number == 1 and version.sha256 == exports.sha256(version.snapshot)
        assert version.created_by_id == db.session.scalar(sa.select(User.id).where(User.email == "secretary@example.org"))
        assert (version.created_at - meeting(FIRST).starts_at).days == 7  # a week after the meeting
        frozen = json.loads(version.snapshot)
        assert sum(entry["type"] == "statement" for entry in frozen["entries"]) == 59
        assert len(frozen["citizens"]["items"]) == len(services.agenda_of(meeting(FIRST)))
