"""Address confirmation by mailed link, through the SMTP server of the test process: registration sends
one mail in the chosen language, its link confirms (logged in or not, by a button: opening the link
changes nothing), a forged, expired, used or changed-address link is refused, the account page shows
the state and sends the mail again, rate-limited; staff-made and demo accounts count as confirmed."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from participation.accounts import mail, tokens
from participation.accounts.mail import MailMessage
from participation.accounts.models import User
from participation.core.roles import Role
from participation.extensions import db
from tests import factories
from tests.accounts.test_password_reset import clock_ahead, deliver, new_client
from tests.conftest import AuthActions, csrf_token
from tests.mailbox import html_of, text_of

LINK = re.compile(r"http://open-session\.test(/account/confirm/[A-Za-z0-9_.\-]+)")
REGISTRATION = {"email": "new@example.org", "display_name": "New Citizen", "password": "long-enough-pw",
                "confirm": "long-enough-pw", "locale": "en"}


def register(client, **change):
    data = {**REGISTRATION, **change}
    return client.post("/register", data={**data, "csrf_token": csrf_token(client, "/register")})


def user_by_email(app, email: str) -> User | None:
    with app.app_context():
        return db.session.scalar(sa.select(User).where(User.email == email))


def link_path(message) -> str:
    match = LINK.search(text_of(message))
    assert match, text_of(message)
    assert f'href="{match.group(0)}"' in html_of(message)
    return match.group(1)


def press_confirm(client, path):
    return client.post(path, data={"csrf_token": csrf_token(client, "/login")})


def make_user(app, email="ann@example.org", locale="en") -> int:
    with app.app_context():
        user = factories.user(Role.CITIZEN, email=email, name="Ann Reader", locale=locale)
        db.session.commit()
        return user.id


def confirm_link_for(app, user_id: int) -> str:
    with app.test_request_context():
        return f"/account/confirm/{tokens.email_confirm_token(db.session.get(User, user_id))}"


@pytest.mark.parametrize("locale, subject, words", [
    ("en", "Confirm your e-mail address on Open Session", "within 7 days"),
    ("ko", "열린 회의 이메일 주소 확인", "7일 안에"),
])
def test_registration_sends_one_confirmation_mail_in_the_chosen_language(app, mailbox, locale, subject,
                                                                         words):
    browser = new_client(app, lang=None)
    response = register(browser, locale=locale)
    assert response.status_code == 302
    assert deliver(app) == 1
    [message] = mailbox.messages
    assert message["To"] == "new@example.org" and message["Subject"] == subject
    assert message["Content-Language"] == locale
    assert words in text_of(message) and "new@example.org" in html_of(message)
    link_path(message)
    assert user_by_email(app, "new@example.org").email_confirmed_at is None


def test_a_refused_registration_sends_nothing(app, mailbox):
    make_user(app, "new@example.org")
    assert register(new_client(app)).status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(MailMessage.id))) == 0


def test_the_link_confirms_by_its_button_without_a_login(app, mailbox):
    browser = new_client(app)
    register(browser)
    account = browser.get("/account").get_data(as_text=True)
    assert 'data-email-confirmed="no"' in account and "Send the confirmation mail again" in account
    deliver(app)
    path = link_path(mailbox.messages[0])

    stranger = new_client(app)  # another browser, nobody logged in: the token names the account
    page = stranger.get(path)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert "Confirm that new@example.org is the address of your account." in page.get_data(as_text=True)
    assert user_by_email(app, "new@example.org").email_confirmed_at is None  # opening it changed nothing

    done = press_confirm(stranger, path)
    assert done.status_code == 303 and done.headers["Location"] == "/"
    assert "Thank you: new@example.org is confirmed." in stranger.get("/").get_data(as_text=True)
    assert stranger.get("/account").status_code == 302  # confirming logs nobody in
    assert user_by_email(app, "new@example.org").email_confirmed_at is not None
    account = browser.get("/account").get_data(as_text=True)
    assert 'data-email-confirmed="yes"' in account and "Send the confirmation mail again" not in account

    again = new_client(app).get(path)
    assert again.status_code == 410
    assert "This link has already been used: the address is confirmed." in again.get_data(as_text=True)


def test_the_owner_logged_in_returns_to_the_account_page(app, mailbox):
    browser = new_client(app)
    register(browser)
    deliver(app)
    done = press_confirm(browser, link_path(mailbox.messages[0]))
    assert done.status_code == 303 and done.headers["Location"] == "/account"


def test_a_forged_link_is_refused(app):
    user_id = make_user(app)
    path = confirm_link_for(app, user_id)
    for bad in (path[:-3] + "xyz", "/account/confirm/not-a-token"):
        page = new_client(app).get(bad)
        assert page.status_code == 400 and "This link is not valid." in page.get_data(as_text=True)
        assert press_confirm(new_client(app), bad).status_code == 400
    with app.test_request_context():
        reset_token = tokens.password_reset_token(db.session.get(User, user_id))
    assert new_client(app).get(f"/account/confirm/{reset_token}").status_code == 400  # another salt
    assert user_by_email(app, "ann@example.org").email_confirmed_at is None


def test_a_link_to_an_address_the_account_no_longer_has_is_refused(app):
    user_id = make_user(app)
    path = confirm_link_for(app, user_id)
    with app.app_context():
        db.session.get(User, user_id).email = "changed@example.org"
        db.session.commit()
    browser = new_client(app)
    page = browser.get(path)
    assert page.status_code == 410
    assert "This link was sent to an address the account no longer uses." in page.get_data(as_text=True)
    assert press_confirm(browser, path).status_code == 410
    assert user_by_email(app, "changed@example.org").email_confirmed_at is None


def test_an_expired_link_is_refused(app):
    path = confirm_link_for(app, make_user(app))
    max_age = app.config["EMAIL_CONFIRM_MAX_AGE"]
    browser = new_client(app, lang="ko")
    with clock_ahead(max_age + 1):
        page = browser.get(path)
        assert page.status_code == 410 and "7일" in page.get_data(as_text=True)
        assert press_confirm(browser, path).status_code == 410
    assert user_by_email(app, "ann@example.org").email_confirmed_at is None


# --- sending it again --------------------------------------------------------------------------------


def resend(client):
    return client.post("/account/confirm", data={"csrf_token": csrf_token(client, "/account")})


def test_the_account_page_sends_it_again_and_the_new_link_works(app, mailbox):
    make_user(app)
    browser = new_client(app)
    AuthActions(browser).login("ann@example.org")
    response = resend(browser)
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    notice = browser.get("/account").get_data(as_text=True)
    assert "A new confirmation link is on its way to ann@example.org." in notice
    assert deliver(app) == 1
    assert press_confirm(browser, link_path(mailbox.messages[0])).status_code == 303
    assert user_by_email(app, "ann@example.org").email_confirmed_at is not None

    assert resend(browser).status_code == 303  # confirmed now: nothing more to send
    assert "Your address is confirmed already." in browser.get("/account").get_data(as_text=True)
    assert deliver(app) == 0


def test_sending_it_again_is_rate_limited(app, mailbox):
    make_user(app, locale="ko")
    browser = new_client(app, lang="ko")
    AuthActions(browser).login("ann@example.org")
    assert [resend(browser).status_code for _ in range(3)] == [303] * 3
    blocked = resend(browser)
    assert blocked.status_code == 429 and "시도 횟수가 너무 많습니다" in blocked.get_data(as_text=True)
    assert deliver(app) == 3 and len(mailbox.messages) == 3


def test_sending_again_needs_a_login(app):
    anonymous = new_client(app)
    token = csrf_token(anonymous)
    response = anonymous.post("/account/confirm", data={"csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- accounts staff made -----------------------------------------------------------------------------


def test_accounts_made_by_the_command_are_confirmed(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "staff@example.org", "--role", "moderator",
                                 "--password", "long-enough-pw"])
    assert result.exit_code == 0, result.output
    assert user_by_email(app, "staff@example.org").email_confirmed_at is not None
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(MailMessage.id))) == 0


def test_demo_accounts_are_confirmed(demo):
    with demo.app_context():
        for email in ("admin@example.org", "citizen1@example.org", "secretary@example.org"):
            confirmed = db.session.scalar(sa.select(User.email_confirmed_at).where(User.email == email))
            assert confirmed is not None, email
        assert db.session.scalar(sa.select(sa.func.count(MailMessage.id))) == 0
        assert mail.deliver_pending() == 0
