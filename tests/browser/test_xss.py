"""Hostile comments and nicknames are shown as text and never run, on the live page (rendered by
live.js as events arrive, then by the server on reload) and on the agenda item page.

The pages are opened with the Content-Security-Policy bypassed, so what is tested is the escaping
itself, not the CSP that would otherwise block inline code too.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import DevelopmentConfig
from participation import create_app
from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus, Phase, Stance
from participation.comments.personal_data import find as find_personal_data
from participation.comments.personal_data import mask
from participation.core.db import utcnow
from participation.extensions import db
from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.hostile import MARKER, corpus, generated
from tests.server import ServerProcess

pytestmark = pytest.mark.browser

BODY_MAX, NICKNAME_MAX = 2000, 40


def _expected(payload: str) -> tuple[str, str]:
    body = payload[:BODY_MAX].strip()
    nickname = payload[:NICKNAME_MAX].strip() or "guest"
    return nickname, body


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("xss"), GUEST_COMMENT_RATE_LIMIT="100000 per minute",
                           SOCKET_EVENT_RATE_LIMIT="100000 per minute", COMMENT_FEED_LIMIT="20000").prepare().start()
    yield server
    server.stop()


def _watch(page, found: list[str]) -> None:
    page.on("dialog", lambda d: (found.append(f"dialog {d.type}: {d.message}"), d.dismiss()))
    page.on("console", lambda m: found.append(f"console: {m.text}") if MARKER in m.text else None)


def _shown(page, selector: str) -> set[tuple[str, str]]:
    return {tuple(pair) for pair in page.eval_on_selector_all(
        selector, "els => els.map(e => [e.querySelector('.comment-author').textContent.trim(),"
                  " e.querySelector('.comment-body').textContent])")}


def _insert_approved(database: Path, item_id: int, payloads: list[str]) -> None:
    """Store approved guest comments straight through the models (the rules are tested elsewhere; here
    what matters is how thousands of hostile texts are shown)."""
    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", SECRET_KEY="x")
    with app.app_context():
        moderator = db.session.scalar(sa.select(User).where(User.email == "moderator@example.org"))
        for n, payload in enumerate(payloads):
            nickname, body = _expected(payload)
            db.session.add(Comment(
                meeting_id=MEETING_ID, item_id=item_id, guest_name=nickname, submitter_key=f"g:bulk{n}",
                client_key=f"bulk-{n}", body=body, public_body=mask(body, find_personal_data(body)),
                stance=Stance.CONCERN, phase=Phase.BEFORE, status=CommentStatus.APPROVED,
                decided_by_id=moderator.id, decided_at=utcnow()))
        db.session.commit()
        db.engine.dispose()


def test_hostile_comments_and_nicknames_show_as_text(browser, hostile_server):
    payloads = [p for p in generated() + corpus() if p[:BODY_MAX].strip()]
    assert len(generated()) >= 200
    # Through the socket and live.js: every generated payload and a sample of the corpus.
    live_path = generated() + corpus()[::20]
    item_id = sqlite3.connect(hostile_server.database).execute(
        "SELECT min(id) FROM agenda_items WHERE meeting_id = ?", (MEETING_ID,)).fetchone()[0]

    context = browser.new_context(base_url=hostile_server.url, bypass_csp=True)
    page = context.new_page()
    found: list[str] = []
    _watch(page, found)
    page.goto(f"/meetings/{MEETING_ID}/live")
    page.select_option("#feed-filter", "all")

    guest, moderator = LiveClient(hostile_server.url), LiveClient(hostile_server.url, "moderator@example.org")
    for n, payload in enumerate(live_path):
        ack = guest.call("comment.submit", {"item_id": item_id, "body": payload[:BODY_MAX], "stance": "concern",
                                            "client_key": f"xss-{n}", "nickname": payload[:NICKNAME_MAX]})
        if not ack["ok"] and ack["error"].get("field") == "nickname":  # blank nickname: send the body anyway
            ack = guest.call("comment.submit", {"item_id": item_id, "body": payload[:BODY_MAX], "stance": "concern",
                                                "client_key": f"xss-{n}", "nickname": "guest"})
        assert ack["ok"], (payload, ack)
        assert moderator.call("comment.approve", {"comment_id": ack["comment_id"]})["ok"]
    guest.close()
    moderator.close()
    expected_live = [_expected(p) for p in live_path if not find_personal_data(p[:BODY_MAX])]
    page.wait_for_function(f"document.querySelectorAll('#feed li.comment').length >= {len(live_path)}",
                           timeout=120_000)
    rendered = _shown(page, "#feed li.comment")
    assert [e for e in expected_live if e not in rendered] == []

    # Through the server's templates: the whole corpus.
    rest = [p for p in payloads if p not in set(live_path)]
    _insert_approved(hostile_server.database, item_id, rest)
    expected = expected_live + [_expected(p) for p in rest if not find_personal_data(p[:BODY_MAX])]
    for url, selector in ((f"/meetings/{MEETING_ID}/live", "#feed li.comment"),
                          (f"/meetings/{MEETING_ID}/items/{item_id}", "ol.comment-list li.comment")):
        page.goto(url, timeout=120_000)
        rendered = _shown(page, selector)
        assert [e for e in expected if e not in rendered] == [], url
        assert page.evaluate(
            "document.querySelectorAll('script:not([src]):not([type=\"application/json\"])').length") == 0

    assert found == []
    context.close()
