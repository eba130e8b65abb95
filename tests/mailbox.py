"""A real SMTP server inside the test process (aiosmtpd), and the mails it received.

`Mailbox.start()` listens on a free port of 127.0.0.1; `point(app)` sends the app's mail there
(MAIL_SERVER/MAIL_PORT, no TLS). `messages` are the parsed mails (`email.message.EmailMessage`),
`wait_for(n)` waits until n have arrived (mail leaves from a background task).
"""
from __future__ import annotations

import email
import email.policy
import threading
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from participation.extensions import mail
from tests.server import free_port


class _Collect:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.box.lock:
            self.box.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.box.messages.append(message)
        return "250 OK"


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> Mailbox:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def point(self, app) -> None:
        """Send `app`'s mail to this server."""
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=self.port, MAIL_USE_TLS=False,
                          MAIL_USERNAME=None, MAIL_PASSWORD=None)
        mail.init_app(app)

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in m["To"]]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        raise AssertionError(f"{len(self.messages)} mail(s) arrived, {count} expected")


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
