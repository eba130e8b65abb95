"""The e-mail outbox (participation/accounts/mail.py): composed in the transaction, delivered after its
commit through a real SMTP server, once, in the recipient's language; the folder without a server."""
from __future__ import annotations

import email
import email.policy

import pytest
import sqlalchemy as sa

from participation.accounts import mail
from participation.accounts.mail import MailMessage
from participation.core.transactions import write_transaction
from participation.extensions import db
from tests.concurrency import at_once
from tests.mailbox import Mailbox, html_of, text_of


def _compose(address="citizen@example.org", locale="ko"):
    with write_transaction():
        message = mail.compose(address, locale, "check", kind="check")
        db.session.commit()
    return message.id


def test_a_committed_message_arrives_with_its_headers_in_both_languages(app_ctx, mailbox):
    _compose("ko@example.org", "ko")
    _compose("en@example.org", "en")
    assert mail.deliver_pending() == 2
    korean, english = mailbox.to("ko@example.org")[0], mailbox.to("en@example.org")[0]
    assert korean["Content-Language"] == "ko" and english["Content-Language"] == "en"
    assert korean["Auto-Submitted"] == "auto-generated"
    assert "no-reply@open-session.localhost" in korean["From"]
    assert "시험" in korean["Subject"] and english["Subject"] == "Test message from Open Session"
    assert "http://open-session.test/" in text_of(korean)
    assert '<a href="http://open-session.test/">' in html_of(english)
    assert mailbox.envelopes[0][1] == ["ko@example.org"]


def test_a_rolled_back_message_is_never_sent(app_ctx, mailbox):
    with write_transaction():
        mail.compose("gone@example.org", "en", "check", kind="check")
        db.session.rollback()
    assert mail.deliver_pending() == 0
    assert mailbox.messages == [] and db.session.scalar(sa.select(sa.func.count(MailMessage.id))) == 0


def test_a_message_is_sent_once_however_many_deliverers_run(app_ctx, mailbox):
    for n in range(5):
        _compose(f"c{n}@example.org")
    results = at_once(app_ctx, mail.deliver_pending)
    assert sum(results) == 5
    assert sorted(m["To"] for m in mailbox.messages) == [f"c{n}@example.org" for n in range(5)]
    assert mail.deliver_pending() == 0


def test_while_the_server_is_away_nothing_is_claimed_and_it_goes_once_back(app_ctx):
    dead = Mailbox()  # a port nobody listens on
    dead.point(app_ctx)
    message_id = _compose()
    assert mail.deliver_pending() == 0
    stored = db.session.get(MailMessage, message_id)
    assert stored.sent_at is None and stored.attempts == 0  # the connection failed before any claim
    box = Mailbox().start()
    try:
        box.point(app_ctx)
        assert mail.deliver_pending() == 1
        assert len(box.messages) == 1
    finally:
        box.stop()


def test_a_message_the_server_refuses_waits_before_its_next_attempt(app_ctx, mailbox, monkeypatch):
    message_id = _compose()

    def refuse(self, message, envelope_from=None):
        raise OSError("recipient refused")

    monkeypatch.setattr("flask_mail.Connection.send", refuse)
    assert mail.deliver_pending() == 0
    stored = db.session.get(MailMessage, message_id)
    assert stored.attempts == 1 and "recipient refused" in stored.last_error and stored.claimed_at is None
    monkeypatch.undo()
    assert mail.deliver_pending() == 0  # not yet: it waits a minute
    with write_transaction():
        stored.next_attempt_at = stored.created_at
        db.session.commit()
    assert mail.deliver_pending() == 1 and len(mailbox.messages) == 1


def test_without_a_server_messages_are_written_to_the_folder(app_ctx):
    _compose("dev@example.org", "en")
    assert mail.deliver_pending() == 1
    files = list(app_ctx.config["MAIL_FOLDER"].glob("*.eml"))
    assert len(files) == 1
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "dev@example.org" and parsed["Subject"] == "Test message from Open Session"


def test_after_commit_a_background_task_delivers(app, mailbox):
    app.config["MAIL_DELIVER_AFTER_COMMIT"] = True
    with app.app_context():
        _compose("soon@example.org", "en")
    assert mailbox.wait_for(1)[0]["To"] == "soon@example.org"


def test_sent_messages_are_forgotten_after_the_keeping_days(app_ctx, mailbox):
    _compose()
    mail.deliver_pending()
    app_ctx.config["MAIL_KEEP_DAYS"] = 0
    _compose("second@example.org")
    mail.deliver_pending()
    assert db.session.scalar(sa.select(sa.func.count(MailMessage.id))) == 0


def test_erase_for_deletes_a_persons_messages(app_ctx):
    from tests import factories

    user = factories.user()
    with write_transaction():
        mail.compose(user.email, "ko", "check", kind="check", user_id=user.id)
        mail.compose("other@example.org", "ko", "check", kind="check")
        assert mail.erase_for(user.id) == 1
        db.session.commit()
    assert db.session.scalars(sa.select(MailMessage.to_address)).all() == ["other@example.org"]


def test_the_check_command_sends_a_test_message(app, runner, mailbox):
    result = runner.invoke(args=["mail", "check", "admin@example.org", "--locale", "en"])
    assert result.exit_code == 0, result.output
    assert "sent to admin@example.org" in result.output
    assert mailbox.to("admin@example.org")[0]["Subject"] == "Test message from Open Session"


@pytest.mark.parametrize("pending", [0, 3])
def test_the_send_command_drains_the_outbox(app, runner, mailbox, pending):
    with app.app_context():
        for n in range(pending):
            _compose(f"d{n}@example.org")
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and f"{pending} message(s) sent" in result.output
    assert len(mailbox.messages) == pending


def test_one_delivery_task_per_transaction_however_many_messages(app, mailbox, monkeypatch):
    app.config["MAIL_DELIVER_AFTER_COMMIT"] = True
    started = []
    real = mail._deliver_due
    monkeypatch.setattr(mail, "_deliver_due", lambda: (started.append(1), real()))
    with app.app_context(), write_transaction():
        for n in range(5):
            mail.compose(f"batch{n}@example.org", "ko", "check", kind="check")
        db.session.commit()
    assert len(mailbox.wait_for(5)) == 5 and started == [1]


def test_a_mail_neither_inherits_nor_changes_the_pages_language(app):
    from participation.core.i18n import current_language

    with app.test_request_context("/?lang=ko"):
        assert current_language() == "ko"
        with write_transaction():
            message = mail.compose("en@example.org", "en", "check", kind="check")
            db.session.commit()
        assert '<html lang="en">' in message.html_body and current_language() == "ko"


def test_the_unsubscribe_page_travels_as_list_unsubscribe(app_ctx, mailbox):
    with write_transaction():
        mail.compose("n@example.org", "ko", "check", kind="check", unsubscribe_url="http://open-session.test/x")
        db.session.commit()
    mail.deliver_pending()
    assert mailbox.messages[0]["List-Unsubscribe"] == "<http://open-session.test/x>"
