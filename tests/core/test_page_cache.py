"""The public page cache (core/page_cache.py): anonymous visitors get a page rendered once per content
version, never a stale one, each with their own CSRF token; conditional GET with a weak ETag."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import template_rendered

from participation.core.page_cache import ContentVersion, content_version
from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.meetings import services
from tests import factories
from tests.conftest import CSRF_FIELD
from tests.services import required


@pytest.fixture
def published(app):
    with app.app_context():
        meeting = factories.meeting(published=True, title="처음 제목")
        db.session.commit()
        return meeting.id


@pytest.fixture
def renders(app):
    """How many templates were rendered so far (a page served from the cache renders none)."""
    seen = []

    def record(sender, template, context, **extra):
        seen.append(template.name)

    template_rendered.connect(record, app)
    yield seen
    template_rendered.disconnect(record, app)


def _retitle(app, meeting_id: int, title: str) -> None:
    with app.app_context(), write_transaction():
        services.update_meeting(db.session.get(services.Meeting, meeting_id), title=title)
        db.session.commit()


def test_a_second_anonymous_visit_is_served_without_rendering(app, client, published, renders):
    first = client.get(f"/meetings/{published}")
    rendered = len(renders)
    second = app.test_client().get(f"/meetings/{published}")
    assert first.status_code == second.status_code == 200 and rendered > 0
    assert len(renders) == rendered
    assert "처음 제목" in second.get_data(as_text=True)


def test_a_change_is_on_the_next_anonymous_request(app, client, published):
    assert "처음 제목" in client.get(f"/meetings/{published}").get_data(as_text=True)
    _retitle(app, published, "고친 제목")
    page = client.get(f"/meetings/{published}").get_data(as_text=True)
    assert "고친 제목" in page and "처음 제목" not in page


def test_a_change_through_plain_sql_invalidates_too(app, client, published):
    client.get(f"/meetings/{published}")
    with app.app_context(), write_transaction():
        db.session.execute(sa.text("UPDATE meetings SET title = '다른 길로 고친 제목' WHERE id = :id"), {"id": published})
        db.session.commit()
    assert "다른 길로 고친 제목" in client.get(f"/meetings/{published}").get_data(as_text=True)


def test_a_rolled_back_change_moves_nothing_and_reads_move_nothing(app, published):
    with app.app_context():
        before = content_version()
        db.session.commit()
    with app.app_context(), write_transaction():
        services.update_meeting(db.session.get(services.Meeting, published), title="없던 일")
        db.session.flush()
        db.session.rollback()
    app.test_client().get(f"/meetings/{published}")
    with app.app_context():
        assert content_version() == before


def test_every_committed_write_moves_the_version_once(app, published):
    with app.app_context():
        before = content_version()
        db.session.commit()
    _retitle(app, published, "한 번")
    with app.app_context():
        assert content_version() == before + 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ContentVersion)) == 1


def _token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    return match.group(1) or match.group(2)


def test_each_visitor_gets_their_own_working_csrf_token(app, published, renders):
    with app.app_context():
        meeting = db.session.get(services.Meeting, published)
        meeting.allow_guest_comments = True  # the item page has the guest's comment form
        item_url = f"/meetings/{published}/items/{services.agenda_of(meeting)[0].id}"
        db.session.commit()
    first, second = app.test_client(), app.test_client()
    first_page = first.get("/login").get_data(as_text=True)  # not cached: it is not a public page
    home_1 = first.get(item_url).get_data(as_text=True)
    rendered = len(renders)
    home_2 = second.get(item_url).get_data(as_text=True)
    assert len(renders) == rendered  # the second visitor's page came from the cache
    assert _token(home_1) != _token(home_2)
    assert _token(home_1) == _token(first_page)
    assert "\x00" not in home_1 + home_2
    # The token in the cached page logs its own visitor in.
    answer = second.post("/login", data={"email": "nobody@example.org", "password": "x" * 12,
                                         "csrf_token": _token(home_2)})
    assert answer.status_code == 400 and "CSRF" not in answer.get_data(as_text=True)


def test_a_logged_in_visitor_is_never_served_the_shared_page(app, client, auth, published, renders):
    with app.app_context():
        factories.user(email="reader@example.org", name="읽는시민")
        db.session.commit()
    app.test_client().get(f"/meetings/{published}")  # cached for anonymous visitors
    auth.login("reader@example.org")
    rendered = len(renders)
    page = client.get(f"/meetings/{published}").get_data(as_text=True)
    assert len(renders) > rendered and "읽는시민" in page


def test_languages_are_cached_apart(app, published):
    visitor = app.test_client()
    korean = visitor.get(f"/meetings/{published}").get_data(as_text=True)
    english = visitor.get(f"/meetings/{published}?lang=en").get_data(as_text=True)
    again = visitor.get(f"/meetings/{published}").get_data(as_text=True)  # the cookie now says English
    assert '<html lang="ko">' in korean and '<html lang="en">' in english and '<html lang="en">' in again


def test_a_matching_etag_answers_304_until_something_changes(app, client, published):
    first = client.get(f"/meetings/{published}")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Cache-Control"] == "no-cache"
    assert {"Cookie", "Accept-Language"} <= set(first.vary)
    again = client.get(f"/meetings/{published}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    _retitle(app, published, "바뀐 제목")
    changed = client.get(f"/meetings/{published}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "바뀐 제목" in changed.get_data(as_text=True)


def test_a_flashed_message_is_shown_and_not_cached(app, client, published, renders):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "한 번만 보이는 알림")]
    page = client.get("/").get_data(as_text=True)
    assert "한 번만 보이는 알림" in page
    assert "한 번만 보이는 알림" not in app.test_client().get("/").get_data(as_text=True)


def test_an_unknown_meeting_answers_404_and_is_not_cached(app, client):
    assert client.get("/meetings/999999").status_code == 404
    assert client.get("/meetings/999999").status_code == 404


@pytest.fixture
def redis_pages(app):
    app.config["REDIS_URL"] = required("TEST_REDIS_URL")
    yield app
    app.extensions.pop("open_session_redis", None)
    app.extensions.pop("open_session_redis_pool", None)


@pytest.mark.services
def test_with_redis_the_version_moves_after_commit(redis_pages, client, published):
    app = redis_pages
    with app.app_context():
        before = content_version()
    assert "처음 제목" in client.get(f"/meetings/{published}").get_data(as_text=True)
    _retitle(app, published, "레디스 뒤의 제목")
    with app.app_context():
        assert content_version() == before + 1
    assert "레디스 뒤의 제목" in client.get(f"/meetings/{published}").get_data(as_text=True)


def test_pages_are_not_cached_when_switched_off(app, client, published, renders):
    app.config["PAGE_CACHE"] = False
    client.get("/")
    rendered = len(renders)
    client.get("/")
    assert len(renders) > rendered
    assert re.search(r"<html", client.get("/").get_data(as_text=True))


def test_an_entry_lives_at_most_page_cache_seconds(app, client, published, renders):
    app.config["PAGE_CACHE_SECONDS"] = 0  # read when the process's cache is made, at its first page
    client.get("/")
    rendered = len(renders)
    client.get("/")
    assert len(renders) > rendered


def test_the_etag_holds_across_seconds_though_each_token_is_signed_anew(app, client, published, monkeypatch):
    import itsdangerous

    first = client.get(f"/meetings/{published}")
    later = itsdangerous.TimestampSigner.get_timestamp(None) + 5  # the next request, five seconds on
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: later)
    again = client.get(f"/meetings/{published}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
