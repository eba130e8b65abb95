"""E-mail to people: written to an outbox in the transaction of the change it tells of, delivered after
that transaction commits, off the request path.

`compose` renders a message from `templates/mail/<name>.{subject.txt,txt,html}` in the recipient's
language and adds it to the outbox (`MailMessage`); nothing is sent if the transaction rolls back. Once
it commits, a background thread of the web process (core/after_commit.py `in_background`: a greenlet
under gevent, so SMTP's waits never hold the event loop) delivers what is due; the worker beside the
server (feedback/worker.py) and `flask mail send` deliver whatever a dead process left. A message is claimed by
one deliverer at a time (a conditional UPDATE), so several processes never send it twice; a message
whose SMTP transaction succeeded but whose `sent_at` could not be stored (the process killed right
then) may go again once its claim is stale: at least once, as mail goes.

With `MAIL_SERVER` set, Flask-Mail speaks SMTP to it (`MAIL_PORT`, `MAIL_USE_TLS`, `MAIL_USERNAME`,
`MAIL_PASSWORD`, from `MAIL_FROM`). Without it (development), each message is written as an `.eml` file
to `MAIL_FOLDER` (`instance/mail/`). A delivery that fails is tried again later (1, 2, 4 ... minutes),
MAX_ATTEMPTS times in all. Sent messages are deleted after MAIL_KEEP_DAYS: the outbox holds addresses.
"""
from __future__ import annotations

import logging
import os
import smtplib
import socket
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_mail import Message
from sqlalchemy.orm import Mapped, mapped_column

from participation.core import after_commit
from participation.core.db import Base, UTCDateTime, utcnow
from participation.core.transactions import write_transaction
from participation.extensions import db, mail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
STALE_CLAIM = timedelta(minutes=10)  # a claim this old belongs to a deliverer that died
BATCH = 50


class MailMessage(Base):
    """One message to one address, rendered when it was composed; `sent_at` once delivered."""

    __tablename__ = "mail_messages"
    __table_args__ = (sa.Index("ix_mail_messages_due", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    kind: Mapped[str] = mapped_column(sa.String(40))
    locale: Mapped[str] = mapped_column(sa.String(5))
    subject: Mapped[str] = mapped_column(sa.String(255))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(80))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unsubscribe_url: Mapped[str | None] = mapped_column(sa.String(500))
    last_error: Mapped[str | None] = mapped_column(sa.String(500))


def compose(to_address: str, locale: str, template: str, *, kind: str, user_id: int | None = None,
            unsubscribe_url: str | None = None, **context) -> MailMessage:
    """Render `templates/mail/<template>.*` in `locale` with `context` and add the message to the
    outbox, to be delivered once the caller's transaction commits (one delivery task however many
    messages the transaction composed). `unsubscribe_url`: the page that switches this kind of mail off
    (the `List-Unsubscribe` header). Never commits."""
    with _language(locale):
        subject = " ".join(render_template(f"mail/{template}.subject.txt", **context).split())
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
    message = MailMessage(to_address=to_address, locale=locale, kind=kind, user_id=user_id,
                          subject=subject[:255], text_body=text, html_body=html, unsubscribe_url=unsubscribe_url)
    db.session.add(message)
    if current_app.config["MAIL_DELIVER_AFTER_COMMIT"]:
        after_commit.in_background(db.session(), _deliver_due, "mail")
    return message


@contextmanager
def _language(locale: str) -> Iterator[None]:
    """Render in `locale`, with the page's language (`current_language`, kept in `g`) set aside and
    back afterwards: a mail neither inherits the request's `<html lang>` and dates nor leaves its own."""
    saved = g.pop("lang_code", None)
    try:
        with force_locale(locale):
            yield
    finally:
        g.pop("lang_code", None)
        if saved is not None:
            g.lang_code = saved


def erase_for(user_id: int) -> int:
    """Delete every message to this user, sent or not (their address goes with them). Never commits."""
    return db.session.execute(sa.delete(MailMessage).where(MailMessage.user_id == user_id)).rowcount


def _deliver_due() -> None:
    while deliver_pending():
        pass


def _deliverer() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _due_ids(now: datetime, limit: int) -> list[int]:
    return list(db.session.scalars(
        sa.select(MailMessage.id)
        .where(MailMessage.sent_at.is_(None), MailMessage.attempts < MAX_ATTEMPTS,
               MailMessage.next_attempt_at <= now,
               sa.or_(MailMessage.claimed_at.is_(None), MailMessage.claimed_at < now - STALE_CLAIM))
        .order_by(MailMessage.id).limit(limit)))


def _claim(message_id: int, now: datetime) -> bool:
    """Take the message for this deliverer, unless another took it first."""
    with write_transaction():
        taken = db.session.execute(
            sa.update(MailMessage)
            .where(MailMessage.id == message_id, MailMessage.sent_at.is_(None),
                   sa.or_(MailMessage.claimed_at.is_(None), MailMessage.claimed_at < now - STALE_CLAIM))
            .values(claimed_by=_deliverer(), claimed_at=now)).rowcount
        db.session.commit()
    return taken == 1


def as_message(stored: MailMessage) -> Message:
    """The Flask-Mail message of a stored one, with the headers an automatic mail carries."""
    headers = {"Content-Language": stored.locale, "Auto-Submitted": "auto-generated",
               "X-Open-Session-Kind": stored.kind}
    if stored.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{stored.unsubscribe_url}>"
    message = Message(subject=stored.subject, recipients=[stored.to_address], body=stored.text_body,
                      html=stored.html_body, sender=current_app.config["MAIL_FROM"], extra_headers=headers)
    message.msgId = f"<open-session-{stored.id}-{int(stored.created_at.timestamp())}@{_mail_domain()}>"
    return message


def _mail_domain() -> str:
    sender = current_app.config["MAIL_FROM"]
    return sender.rpartition("@")[2].strip(" >") or "localhost"


class _FolderConnection:
    """Development without an SMTP server: each message becomes an `.eml` file in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> _FolderConnection:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *_exc) -> None:
        pass

    def send(self, message: Message) -> None:
        name = message.msgId.strip("<>").partition("@")[0]
        (self.folder / f"{name}.eml").write_bytes(message.as_bytes())


def _connection():
    if current_app.config.get("MAIL_SERVER"):
        return mail.connect()
    return _FolderConnection(Path(current_app.config["MAIL_FOLDER"]))


def _finish(message_id: int, error: Exception | None) -> None:
    with write_transaction():
        stored = db.session.get(MailMessage, message_id)
        if stored is not None:
            stored.attempts += 1
            stored.claimed_by = stored.claimed_at = None
            if error is None:
                stored.sent_at, stored.last_error = utcnow(), None
            else:
                stored.last_error = f"{type(error).__name__}: {error}"[:500]
                stored.next_attempt_at = utcnow() + timedelta(minutes=2 ** (stored.attempts - 1))
        db.session.commit()


def deliver_pending(limit: int = BATCH) -> int:
    """Deliver the messages due now (at most `limit`), each claimed first; how many were sent."""
    now = utcnow()
    ids = _due_ids(now, limit)
    db.session.commit()
    if not ids:
        return 0
    try:
        connection = _connection().__enter__()
    except (OSError, smtplib.SMTPException) as error:  # the server away: everything waits for the next round
        logger.warning("mail server unreachable", extra={"fields": {"error": str(error), "due": len(ids)}})
        return 0
    try:
        return _deliver(connection, ids, now)
    finally:
        try:
            connection.__exit__(None, None, None)
        except (OSError, smtplib.SMTPException):  # the server hung up first: what was sent is sent
            pass
        _forget_old()


def _deliver(connection, ids: list[int], now: datetime) -> int:
    sent = 0
    for message_id in ids:
        if not _claim(message_id, now):
            continue
        message = as_message(db.session.get(MailMessage, message_id))
        db.session.commit()
        try:
            connection.send(message)
        except Exception as error:  # the address refused, the server gone: tried again later
            logger.warning("mail not delivered", extra={"fields": {"id": message_id, "error": str(error)}})
            _finish(message_id, error)
        else:
            _finish(message_id, None)
            sent += 1
    return sent


def _forget_old() -> None:
    keep = timedelta(days=current_app.config["MAIL_KEEP_DAYS"])
    with write_transaction():
        db.session.execute(sa.delete(MailMessage).where(MailMessage.sent_at < utcnow() - keep))
        db.session.commit()
