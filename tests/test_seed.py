"""The demo data set and the `flask seed-demo` command."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import sqlalchemy as sa

from config import ProductionConfig
from participation import create_app
from participation.accounts.models import User
from participation.comments.models import Comment
from participation.demo import voters
from participation.demo.comments import COMMENTS
from participation.extensions import db
from participation.demo.seed import DEMO_PASSWORD, seed_demo
from participation.meetings import queries, services
from participation.meetings.models import ItemKind, Meeting, MeetingState, Task, TaskStatus
from tests.conftest import AuthActions

FIRST, FOLLOW_UP, DRAFT = "2016년 제2차 정보화전략위원회", "2017년 제1차 정보화전략위원회", "2017년 제2차 정보화전략위원회"
DISCUSSED = ["3-1-4", "3-1-7", "3-2-7", "4-2-1", "4-2-3"]
README_ACCOUNTS = ["secretary@example.org", "moderator@example.org", "member@example.org", "admin@example.org",
                   *(f"citizen{n}@example.org" for n in range(1, 11))]
ACCOUNTS, TASKS, MEETINGS = len(README_ACCOUNTS) + voters.SIMULATED_ACCOUNTS, 20, 3


def meeting(title: str) -> Meeting:
    return db.session.scalar(sa.select(Meeting).where(Meeting.title == title))


def task_codes(title: str) -> list[str]:
    return [item.task.code for item in services.agenda_of(meeting(title)) if item.task]


def counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (User, Task, Meeting))


def comment_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Comment))


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
        emails = {u.email for u in db.session.scalars(sa.select(User))}
        assert {e for e in emails if not e.endswith("@simulated.example.org")} == set(README_ACCOUNTS)
    demo.config["LOGIN_RATE_LIMIT"] = "100 per minute"  # every account from one address, as tests/server.py does
    for email in README_ACCOUNTS:
        client = demo.test_client()
        assert AuthActions(client).login(email, DEMO_PASSWORD).status_code == 302, email
        assert client.get("/account").status_code == 200


# --- the command -------------------------------------------------------------------------------------


def test_seed_command_loads_an_empty_database(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert counts() == (ACCOUNTS, TASKS, MEETINGS)
        assert comment_count() == sum(len(entries) for entries in COMMENTS.values())


def test_seed_command_refuses_a_database_with_data(demo):
    runner = demo.test_cli_runner()
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0 and "not empty" in refused.output
    skipped = runner.invoke(args=["seed-demo", "--if-empty"])
    assert skipped.exit_code == 0, skipped.output
    with demo.app_context():
        assert counts() == (ACCOUNTS, TASKS, MEETINGS)
        assert comment_count() == sum(len(entries) for entries in COMMENTS.values())  # nothing loaded twice


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


def test_the_demo_trail_names_who_seated_and_who_imported(demo):
    from participation.meetings.audit import AuditEvent

    with demo.app_context():
        trail = {(event.action.value, event.actor.email if event.actor else None)
                 for event in db.session.scalars(sa.select(AuditEvent))}
        assert ("seat_added", "admin@example.org") in trail
        assert ("minutes_imported", "secretary@example.org") in trail
        assert all(actor is not None for _, actor in trail)


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


# --- the citizens' comments --------------------------------------------------------------------------


def demo_comments(title: str) -> list[Comment]:
    return db.session.scalars(sa.select(Comment).where(Comment.meeting_id == meeting(title).id)
                              .order_by(Comment.id)).all()


def test_the_comment_data_fits_the_meetings_it_is_written_for():
    from participation.demo.meetings import MEETINGS as DATA

    meetings = {entry["key"]: entry for entry in DATA}
    citizens = {email.split("@")[0] for email in README_ACCOUNTS if email.startswith("citizen")}
    for key, entries in COMMENTS.items():
        held = meetings[key]["part2"] is None  # the 2016 meeting: no online session, no guests
        for entry in entries:
            where = f"{key}: {entry['body'][:30]}"
            assert 0 <= entry["item"] < len(meetings[key]["items"]), where
            assert ("author" in entry) != ("guest" in entry), where
            assert entry.get("author", "citizen1") in citizens and not (held and "guest" in entry), where
            assert entry["phase"] in (("before", "after") if held else ("before",)), where
            assert set(entry.get("agreed", [])) <= citizens - {entry.get("author")}, where
            assert (entry["outcome"] == "rejected") == ("reason" in entry) == bool(entry.get("note")), where
            assert entry["outcome"] != "pending" or not held, where  # a final record refuses pending comments
            assert not (entry.get("agreed") or entry.get("replies")) or entry["outcome"] == "approved", where


def test_every_demo_comment_is_stored_on_a_real_item_of_its_meeting(demo):
    from participation.comments.models import CommentStatus, Phase, Vote

    with demo.app_context():
        for key, title in (("2016-2", FIRST), ("2017-1", FOLLOW_UP)):
            items = services.agenda_of(meeting(title))
            stored = {comment.client_key: comment for comment in demo_comments(title)}
            assert len(stored) == len(COMMENTS[key])
            for number, entry in enumerate(COMMENTS[key]):
                comment = stored[f"demo-{key}-{number}"]
                assert comment.item_id == items[entry["item"]].id and comment.body == entry["body"]
                assert comment.status is CommentStatus(entry["outcome"]) and comment.phase is Phase(entry["phase"])
                # Its counts are those of its votes: the demo citizens' agrees and the simulated voters' (voters.py).
                counted = {choice.value: n for choice, n in db.session.execute(sa.select(Vote.choice, sa.func.count())
                           .where(Vote.comment_id == comment.id).group_by(Vote.choice))}
                assert comment.vote_counts == {code: counted.get(code, 0) for code in ("agree", "disagree", "pass")}
                # The demo's agreements are agree votes of the demo citizens it names, under their accounts' keys.
                votes = db.session.execute(sa.select(User.email, User.id, Vote.voter_key, Vote.choice)
                                           .join(User, User.id == Vote.user_id)
                                           .where(Vote.comment_id == comment.id,
                                                  User.email.like("citizen%@example.org"))).all()
                agreed = sorted(f"{account}@example.org" for account in entry.get("agreed", []))
                assert sorted(email for email, *_ in votes) == agreed
                assert all(key == f"u:{user_id}" and choice.value == "agree" for _, user_id, key, choice in votes)
                assert (comment.author_name, comment.is_guest) == (
                    (entry["guest"], True) if "guest" in entry else (f"시민{entry['author'][7:]}", False))


def test_the_comments_are_dated_as_their_phases_require(demo):
    from participation.comments.models import Reply, Vote
    from participation.demo.seed import RECORD_FINAL_AFTER

    with demo.app_context():
        first, follow_up = meeting(FIRST), meeting(FOLLOW_UP)
        final = first.starts_at + RECORD_FINAL_AFTER
        for comment in demo_comments(FIRST):
            assert first.published_at < comment.created_at < final
            if comment.phase.value == "before":
                assert comment.created_at < first.starts_at
            else:
                assert comment.created_at > first.part1_ends_at
        loaded = db.session.scalar(sa.select(sa.func.max(Comment.created_at)))
        assert follow_up.published_at < min(c.created_at for c in demo_comments(FOLLOW_UP)) < follow_up.starts_at
        for title, until in ((FIRST, final), (FOLLOW_UP, follow_up.starts_at)):
            for comment in demo_comments(title):
                assert comment.decided_at is None or comment.created_at < comment.decided_at < until
                moments = db.session.scalars(sa.select(Vote.created_at).where(Vote.comment_id == comment.id))
                replies = db.session.scalars(sa.select(Reply.created_at).where(Reply.comment_id == comment.id))
                assert all(comment.decided_at < moment < until for moment in [*moments, *replies])
        assert loaded < follow_up.starts_at


def test_the_2016_record_freezes_the_approved_comments_under_their_items(demo):
    from participation.comments.models import CommentStatus
    from participation.record.models import Record

    with demo.app_context():
        first = meeting(FIRST)
        frozen = json.loads(db.session.scalar(sa.select(Record).where(Record.meeting_id == first.id)).versions[0].snapshot)
        stored = demo_comments(FIRST)
        approved = {c.id: c for c in stored if c.status is CommentStatus.APPROVED}
        rejected = [c for c in stored if c.status is CommentStatus.REJECTED]
        assert len(approved) >= 40 and len(rejected) >= 5 and len(approved) + len(rejected) == len(stored)
        items = {item["item_id"]: item for item in frozen["citizens"]["items"]}
        under = {c["id"]: item_id for item_id, item in items.items() for c in item["comments"]}
        assert under == {comment_id: comment.item_id for comment_id, comment in approved.items()}
        text = json.dumps(frozen, ensure_ascii=False)
        assert not [c.body for c in rejected if c.body in text]
        assert frozen["citizens"]["figures"]["rejected"] == len(rejected) and frozen["citizens"]["figures"]["pending"] == 0
        assert set(frozen["citizens"]["figures"]["rejected_by_reason"]) == {
            "off_topic", "abusive", "personal_data", "spam", "duplicate"}
        # The member's replies are frozen with them; a phone number stays masked as it was approved.
        assert sum(len(c["replies"]) for item in items.values() for c in item["comments"]) >= 5
        assert "010-0000-1234" not in text and "●" * 13 in text
        assert max(len(item["comments"]) for item in items.values()) >= 12


def test_the_2017_meeting_has_approved_rejected_and_pending_comments(demo):
    from participation.comments.models import CommentStatus

    with demo.app_context():
        stored = demo_comments(FOLLOW_UP)
        statuses = {status: sum(c.status is status for c in stored) for status in CommentStatus}
        assert statuses[CommentStatus.APPROVED] >= 30 and statuses[CommentStatus.REJECTED] >= 3
        assert 3 <= statuses[CommentStatus.PENDING] <= 6 and statuses[CommentStatus.HIDDEN] == 0
        assert {c.is_guest for c in stored} == {True, False}  # the meeting takes guests' comments too


def test_two_items_have_enough_approved_comments_for_themes(demo):
    from participation.comments.models import CommentStatus

    with demo.app_context():
        per_item = db.session.execute(
            sa.select(Comment.item_id, sa.func.count()).where(Comment.status == CommentStatus.APPROVED)
            .group_by(Comment.item_id)).all()
        assert sum(count >= 12 for _, count in per_item) >= 2


def test_seeding_leaves_the_comment_rate_limits_on(demo):
    assert demo.config["RATELIMIT_ENABLED"] is True


def test_the_two_busiest_items_fall_into_clearly_different_themes():
    """What the dashboard shows a first visitor: the 2016 3-1-4 item (real-time arrival, wheelchair access,
    data accuracy) and the 2017 3-1-7 item (sensors for elderly people living alone, privacy, cost)."""
    from participation.feedback.themes import compute_themes

    for key, item, expected in (("2016-2", 3, [{"열차", "도착"}, {"휠체어", "엘리베이터"}, {"데이터"}]),
                                ("2017-1", 1, [{"센서"}, {"개인정보", "동의"}, {"통신사", "요금"}])):
        approved = [(number, entry["body"]) for number, entry in enumerate(COMMENTS[key])
                    if entry["item"] == item and entry["outcome"] == "approved"]
        themes = compute_themes(approved)
        assert len(themes) == 3, (key, themes)
        for words in expected:
            assert any(words <= set(theme.terms) for theme in themes), (key, words, [t.terms for t in themes])


def test_the_simulated_voters_cannot_log_in(demo):
    demo.config["LOGIN_RATE_LIMIT"] = "100 per minute"
    response = AuthActions(demo.test_client()).login("voter001@simulated.example.org", DEMO_PASSWORD)
    assert response.status_code != 302


def test_the_contested_item_carries_a_few_hundred_voters_in_two_camps(demo):
    """2017-1's 3-1-7 item: the map the worker draws from the seeded votes has opinion groups."""
    from participation.comments.models import Vote
    from participation.feedback import maps, worker

    with demo.app_context():
        item = next(item for item in services.agenda_of(meeting(FOLLOW_UP)) if item.task and item.task.code == "3-1-7")
        voters_on_item = db.session.scalar(sa.select(sa.func.count(sa.distinct(Vote.voter_key)))
                                           .join(Comment, Comment.id == Vote.comment_id).where(Comment.item_id == item.id))
        assert voters_on_item >= 250
        worker.drain("seed-test")
        view = maps.maps_of([item.id])[item.id]
        assert view.has_groups and len(view.groups) >= 2 and view.consensus
        votes = db.session.scalars(sa.select(Comment).where(Comment.item_id == item.id)).all()
        for comment in votes:  # the counts on each comment are those of its votes
            counted = {choice: db.session.scalar(sa.select(sa.func.count()).select_from(Vote).where(
                Vote.comment_id == comment.id, Vote.choice == choice)) for choice in ("agree", "disagree", "pass")}
            assert comment.vote_counts == counted
