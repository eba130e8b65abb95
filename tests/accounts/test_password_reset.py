"""Password reset by mailed link, end to end through the SMTP server of the test process: the request,
the mail in the account's language, the link setting a new password and ending the other sessions, the
link refused a second time and after it expired; an unknown address answered the same with no mail;
the rate limits (participation/accounts/reset.py, tokens.py, email_views.py)."""
from __future__ import annotations

import re
from contextlib import contextmanager

import itsdangerous.timed
import pytest
import sqlalchemy as sa

from participation.accounts import mail, tokens
from participation.accounts.mail import MailMessage
from participation.accounts.models import User
from participation.core import signals
from participation.core.db import utcnow
from participation.core.roles import Role
from participation.extensions import db
from tests import factories
from tests.conftest import AuthActions, csrf_token
from tests.mailbox import html_of, text_of

PASSWORD = factories.PASSWORD
NEW_PASSWORD = "a-brand-new-password"
LINK = re.compile(r"http://open-session\.test(/password/reset/[A-Za-z0-9_.\-]+)")


def make_user(app, email="ann@example.org", locale="en", name="Ann Reader") -> int:
    with app.app_context():
        user = factories.user(Role.CITIZEN, email=email, name=name, locale=locale)
        db.session.commit()
        return user.id


def load(app, user_id: int) -> User:
    with app.app_context():
        return db.session.get(User, user_id)


def new_client(app, lang: str | None = "en"):
    client = app.test_client()
    if lang:
        client.set_cookie("lang", lang)
    return client


def ask(client, email, ip="10.9.0.1"):
    token = csrf_token(client, "/password/reset")
    return client.post("/password/reset", data={"email": email, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": ip})


def deliver(app) -> int:
    with app.app_context():
        sent = mail.deliver_pending()
        db.session.remove()
        return sent


def outbox_size(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(MailMessage.id)))


def link_path(message) -> str:
    text, html = text_of(message), html_of(message)
    match = LINK.search(text)
    assert match, text
    assert f'href="{match.group(0)}"' in html  # the HTML part carries the same link
    return match.group(1)


def set_password(client, path, password=NEW_PASSWORD, confirm=None):
    token = csrf_token(client, path)
    return client.post(path, data={"password": password, "confirm": confirm or password, "csrf_token": token})


def can_log_in(app, email, password) -> bool:
    return AuthActions(new_client(app)).login(email, password).status_code == 302


@contextmanager
def sessions_ended():
    got: list[str] = []

    def receiver(sender, reason=None, **_):
        got.append(reason)

    signals.user_sessions_ended.connect(receiver)
    try:
        yield got
    finally:
        signals.user_sessions_ended.disconnect(receiver)


@contextmanager
def clock_ahead(seconds: int):
    """itsdangerous reads the time as `time.time()` of its `timed` module: move only its clock."""
    real = itsdangerous.timed.time

    class Later:
        @staticmethod
        def time():
            return real.time() + seconds

    itsdangerous.timed.time = Later
    try:
        yield
    finally:
        itsdangerous.timed.time = real


# --- the whole way -----------------------------------------------------------------------------------


def test_a_reset_by_mail_sets_the_password_and_ends_every_other_session(app, mailbox):
    user_id = make_user(app)
    other_device = new_client(app)
    assert AuthActions(other_device).login("ann@example.org").status_code == 302
    assert other_device.get("/account").status_code == 200

    browser = new_client(app)
    login_page = browser.get("/login").get_data(as_text=True)
    assert 'href="/password/reset"' in login_page and "Forgot your password?" in login_page
    asked = ask(browser, "Ann@Example.org ")
    assert asked.status_code == 303 and asked.headers["Location"] == "/login"
    assert "If an account uses ann@example.org, a link to choose a new password is on its way" in \
        browser.get("/login").get_data(as_text=True)

    assert deliver(app) == 1
    message = mailbox.to("ann@example.org")[0]
    assert message["To"] == "ann@example.org"
    assert message["Subject"] == "Choose a new password on Open Session"
    assert message["Content-Language"] == "en"
    assert "Hello Ann Reader," in text_of(message) and "within 60 minutes" in text_of(message)
    path = link_path(message)

    page = browser.get(path)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer" and page.headers["Cache-Control"] == "no-store"
    assert "ann@example.org" in page.get_data(as_text=True)

    # Bad input: a clear error, nothing changes.
    short = set_password(browser, path, "short")
    assert short.status_code == 400 and "between 10 and 128 characters" in short.get_data(as_text=True)
    differ = set_password(browser, path, NEW_PASSWORD, "another-long-password")
    assert differ.status_code == 400 and "The passwords differ." in differ.get_data(as_text=True)
    assert load(app, user_id).email_confirmed_at is None
    assert other_device.get("/account").status_code == 200

    with sessions_ended() as reasons:
        done = set_password(browser, path)
    assert done.status_code == 303 and done.headers["Location"] == "/account"
    assert reasons == ["password_reset"]  # the live sockets are told why (live/rooms.py)
    account = browser.get("/account")
    assert account.status_code == 200  # logged in on this browser
    assert "Your new password is set and you are logged in." in account.get_data(as_text=True)

    logged_out = other_device.get("/account")
    assert logged_out.status_code == 302 and "/login" in logged_out.headers["Location"]
    assert not can_log_in(app, "ann@example.org", PASSWORD)
    assert can_log_in(app, "ann@example.org", NEW_PASSWORD)
    assert load(app, user_id).email_confirmed_at is not None  # the mail reached its owner

    # The same link again: refused, in either method, and nothing changes.
    again = new_client(app)
    refused = again.get(path)
    assert refused.status_code == 410
    html = refused.get_data(as_text=True)
    assert "This link has already been used" in html and 'href="/password/reset"' in html
    assert set_password_with_token_of(again, path, "yet-another-password").status_code == 410
    assert can_log_in(app, "ann@example.org", NEW_PASSWORD)


def set_password_with_token_of(client, path, password):
    """POST to a link whose page no longer shows a form: take the CSRF token from another page."""
    token = csrf_token(client, "/password/reset")
    return client.post(path, data={"password": password, "confirm": password, "csrf_token": token})


def test_the_mail_and_the_pages_speak_the_accounts_language(app, mailbox):
    make_user(app, "min@example.org", locale="ko", name="김민지")
    browser = new_client(app, lang="ko")
    assert "비밀번호를 잊으셨나요?" in browser.get("/login").get_data(as_text=True)
    assert ask(browser, "min@example.org").status_code == 303
    deliver(app)
    message = mailbox.to("min@example.org")[0]
    assert message["Content-Language"] == "ko"
    assert message["Subject"] == "열린 회의 새 비밀번호 설정"
    text = text_of(message)
    assert "김민지 님, 안녕하세요." in text and "60분" in text
    assert "이 링크는 한 번만 쓸 수 있습니다" in html_of(message)
    path = link_path(message)
    assert "새 비밀번호 정하기" in browser.get(path).get_data(as_text=True)
    assert set_password(browser, path).status_code == 303
    refused = browser.get(path)
    assert refused.status_code == 410 and "이미 사용한 링크" in refused.get_data(as_text=True)


# --- links refused -----------------------------------------------------------------------------------


def test_an_expired_link_is_refused_and_changes_nothing(app, mailbox):
    user_id = make_user(app)
    ask(new_client(app), "ann@example.org")
    deliver(app)
    path = link_path(mailbox.to("ann@example.org")[0])
    browser = new_client(app)
    max_age = app.config["PASSWORD_RESET_MAX_AGE"]
    with clock_ahead(max_age - 5):
        assert browser.get(path).status_code == 200  # still in time
    before = load(app, user_id).password_hash
    with clock_ahead(max_age + 1):
        page = browser.get(path)
        assert page.status_code == 410
        assert "This link has expired: a link to choose a new password works for 60 minutes." in \
            page.get_data(as_text=True)
        assert set_password_with_token_of(browser, path, NEW_PASSWORD).status_code == 410
    assert load(app, user_id).password_hash == before
    assert can_log_in(app, "ann@example.org", PASSWORD)


@pytest.mark.parametrize("mangle", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # the signature broken
    lambda token: "x" + token,  # the payload changed
    lambda token: "not-a-token",
], ids=["signature", "payload", "garbage"])
def test_a_forged_link_is_refused(app, mailbox, mangle):
    make_user(app)
    ask(new_client(app), "ann@example.org")
    deliver(app)
    token = link_path(mailbox.to("ann@example.org")[0]).rsplit("/", 1)[1]
    page = new_client(app).get(f"/password/reset/{mangle(token)}")
    assert page.status_code == 400
    assert "This link is not valid." in page.get_data(as_text=True)
    assert can_log_in(app, "ann@example.org", PASSWORD)


def test_a_confirmation_token_does_not_open_a_reset(app):
    user_id = make_user(app)
    with app.test_request_context():
        token = tokens.email_confirm_token(db.session.get(User, user_id))
    assert new_client(app).get(f"/password/reset/{token}").status_code == 400


def test_a_password_changed_on_the_account_page_voids_a_pending_link(app, mailbox):
    make_user(app)
    ask(new_client(app), "ann@example.org")
    deliver(app)
    path = link_path(mailbox.to("ann@example.org")[0])
    browser = new_client(app)
    AuthActions(browser).login("ann@example.org")
    token = csrf_token(browser, "/account")
    assert browser.post("/account", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                          "confirm": NEW_PASSWORD, "csrf_token": token}).status_code == 302
    assert new_client(app).get(path).status_code == 410


def test_of_two_links_the_first_used_voids_the_other(app, mailbox):
    make_user(app)
    ask(new_client(app), "ann@example.org")
    ask(new_client(app), "ann@example.org")
    deliver(app)
    first, second = (link_path(m) for m in mailbox.to("ann@example.org"))
    assert set_password(new_client(app), second).status_code == 303
    assert new_client(app).get(first).status_code == 410


# --- the same answer, and no mail, for an address without an account --------------------------------


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, mailbox):
    make_user(app)
    known = ask(new_client(app), "ann@example.org", ip="10.9.1.1")
    unknown = ask(new_client(app), "nobody@example.org", ip="10.9.1.2")
    assert (unknown.status_code, unknown.headers["Location"], unknown.data) == \
        (known.status_code, known.headers["Location"], known.data)
    assert outbox_size(app) == 1
    assert deliver(app) == 1
    assert [m["To"] for m in mailbox.messages] == ["ann@example.org"]


def test_a_deleted_account_gets_no_mail(app, mailbox):
    if not hasattr(User, "deleted_at"):
        pytest.skip("account deletion (User.deleted_at) has not landed")
    user_id = make_user(app)
    with app.app_context():
        db.session.get(User, user_id).deleted_at = utcnow()
        db.session.commit()
    assert ask(new_client(app), "ann@example.org").status_code == 303
    assert outbox_size(app) == 0


def test_a_bad_address_is_a_clear_error(app, mailbox):
    response = ask(new_client(app), "not-an-address")
    assert response.status_code == 400
    assert "Invalid email address." in response.get_data(as_text=True)
    assert outbox_size(app) == 0


# --- rate limits -------------------------------------------------------------------------------------


def test_requests_are_limited_per_client_address(app, mailbox):
    for n in range(5):
        make_user(app, f"p{n}@example.org")
    browser = new_client(app, lang="ko")
    assert [ask(browser, f"p{n}@example.org", ip="10.9.2.1").status_code for n in range(5)] == [303] * 5
    make_user(app, "p5@example.org")
    blocked = ask(browser, "p5@example.org", ip="10.9.2.1")
    assert blocked.status_code == 429
    assert "시도 횟수가 너무 많습니다" in blocked.get_data(as_text=True)
    assert ask(browser, "p5@example.org", ip="10.9.2.2").status_code == 303  # another address may
    assert deliver(app) == 6
    assert sorted(m["To"] for m in mailbox.messages) == [f"p{n}@example.org" for n in range(6)]


def test_requests_are_limited_per_e_mail_across_client_addresses(app, mailbox):
    make_user(app)
    browser = new_client(app)
    for n in range(5):
        assert ask(browser, "ann@example.org", ip=f"10.9.3.{n}").status_code == 303
    blocked = ask(browser, "ANN@example.org", ip="10.9.3.99")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    assert deliver(app) == 5 and len(mailbox.to("ann@example.org")) == 5  # nothing more went
    assert ask(browser, "bob@example.org", ip="10.9.3.98").status_code == 303  # other addresses may
