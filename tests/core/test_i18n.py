"""Language choice: `?lang=` (remembered in a cookie), the user's preference, Accept-Language, Korean.

Assertions look at `<html lang>` and cookies, not at translated words, so they hold without catalogs.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.extensions import db
from tests import factories
from tests.conftest import AuthActions


def page_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def set_cookies(response) -> dict[str, str]:
    return {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}


def test_korean_by_default(client):
    assert page_lang(client.get("/")) == "ko"


@pytest.mark.parametrize("header, lang", [
    ("en-US", "en"), ("en-GB,en;q=0.9", "en"), ("ko-KR,ko;q=0.9,en;q=0.8", "ko"), ("fr-FR", "ko"),
    ("fr, en;q=0.5", "en"),
])
def test_accept_language_on_a_first_visit(client, header, lang):
    assert page_lang(client.get("/", headers={"Accept-Language": header})) == lang


def test_lang_parameter_switches_and_is_remembered(client):
    response = client.get("/?lang=en")
    assert page_lang(response) == "en"
    cookie = set_cookies(response)["lang"]
    assert cookie.startswith("lang=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert page_lang(client.get("/login")) == "en"
    assert page_lang(client.get("/login", headers={"Accept-Language": "ko"})) == "en"

    assert page_lang(client.get("/login?lang=ko")) == "ko"
    assert page_lang(client.get("/")) == "ko"


def test_unknown_language_is_ignored(client):
    response = client.get("/?lang=xx")
    assert page_lang(response) == "ko"
    assert "lang" not in set_cookies(response)


def test_error_pages_follow_the_language_too(client):
    assert page_lang(client.get("/meetings/999?lang=en")) == "en"


def test_switch_links_keep_the_page_and_its_query(client):
    html = client.get("/login?next=/account").get_data(as_text=True)
    assert 'href="/login?next=/account&amp;lang=en"' in html
    assert 'href="/login?next=/account&amp;lang=ko"' in html


@pytest.mark.parametrize("query", ["meeting_id=2", "_method=POST", "_external=1&_anchor=x", "_scheme=javascript"])
def test_switch_links_ignore_query_arguments_that_are_not_the_visitors(client, query):
    response = client.get(f"/meetings/999?{query}")
    assert response.status_code == 404
    assert 'href="/meetings/999?lang=en"' in response.get_data(as_text=True)


def test_logged_in_user_keeps_the_choice_on_every_device(app, client):
    with app.app_context():
        factories.user(email="ann@example.org", locale="ko")
        db.session.commit()
    AuthActions(client).login("ann@example.org")
    client.get("/?lang=en")
    with app.app_context():
        assert db.session.scalar(sa.select(User.locale).where(User.email == "ann@example.org")) == "en"

    other_device = app.test_client()
    AuthActions(other_device).login("ann@example.org")
    assert page_lang(other_device.get("/")) == "en"


def test_anonymous_switch_changes_no_account(app, client):
    with app.app_context():
        factories.user(email="ann@example.org", locale="ko")
        db.session.commit()
    client.get("/?lang=en")
    with app.app_context():
        assert db.session.scalar(sa.select(User.locale)) == "ko"
