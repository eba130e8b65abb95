"""A meeting's news for its followers (its own and its committee's): the secretary's request writes one event
row and renders no mail; after commit the event is expanded off the request path into one mail per
follower, each told once, in their own language, unless switched off, unconfirmed or the secretary."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from participation.accounts.mail import MailMessage
from participation.core import rounds
from participation.core.db import utcnow
from participation.core.roles import Role
from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.meetings import services as meetings
from participation.meetings.models import Meeting, MeetingState
from participation.notifications import fanout, services
from participation.notifications.models import Follow, Kind, NotificationEvent
from tests import factories
from tests.concurrency import at_once
from tests.conftest import csrf_token
from tests.meetings.test_manage_schedule import local
from tests.mailbox import html_of, text_of
from tests.notifications.people import deliver_all, outbox, person

SECRETARY = "fanout-secretary@example.org"


def _follow(user, *, committee=None, meeting=None):
    services.set_follow(user, True, committee=committee, meeting=meeting)


@pytest.fixture
def world(app):
    """A committee with a draft meeting (part 2) and a published one; followers: of the committee in Korean
    and in English, of the published meeting, of both (told once), one who switched meetings off, one
    unconfirmed; the committee's secretary, who follows it too (told unless the change is theirs)."""
    with app.app_context():
        committee = factories.committee("정보화전략위원회")
        draft = factories.meeting(committee, items=1, title="2017년 제1차 회의")
        published = factories.meeting(committee, published=True, items=1, title="2017년 제2차 회의")
        people = {
            "ko": person(locale="ko", email="ko@example.org"),
            "en": person(locale="en", email="en@example.org"),
            "meeting": person(locale="en", email="meeting@example.org"),
            "both": person(locale="ko", email="both@example.org"),
            "off": person(locale="ko", email="off@example.org"),
            "unconfirmed": person(locale="ko", email="unconfirmed@example.org", confirmed=False),
            "secretary": person(Role.SECRETARY, locale="en", email=SECRETARY),
        }
        factories.seat(committee, people["secretary"], "secretary", "간사")
        for key in ("ko", "en", "both", "off", "unconfirmed", "secretary"):
            _follow(people[key], committee=committee)
        _follow(people["meeting"], meeting=published)
        _follow(people["both"], meeting=published)
        services.save_choices(people["off"], {kind: kind not in (Kind.MEETING_PUBLISHED, Kind.MEETING_RESCHEDULED,
                                                                 Kind.MEETING_LIVE) for kind in Kind})
        factories.user(Role.CITIZEN, email="stranger@example.org").email_confirmed_at = utcnow()
        db.session.commit()
        # Followed before the news: every follow is a moment older than what the tests do next.
        db.session.execute(sa.update(Follow).values(created_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
        return {"committee": committee.id, "draft": draft.id, "published": published.id}


def _meeting(world, key="published"):
    return db.session.get(Meeting, world[key])


def _secretary_posts(app, client, path, data, form_url):
    client.set_cookie("lang", "en")
    token = csrf_token(client, "/login")
    assert client.post("/login", data={"email": SECRETARY, "password": factories.PASSWORD,
                                       "csrf_token": token}).status_code == 302
    return client.post(path, data={**data, "csrf_token": csrf_token(client, form_url)})


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_publishing_writes_one_event_and_no_mail_then_each_follower_is_told_once(app, client, world, mailbox):
    page = f"/manage/meetings/{world['draft']}"
    response = _secretary_posts(app, client, f"{page}/state", {"target": "published"}, page)
    assert response.status_code in (302, 303)
    with app.app_context():
        # The secretary's request rendered no mail: its transaction holds the event row only.
        assert _count(MailMessage) == 0
        [event] = db.session.scalars(sa.select(NotificationEvent)).all()
        assert (event.kind, event.meeting_id, event.done_at, event.cursor) == ("published", world["draft"], None, 0)
        assert fanout.expand_pending() == 3  # ko, en, both (once); not off, unconfirmed, the secretary, strangers
        assert fanout.expand_pending() == 0
        assert deliver_all() == 3 and deliver_all() == 0
        assert db.session.get(NotificationEvent, event.id).done_at is not None
    assert sorted(m["To"] for m in mailbox.messages) == ["both@example.org", "en@example.org", "ko@example.org"]
    korean, english = mailbox.to("ko@example.org")[0], mailbox.to("en@example.org")[0]
    assert korean["Subject"] == "정보화전략위원회의 새 회의: 2017년 제1차 회의"
    assert english["Subject"] == "New meeting of 정보화전략위원회: 2017년 제1차 회의"
    assert '<html lang="ko">' in html_of(korean) and '<html lang="en">' in html_of(english)
    # Each its own way of writing the date, though both were rendered in the same task.
    assert re.search(r"일시: \d{4}년 \d{1,2}월 \d{1,2}일 \(.\) 오[전후] \d{1,2}:\d\d \(한국 표준시", text_of(korean))
    assert re.search(r"Date: \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d \(Korea Standard Time", text_of(english))
    link = f"http://open-session.test/meetings/{world['draft']}"
    assert link in text_of(english) and f'href="{link}"' in html_of(english)
    assert "http://open-session.test/account/notifications" in text_of(korean)
    assert client.get(f"/meetings/{world['draft']}").status_code == 200


def test_after_commit_a_background_task_expands_and_delivers(app, client, world, mailbox):
    app.config["MAIL_DELIVER_AFTER_COMMIT"] = True
    page = f"/manage/meetings/{world['published']}"
    data = {"starts_at": "", "reason": "회의실 공사로 연기합니다."}
    with app.app_context():
        start = _meeting(world).starts_at
    data["starts_at"] = local(start + timedelta(days=7))
    data |= {"part2_starts_at": "", "part2_ends_at": ""}
    assert _secretary_posts(app, client, f"{page}/postpone", data, page).status_code in (302, 303)
    arrived = mailbox.wait_for(4)  # ko, en, meeting, both
    assert sorted(m["To"] for m in arrived) == ["both@example.org", "en@example.org", "ko@example.org",
                                                 "meeting@example.org"]
    english = mailbox.to("meeting@example.org")[0]
    assert english["Subject"] == "Postponed: 2017년 제2차 회의"
    assert "Reason: 회의실 공사로 연기합니다." in text_of(english)


def test_a_rolled_back_change_records_nothing(app_ctx, world, mailbox):
    with write_transaction():
        meetings.move_meeting(_meeting(world, "draft"), MeetingState.PUBLISHED)
        assert _count(NotificationEvent) == 1
        db.session.rollback()
    assert _count(NotificationEvent) == 0 and fanout.expand_pending() == 0 and deliver_all() == 0


@pytest.mark.parametrize("target, subject", [
    (MeetingState.LIVE, "Starting now: the online open session of 2017년 제2차 회의"),
    (MeetingState.CANCELLED, "Cancelled: 2017년 제2차 회의"),
])
def test_going_live_and_cancelling_tell_the_meetings_followers(app_ctx, world, mailbox, target, subject):
    with write_transaction():
        meetings.move_meeting(_meeting(world), target, reason="위원장 사정으로 취소합니다.")
        db.session.commit()
    assert fanout.expand_pending() == 5  # ko, en, meeting, both, and the secretary (no request: no actor)
    deliver_all()
    [mail] = mailbox.to("meeting@example.org")
    assert mail["Subject"] == subject
    if target is MeetingState.LIVE:
        assert f"http://open-session.test/meetings/{world['published']}/live" in text_of(mail)
    else:
        assert "Reason: 위원장 사정으로 취소합니다." in text_of(mail)


def test_closing_tells_nobody_and_a_meeting_without_followers_records_nothing(app_ctx, world):
    with write_transaction():
        meeting = _meeting(world)
        meetings.move_meeting(meeting, MeetingState.LIVE)
        db.session.flush()
        db.session.execute(sa.delete(NotificationEvent))
        meetings.move_meeting(meeting, MeetingState.CLOSED)
        lonely = factories.meeting(factories.committee("아무도 없는 위원회"), items=1)
        meetings.move_meeting(lonely, MeetingState.PUBLISHED)
        db.session.commit()
    assert _count(NotificationEvent) == 0


def test_many_followers_in_several_batches_each_once_and_only_those_who_followed_before(app_ctx, world,
                                                                                      monkeypatch, mailbox):
    monkeypatch.setattr(fanout, "BATCH", 2)
    committee = _meeting(world).committee
    extra = [person(locale="en") for _ in range(5)]
    for user in extra:
        _follow(user, committee=committee)
    db.session.commit()
    db.session.execute(sa.update(Follow).values(created_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    with write_transaction():
        meetings.move_meeting(_meeting(world, "draft"), MeetingState.PUBLISHED)
        db.session.commit()
    late = person(locale="en", email="late@example.org")
    _follow(late, committee=committee)
    db.session.commit()
    event = db.session.scalars(sa.select(NotificationEvent)).one()
    assert fanout.expand_batch(event.id, limit=2) == (2, False)
    assert len(outbox()) == 2
    assert fanout.expand_pending() == 7  # the rest: 4 + 5 - 2
    assert fanout.expand_pending() == 0
    addresses = [m.to_address for m in outbox()]
    assert len(addresses) == len(set(addresses)) == 9 and "late@example.org" not in addresses


def test_two_expanders_at_once_tell_each_follower_once(app, world, mailbox):
    with app.app_context():
        with write_transaction():
            meetings.move_meeting(_meeting(world, "draft"), MeetingState.PUBLISHED)
            db.session.commit()
    counts = at_once(app, fanout.expand_pending)
    assert sum(counts) == 4
    with app.app_context():
        assert sorted(m.to_address for m in outbox()) == ["both@example.org", "en@example.org",
                                                          SECRETARY, "ko@example.org"]


def test_the_worker_round_expands_what_a_dead_process_left(app_ctx, world, mailbox):
    with write_transaction():
        meetings.move_meeting(_meeting(world, "draft"), MeetingState.PUBLISHED)
        db.session.commit()  # the process died before its background task ran
    assert fanout.expand_pending in rounds.registered()
    assert rounds.run_all() is True
    assert len(outbox("meeting_published")) == 4 and rounds.run_all() is False
