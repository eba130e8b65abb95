"""Committee members are reminded of their written opinions when the deadline is OPINION_REMINDER_DAYS away:
once per member and meeting, only those who have not written all of theirs, in their language, unless
switched off; by the worker's round and by `flask notifications remind`."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from participation.core import rounds
from participation.core.roles import Role
from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.meetings.services import agenda_of
from participation.notifications import reminders, services
from participation.notifications.models import Kind
from participation.record import opinions
from tests import factories
from tests.mailbox import html_of, text_of
from tests.notifications.people import deliver_all, outbox, person
from tests.record import final_world

TODAY = datetime.now(ZoneInfo("Asia/Seoul")).date()  # the site's zone (opinions.local_today)
DEADLINE = TODAY + timedelta(days=2)


@pytest.fixture
def world(app):
    """final_world's closed meeting (two items, opinions until DEADLINE) with four members: final_world's
    own (Korean, nothing written), one in English who wrote one of two, one who wrote both, one whose
    address is unconfirmed."""
    with app.app_context():
        built = final_world.build(deadline=DEADLINE)
        meeting, items = built.meeting, built.items
        built.member.email_confirmed_at = built.meeting.created_at
        members = {"ko": built.member, "en": person(Role.MEMBER, locale="en", email="en-member@example.org"),
                   "done": person(Role.MEMBER, email="done-member@example.org"),
                   "unconfirmed": person(Role.MEMBER, confirmed=False)}
        for key in ("en", "done", "unconfirmed"):
            factories.seat(meeting.committee, members[key])
        opinions.submit_opinion(meeting, items[0], members["en"], "첫 안건에 대한 의견입니다.", today=TODAY)
        for item in items:
            opinions.submit_opinion(meeting, item, members["done"], "의견입니다.", today=TODAY)
        db.session.commit()
        return {"meeting": meeting.id, "items": [i.id for i in items],
                "members": {key: user.id for key, user in members.items()}}


def _address(world, key):
    from participation.accounts.models import User

    return db.session.get(User, world["members"][key]).email


def test_each_member_who_owes_opinions_is_reminded_once(app_ctx, world, mailbox):
    assert reminders.remind_due(TODAY) == 2  # ko and en; not done, not unconfirmed
    assert reminders.remind_due(TODAY) == 0
    assert reminders.remind_due(TODAY + timedelta(days=1)) == 0  # once per member and meeting
    assert deliver_all() == 2 and deliver_all() == 0
    assert sorted(m["To"] for m in mailbox.messages) == sorted([_address(world, "ko"), "en-member@example.org"])
    english = mailbox.to("en-member@example.org")[0]
    assert english["Subject"].startswith("Your written opinions on “2016년 제2차 정보화전략위원회” are due by ")
    text = text_of(english)
    assert "- 안건 2" in text and "- 안건 1" not in text  # only the item still owed
    url = f"http://open-session.test/meetings/{world['meeting']}/record/opinions"
    assert url in text and f'href="{url}#item-{world["items"][1]}"' in html_of(english)
    korean = mailbox.to(_address(world, "ko"))[0]
    assert korean["Content-Language"] == "ko" and "- 안건 1" in text_of(korean) and "- 안건 2" in text_of(korean)


def test_no_reminder_while_the_deadline_is_further_away_or_past(app_ctx, world):
    assert reminders.remind_due(DEADLINE - timedelta(days=reminders.reminder_days() + 1)) == 0
    assert reminders.remind_due(DEADLINE + timedelta(days=1)) == 0
    assert reminders.remind_due(DEADLINE - timedelta(days=reminders.reminder_days())) == 2
    assert outbox("opinion_due")


def test_switched_off_no_reminder(app_ctx, world):
    from participation.accounts.models import User

    with write_transaction():
        for key in ("ko", "en"):
            user = db.session.get(User, world["members"][key])
            services.save_choices(user, {kind: kind is not Kind.OPINION_DUE for kind in Kind})
        db.session.commit()
    assert reminders.remind_due(TODAY) == 0 and outbox() == []


def test_a_meeting_not_closed_yet_has_no_opinions_due(app_ctx):
    built = final_world.build(deadline=DEADLINE, close=False)
    built.member.email_confirmed_at = built.meeting.created_at
    db.session.commit()
    assert reminders.remind_due(TODAY) == 0


def test_the_worker_round_reminds_at_most_every_few_minutes(app_ctx, world, monkeypatch):
    monkeypatch.setattr(reminders, "_last_check", {"at": None})
    monkeypatch.setattr(opinions, "local_today", lambda: TODAY)
    assert reminders.remind_periodically in rounds.registered()
    assert reminders.remind_periodically() is True and len(outbox("opinion_due")) == 2
    db.session.execute(Meeting.__table__.update().values(title="바뀐 제목"))  # no matter: not checked again
    assert reminders.remind_periodically() is False


def test_the_command_reminds_and_sends(app, runner, world, mailbox):
    result = runner.invoke(args=["notifications", "remind", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "2 reminder(s) composed, 2 message(s) sent" in result.output
    assert len(mailbox.messages) == 2
    again = runner.invoke(args=["notifications", "remind", "--today", TODAY.isoformat()])
    assert "0 reminder(s) composed" in again.output and len(mailbox.messages) == 2


def test_a_bad_day_is_refused(app, runner, world):
    result = runner.invoke(args=["notifications", "remind", "--today", "tomorrow"])
    assert result.exit_code != 0 and "tomorrow" in result.output
    with app.app_context():
        assert outbox() == []
