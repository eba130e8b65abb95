"""Hostile comments and nicknames are shown as text and never run, on the live page (rendered by
live.js as events arrive, then by the server on reload) and on the agenda item page: the whole corpus for
an anonymous viewer; and a representative subset, with hostile display names, official replies and item
titles, through every JS renderer (live.js for an anonymous viewer, a citizen, a moderator, a member and
the secretary; moderate.js for a moderator). Server-rendered pages for every role are checked without a
browser in tests/test_xss_pages.py.

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
from participation.comments.consents import CONSENT_VERSION
from participation.comments.models import Comment, CommentStatus, Phase, Stance
from participation.comments.personal_data import find as find_personal_data
from participation.comments.personal_data import mask
from participation.core.db import utcnow
from participation.core.transactions import write_transaction
from participation.extensions import db
from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.hostile import CALL, MARKER, corpus, generated
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
    # A write unit (BEGIN IMMEDIATE): the server's worker commits while the approvals above are worked
    # through, and a deferred transaction that read first could not write on its stale snapshot.
    with app.app_context(), write_transaction():
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
    expected_live = []
    for n, payload in enumerate(live_path):
        nickname, body = _expected(payload)
        ack = guest.call("comment.submit", {"item_id": item_id, "body": payload[:BODY_MAX], "stance": "concern",
                                            "client_key": f"xss-{n}", "nickname": payload[:NICKNAME_MAX],
                                            "consent": True, "consent_version": CONSENT_VERSION})
        if not ack["ok"] and ack["error"].get("field") == "nickname":
            # A nickname refused (blank, or holding a tab or a control character): send the body anyway.
            nickname = "guest"
            ack = guest.call("comment.submit", {"item_id": item_id, "body": payload[:BODY_MAX], "stance": "concern",
                                                "client_key": f"xss-{n}", "nickname": nickname,
                                                "consent": True, "consent_version": CONSENT_VERSION})
        assert ack["ok"], (payload, ack)
        assert moderator.call("comment.approve", {"comment_id": ack["comment_id"]})["ok"]
        if not find_personal_data(body):
            expected_live.append((nickname, body))
    guest.close()
    moderator.close()
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


# --- Every JS renderer, for every kind of viewer ---------------------------------------------------------
#
# live.js renders approved comments (author, guest nickname, body, item title), the buttons it adds for a
# voter (agree, disagree, pass), a logged-in viewer (report), a member (reply) and a secretary (spotlight),
# each carrying the author's name as hidden text, and official replies (author and body); moderate.js
# renders the queue (the author, the item title, the body with its personal data marked) from the join
# acknowledgement and from
# `moderation.queued`. A representative subset of the payloads goes through them, with hostile display
# names for the author, the member who replies and the moderator who decides, and a hostile item title.

AUTHOR_NAME = f"\"'><img src=x onerror={CALL}>"[:60]
MEMBER_NAME = f"<svg onload=alert('{MARKER}')>"
MODERATOR_NAME = f"<script>alert('{MARKER}')</script>"
GUEST_NICKNAME = f"<img src=x onerror=alert('{MARKER}')>"[:NICKNAME_MAX]
ITEM_TITLE = f"</option><img src=x onerror={CALL}>"
# Bodies with personal data, so moderate.js's marking path (the <mark> spans) renders hostile text too.
MARKED = [f"<img src=x onerror={CALL}> mail me: a.b@example.org", f"010-1234-5678<svg onload={CALL}>"]
VIEWERS = {"anonymous": None, "citizen": "citizen1@example.org", "moderator": "xss-moderator@example.org",
           "member": "xss-member@example.org", "secretary": "secretary@example.org"}


def _subset() -> list[str]:
    picked = generated()[::8] + corpus()[::400] + MARKED
    return [p for p in dict.fromkeys(p[:BODY_MAX] for p in picked) if p.strip()]


@pytest.fixture(scope="module")
def renderer_server(tmp_path_factory):
    """A small seeded server with hostile display names and a hostile item title."""
    server = ServerProcess(tmp_path_factory.mktemp("xss-js"), GUEST_COMMENT_RATE_LIMIT="100000 per minute",
                           COMMENT_RATE_LIMIT="100000 per minute",
                           SOCKET_EVENT_RATE_LIMIT="100000 per minute").prepare()
    from participation.accounts import services as accounts
    from participation.core.roles import Role
    from participation.meetings.models import AgendaItem

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=server.database_url, SECRET_KEY="x")
    with app.app_context():
        accounts.create_user("xss-author@example.org", AUTHOR_NAME, "demo-password", roles={Role.CITIZEN})
        accounts.create_user("xss-member@example.org", MEMBER_NAME, "demo-password", roles={Role.MEMBER})
        accounts.create_user("xss-moderator@example.org", MODERATOR_NAME, "demo-password", roles={Role.MODERATOR})
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.meeting_id == MEETING_ID)
                                 .order_by(AgendaItem.position))
        item.title = ITEM_TITLE
        db.session.commit()
        server.item_id = item.id
        db.engine.dispose()
    server.start()
    yield server
    server.stop()


def _open(browser, server, who: str, path: str, found: list[str]):
    from tests.browser.conftest import login

    context = browser.new_context(base_url=server.url, bypass_csp=True)
    page = context.new_page()
    _watch(page, found)
    if VIEWERS[who]:
        login(page, VIEWERS[who])
    page.goto(path)
    page.wait_for_function("document.getElementById('connection-status').textContent.trim() !== ''"
                           " && window.io !== undefined")
    return context, page


FEED_JS = """els => els.map(li => ({
  id: Number(li.dataset.commentId),
  author: li.querySelector('.comment-author').textContent.trim(),
  body: li.querySelector('.comment-body').textContent,
  item: (li.querySelector('.comment-item') || {textContent: ''}).textContent.trim(),
  hidden: Array.from(li.querySelectorAll('.comment-actions button .visually-hidden')).map(s => s.textContent),
  replies: Array.from(li.querySelectorAll('.replies li.reply')).map(r =>
    [r.querySelector('.meta').textContent, r.querySelectorAll('p')[1].textContent]),
  foreign: li.querySelectorAll('img, svg, script, iframe, object, video, audio, input, textarea, select,' +
                               ' details, marquee, math, style, body, [onerror], [onload]').length
}))"""

QUEUE_JS = """els => els.map(li => ({
  id: Number(li.dataset.commentId),
  meta: li.querySelector('.meta').textContent,
  author: li.querySelector('.meta strong').textContent,
  body: li.querySelector('.comment-body').textContent,
  marks: li.querySelectorAll('.comment-body mark').length,
  foreign: li.querySelectorAll('.comment-body *:not(mark):not(a):not(br), .meta img, .meta svg, .meta script').length
}))"""


def _check_feed(page, who: str, expected: dict[int, tuple[str, str]], replies: dict[int, list[str]]) -> None:
    shown = {row["id"]: row for row in page.eval_on_selector_all("#feed li.comment", FEED_JS)}
    # Agree, disagree and pass for voters (citizens, and visitors: the meeting takes guests), report for
    # everyone logged in, and spotlight (secretary) or reply (member).
    buttons = 3 * (who in ("anonymous", "citizen")) + (who != "anonymous") + (who in ("member", "secretary"))
    problems = []
    for comment_id, (author, body) in expected.items():
        row = shown.get(comment_id)
        if row is None:
            problems.append((comment_id, "not shown"))
            continue
        if (row["author"], row["body"], row["foreign"]) != (author, body, 0):
            problems.append((comment_id, row))
        if row["hidden"] != [" — " + author] * buttons:
            problems.append((comment_id, "buttons", row["hidden"]))
        if row["item"] and row["item"] != ITEM_TITLE:
            problems.append((comment_id, "item", row["item"]))
        got = [(meta.endswith(" · " + MEMBER_NAME), text) for meta, text in row["replies"]]
        if got != [(True, text) for text in replies.get(comment_id, [])]:
            problems.append((comment_id, "replies", row["replies"]))
    assert problems == [], (who, problems[:5])


def _check_queue(page, expected: dict[int, tuple[str, str]]) -> None:
    shown = {row["id"]: row for row in page.eval_on_selector_all("#queue li.queue-entry", QUEUE_JS)}
    problems = [(cid, shown.get(cid)) for cid, (author, body) in expected.items()
                if cid not in shown or ITEM_TITLE not in shown[cid]["meta"]
                or (shown[cid]["author"], shown[cid]["body"], shown[cid]["foreign"]) != (author, body, 0)]
    assert problems == [], problems[:5]
    marked = [row for row in shown.values() if row["marks"]]
    assert marked, "no queued body had personal data marked: the <mark> path went untested"


def test_js_renderers_show_hostile_text_as_text_for_every_viewer(browser, renderer_server):
    server, item_id, found = renderer_server, renderer_server.item_id, []
    bodies = _subset()
    assert len(bodies) >= 50
    author = LiveClient(server.url, "xss-author@example.org")
    guest = LiveClient(server.url)
    submitted: dict[int, tuple[str, str]] = {}   # comment id -> (author shown, full body)

    def submit(n: int, body: str) -> None:
        as_guest = n % 3 == 0
        client = guest if as_guest else author
        payload = {"item_id": item_id, "body": body, "stance": "concern", "client_key": f"js-{n}",
                   "consent": True, "consent_version": CONSENT_VERSION}  # a first comment needs it
        if as_guest:
            payload["nickname"] = GUEST_NICKNAME
        ack = client.call("comment.submit", payload)
        assert ack["ok"], (body, ack)
        submitted[ack["comment_id"]] = (GUEST_NICKNAME.strip() if as_guest else AUTHOR_NAME, body.strip())

    # Half before the queue opens (rendered by moderate.js from the join acknowledgement), half after
    # (rendered from `moderation.queued`).
    half = len(bodies) // 2
    for n, body in enumerate(bodies[:half]):
        submit(n, body)
    pages = {"moderate": _open(browser, server, "moderator", f"/meetings/{MEETING_ID}/moderate", found)}
    for who in VIEWERS:
        pages[who] = _open(browser, server, who, f"/meetings/{MEETING_ID}/live", found)
        pages[who][1].select_option("#feed-filter", "all")
    queue_page = pages["moderate"][1]
    queue_page.wait_for_function(f"document.querySelectorAll('#queue li.queue-entry').length >= {half}")
    for n, body in enumerate(bodies[half:], start=half):
        submit(n, body)
    queue_page.wait_for_function(f"document.querySelectorAll('#queue li.queue-entry').length >= {len(bodies)}")
    _check_queue(queue_page, submitted)

    # The hostile-named moderator approves (moderate.js announces the decider's name); the hostile-named
    # member replies to some comments with hostile bodies.
    moderator = LiveClient(server.url, "xss-moderator@example.org")
    member = LiveClient(server.url, "xss-member@example.org")
    for comment_id in submitted:
        assert moderator.call("comment.approve", {"comment_id": comment_id})["ok"]
    replies: dict[int, list[str]] = {}
    for comment_id, body in zip(list(submitted)[:12], bodies[::-1]):
        text = body[:BODY_MAX].strip()
        assert member.call("reply.post", {"comment_id": comment_id, "body": text})["ok"]
        replies.setdefault(comment_id, []).append(text)
    for client in (author, guest, moderator, member):
        client.close()

    public = {cid: (name, body) for cid, (name, body) in submitted.items() if not find_personal_data(body)}
    reply_count = sum(len(v) for v in replies.values())
    for who in VIEWERS:   # live.js, event by event
        page = pages[who][1]
        page.wait_for_function(f"document.querySelectorAll('#feed li.comment').length >= {len(submitted)}"
                               f" && document.querySelectorAll('#feed li.reply').length >= {reply_count}")
        _check_feed(page, who, public, replies)
    for who in VIEWERS:   # the server's templates, and live.js decorating what they rendered
        page = pages[who][1]
        page.reload()
        page.wait_for_function(f"document.querySelectorAll('#feed li.comment').length >= {len(submitted)}")
        _check_feed(page, who, public, replies)
        assert page.evaluate(
            "document.querySelectorAll('script:not([src]):not([type=\"application/json\"])').length") == 0
    for context, _ in pages.values():
        context.close()
    assert found == []
