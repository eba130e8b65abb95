"""A comment's author hears of its moderation (approved; rejected with the published reason and note; taken
off after reports) and of a member's official reply: through the real SMTP server, once, after commit, in
the author's language, never when switched off, to the moderator or member themself, to an unconfirmed or
deleted address, or to a guest."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from participation.comments import services as comments
from participation.comments.models import RejectReason
from participation.core.db import utcnow
from participation.core.roles import Role
from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.meetings.services import agenda_of
from participation.notifications import services
from participation.notifications.models import Kind
from tests import factories
from tests.mailbox import html_of, text_of
from tests.notifications.people import deliver_all, outbox, person


@pytest.fixture
def world(app_ctx):
    meeting = factories.meeting(published=True, items=1, title="2017년 제1차 회의")
    item = agenda_of(meeting)[0]
    moderator = person(Role.MODERATOR)
    member = person(Role.MEMBER, name="김위원")
    db.session.commit()
    return {"meeting": meeting, "item": item, "moderator": moderator, "member": member}


def _comment(world, author, body="예산 집행 내역을 공개해 주세요."):
    with write_transaction():
        created = factories.comment(world["item"], author, body)
        db.session.commit()
    return created


def _decide(fn, *args, **kwargs):
    with write_transaction():
        result = fn(*args, **kwargs)
        db.session.commit()
    return result


def test_an_approval_reaches_the_author_once_in_korean_with_a_link_that_works(world, mailbox, client):
    author = person(locale="ko", email="ko-author@example.org")
    comment = _comment(world, author)
    assert outbox("comment_decided") == []  # a submission tells nobody
    _decide(comments.approve, comment, world["moderator"])
    assert deliver_all() == 1
    assert deliver_all() == 0  # delivered twice: still one mail
    [mail] = mailbox.to("ko-author@example.org")
    assert len(mailbox.messages) == 1
    assert mail["Content-Language"] == "ko" and mail["X-Open-Session-Kind"] == "comment_decided"
    assert mail["Subject"] == "“안건 1”에 남긴 의견이 승인되었습니다"
    text = text_of(mail)
    assert "예산 집행 내역을 공개해 주세요." in text
    link = f"http://open-session.test/meetings/{world['meeting'].id}/items/{world['item'].id}#comment-{comment.id}"
    assert link in text and f'href="{link}"' in html_of(mail)
    assert "http://open-session.test/account/notifications" in text
    assert '<html lang="ko">' in html_of(mail)
    page = client.get(link.removeprefix("http://open-session.test").partition("#")[0]).get_data(as_text=True)
    assert f'id="comment-{comment.id}"' in page


def test_a_rejection_tells_the_reason_and_the_note_in_english(world, mailbox):
    author = person(locale="en", email="en-author@example.org")
    comment = _comment(world, author)
    _decide(comments.reject, comment, world["moderator"], reason=RejectReason.OTHER.value,
            note="Please write about this agenda item.")
    deliver_all()
    [mail] = mailbox.to("en-author@example.org")
    assert mail["Subject"] == "Your comment on “안건 1” was not published"
    text = text_of(mail)
    assert "Reason: Other — Please write about this agenda item." in text
    assert "http://open-session.test/moderation-policy#reason-other" in text
    assert "http://open-session.test/my/comments" in text
    assert '<html lang="en">' in html_of(mail)


def test_a_korean_and_an_english_author_each_read_their_own_language(world, mailbox):
    korean, english = person(locale="ko"), person(locale="en")
    first, second = _comment(world, korean), _comment(world, english, "두 번째 의견입니다.")
    with write_transaction():
        comments.reject(first, world["moderator"], reason=RejectReason.SPAM.value)
        comments.reject(second, world["moderator"], reason=RejectReason.SPAM.value)
        db.session.commit()
    deliver_all()
    [ko] = mailbox.to(korean.email)
    [en] = mailbox.to(english.email)
    assert "광고" in text_of(ko) and "Advertising or spam" not in text_of(ko)
    assert "Advertising or spam" in text_of(en) and "게시되지" not in en["Subject"]
    assert ko["Content-Language"] == "ko" and en["Content-Language"] == "en"


def test_a_rolled_back_decision_sends_nothing(world, mailbox):
    author = person()
    comment = _comment(world, author)
    with write_transaction():
        comments.approve(comment, world["moderator"])
        assert len(outbox("comment_decided")) == 1  # composed in the transaction ...
        db.session.rollback()
    assert outbox("comment_decided") == [] and deliver_all() == 0  # ... and gone with it
    assert mailbox.messages == []


def test_switched_off_nothing_is_sent_and_the_other_kinds_still_are(world, mailbox):
    author = person()
    with write_transaction():
        services.save_choices(author, {kind: kind is not Kind.COMMENT_DECIDED for kind in Kind})
        db.session.commit()
    comment = _comment(world, author)
    _decide(comments.approve, comment, world["moderator"])
    assert outbox() == []
    _decide(comments.post_reply, comment, world["member"], "검토하겠습니다.")
    deliver_all()
    assert [m["X-Open-Session-Kind"] for m in mailbox.to(author.email)] == ["comment_replied"]


@pytest.mark.parametrize("who", ["unconfirmed", "deleted", "moderator"])
def test_nobody_hears_of_it_who_may_not(world, mailbox, who):
    if who == "moderator":  # a moderator deciding their own comment is not told of it
        author = person(Role.CITIZEN, Role.MODERATOR)
        moderator = author
    else:
        author = person(confirmed=who != "unconfirmed")
        moderator = world["moderator"]
    comment = _comment(world, author)
    if who == "deleted":
        with write_transaction():
            author.deleted_at = utcnow()
            db.session.commit()
    _decide(comments.approve, comment, moderator)
    assert outbox() == [] and deliver_all() == 0


def test_a_guest_comment_tells_nobody(world, mailbox):
    from participation.comments.services import Submitter

    meeting = world["meeting"]
    with write_transaction():
        meeting.allow_guest_comments = True
        factories.guest_consent("guest-1")
        created, _ = comments.submit(world["item"], Submitter(guest_id="guest-1", nickname="손님"),
                                     body="손님의 의견입니다.", stance="support", client_key="g1")
        comments.approve(created, world["moderator"])
        db.session.commit()
    assert outbox() == []


def test_a_comment_taken_off_after_reports_tells_its_author_why(world, mailbox):
    author = person(locale="en")
    comment = _comment(world, author)
    _decide(comments.approve, comment, world["moderator"])
    with write_transaction():
        comments.report(comment, person(), "광고입니다")
        db.session.commit()
    _decide(comments.hide, comment, world["moderator"], reason=RejectReason.SPAM.value)
    deliver_all()
    subjects = [m["Subject"] for m in mailbox.to(author.email)]
    assert subjects == ["Your comment on “안건 1” was approved",
                        "Your comment on “안건 1” was taken off the public pages"]
    assert "Reason: Advertising or spam" in text_of(mailbox.to(author.email)[1])


def test_a_reply_brings_its_text_escaped_and_a_link_to_the_comment(world, mailbox):
    author = person(locale="en", email="replied@example.org")
    comment = _comment(world, author)
    _decide(comments.approve, comment, world["moderator"])
    deliver_all()
    _decide(comments.post_reply, comment, world["member"], "<b>검토</b> & 답변드립니다.\n두 번째 줄")
    assert deliver_all() == 1 and deliver_all() == 0
    mail = mailbox.to("replied@example.org")[-1]
    assert mail["Subject"] == "김위원 replied to your comment on “안건 1”"
    assert "<b>검토</b> & 답변드립니다.\r\n두 번째 줄" in text_of(mail)
    html = html_of(mail)
    assert "&lt;b&gt;검토&lt;/b&gt; &amp; 답변드립니다." in html and "<b>검토</b>" not in html
    link = f"http://open-session.test/meetings/{world['meeting'].id}/items/{world['item'].id}#comment-{comment.id}"
    assert f'href="{link}"' in html


def test_a_member_replying_to_their_own_comment_is_not_told(world, mailbox):
    member = person(Role.MEMBER, Role.CITIZEN)
    comment = _comment(world, member)
    _decide(comments.approve, comment, world["moderator"])
    deliver_all()
    _decide(comments.post_reply, comment, member, "제가 답합니다.")
    assert outbox("comment_replied") == []


def test_history_written_with_old_dates_is_no_news(world, mailbox):
    """The demo's seed replays 2016 through the services, with its dates: nobody is mailed."""
    author = person()
    comment = _comment(world, author)
    _decide(comments.approve, comment, world["moderator"], now=utcnow() - timedelta(days=400))
    _decide(comments.post_reply, comment, world["member"], "옛 답변", now=utcnow() - timedelta(days=399))
    assert outbox() == []


def test_the_demo_seed_mails_nobody(app_ctx):
    from participation.demo.seed import seed_demo

    seed_demo()
    db.session.commit()
    assert outbox() == []


def test_a_mail_composed_during_a_request_leaves_the_pages_language_alone(app, world):
    from participation.core.i18n import current_language

    with app.test_request_context("/?lang=en"):
        assert current_language() == "en"
        message = services.compose(person(locale="ko"), Kind.COMMENT_DECIDED, "comment_decided",
                                   comment=_comment(world, person()), outcome="approved", comment_url="u",
                                   mine_url="m", policy_url="p")
        assert '<html lang="ko">' in message.html_body
        assert current_language() == "en"
        db.session.rollback()


def test_a_deleted_account_loses_its_follows_and_choices_and_the_export_holds_them(world):
    from participation.core import signals
    from participation.notifications.models import Follow, NotificationSettings

    user = person()
    services.set_follow(user, True, meeting=world["meeting"])
    services.save_choices(user, {Kind.COMMENT_DECIDED: True})
    db.session.commit()
    sections = dict(signals.account_data_requested.send(user))
    [exported] = [section for section in sections.values() if section and "notifications" in section]
    assert exported["notifications"]["follows"]["meetings"] == [{"id": world["meeting"].id,
                                                                 "title": "2017년 제1차 회의"}]
    assert exported["notifications"]["settings"]["comment_decided"] is True
    assert exported["notifications"]["settings"]["meeting_live"] is False
    with write_transaction():
        signals.user_deleted.send(user, actor=user)
        db.session.commit()
    assert db.session.get(NotificationSettings, user.id) is None
    assert db.session.scalars(sa.select(Follow).where(Follow.user_id == user.id)).all() == []
