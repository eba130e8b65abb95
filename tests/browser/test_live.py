"""The live session in Chromium: a citizen and a moderator in two browser contexts."""
from __future__ import annotations

import re
import uuid
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, run_axe

pytestmark = pytest.mark.browser
MEETING_ID = 2


def _choose(page, stance: str) -> None:
    # Scrolled first: below the fold, a check() that scrolls and clicks in one go was seen to miss.
    radio = page.locator(f"#live-comment-form input[name=stance][value={stance}]")
    radio.scroll_into_view_if_needed()
    radio.check()


@contextmanager
def _people(browser, live_server, n: int, locale: str = "en-US"):
    """`n` pages, each in a browser context of its own (separate cookies), closed afterwards."""
    contexts = [browser.new_context(base_url=live_server, locale=locale) for _ in range(n)]
    try:
        yield [context.new_page() for context in contexts]
    finally:
        for context in contexts:
            context.close()


def _open_live(page, path: str) -> None:
    page.goto(path)
    expect(page.locator("#connection-status")).not_to_have_text(re.compile("…"))


def test_citizen_posts_moderator_approves_with_keyboard_citizen_sees_it(browser, live_server):
    citizen_ctx = browser.new_context(base_url=live_server, locale="ko-KR")
    moderator_ctx = browser.new_context(base_url=live_server, locale="ko-KR")
    citizen, moderator = citizen_ctx.new_page(), moderator_ctx.new_page()
    errors: list[str] = []
    for page in (citizen, moderator):
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (errors.append(d.message), d.dismiss()))

    login(moderator, "moderator@example.org")
    moderator.goto(f"/meetings/{MEETING_ID}/moderate")
    expect(moderator.locator("#connection-status")).not_to_have_text(re.compile("…"))

    login(citizen, "citizen1@example.org")
    citizen.goto(f"/meetings/{MEETING_ID}/live")
    expect(citizen.locator("#connection-status")).not_to_have_text(re.compile("…"))
    citizen.select_option("#feed-filter", "all")
    text = f"브라우저에서 보낸 의견 {uuid.uuid4().hex[:6]} — 010-1234-5678"
    _choose(citizen, "suggestion")
    citizen.fill("#live-comment-form textarea[name=body]", text)
    citizen.click("#live-comment-form button[type=submit]")
    expect(citizen.locator("#compose-status")).to_contain_text(re.compile("."))

    entry = moderator.locator(".queue-entry", has_text=text[:20])
    expect(entry).to_be_visible()
    expect(entry.locator("mark.pii")).to_have_text("010-1234-5678")
    entry.click()
    moderator.keyboard.press("a")
    expect(entry).to_have_count(0)

    published = citizen.locator("#feed li.comment", has_text=text[:20])
    expect(published).to_be_visible()
    expect(published.locator(".comment-body")).to_contain_text("●" * 13)
    assert "010-1234-5678" not in published.inner_text()
    # Nobody votes on or reports their own comment: the author gets neither button, live or after a reload.
    expect(published.locator(".report-button")).to_have_count(0)
    assert published.locator(".vote-button").count() == 0
    citizen.reload()
    citizen.select_option("#feed-filter", "all")
    mine = citizen.locator("#feed li.comment", has_text=text[:20])
    expect(mine).to_be_visible()
    expect(mine.locator(".report-button")).to_have_count(0)
    assert mine.locator(".vote-button").count() == 0
    assert errors == []
    citizen_ctx.close()
    moderator_ctx.close()


def test_moderator_rejects_with_keyboard_and_author_sees_reason(browser, live_server):
    citizen_ctx = browser.new_context(base_url=live_server, locale="en-US")
    moderator_ctx = browser.new_context(base_url=live_server, locale="en-US")
    citizen, moderator = citizen_ctx.new_page(), moderator_ctx.new_page()
    login(moderator, "moderator@example.org")
    moderator.goto(f"/meetings/{MEETING_ID}/moderate")
    login(citizen, "citizen2@example.org")
    citizen.goto(f"/meetings/{MEETING_ID}/live")
    expect(citizen.locator("#connection-status")).not_to_have_text(re.compile("…"))
    text = f"광고 문구 {uuid.uuid4().hex[:6]}"
    _choose(citizen, "support")
    citizen.fill("#live-comment-form textarea[name=body]", text)
    citizen.click("#live-comment-form button[type=submit]")

    entry = moderator.locator(".queue-entry", has_text=text)
    expect(entry).to_be_visible()
    entry.click()
    moderator.keyboard.press("r")
    moderator.keyboard.press("4")  # the fourth reason: advertising or spam
    moderator.keyboard.press("Enter")
    expect(entry).to_have_count(0)

    citizen.goto("/my/comments?lang=en")
    card = citizen.locator(".card", has_text=text)
    expect(card.locator(".own-state")).to_have_text("Rejected")
    expect(card.locator(".own-stance")).to_have_text(re.compile("Support"))
    expect(card).to_contain_text("Advertising or spam")
    citizen_ctx.close()
    moderator_ctx.close()


def test_a_guest_is_marked_as_a_guest_in_the_queue_and_on_the_live_feed(browser, live_server):
    """The JS renderers (moderate.js, live.js) mark guests as the server-rendered pages do."""
    with _people(browser, live_server, 2) as (guest, moderator):
        _guest_is_marked(guest, moderator)


def _guest_is_marked(guest, moderator) -> None:
    login(moderator, "moderator@example.org")
    _open_live(moderator, f"/meetings/{MEETING_ID}/moderate?lang=en")
    _open_live(guest, f"/meetings/{MEETING_ID}/live?lang=en")
    guest.select_option("#feed-filter", "all")
    nickname, text = f"Citizen {uuid.uuid4().hex[:4]}", f"guest comment {uuid.uuid4().hex[:6]}"
    guest.fill("#live-comment-form input[name=nickname]", nickname)
    _choose(guest, "question")
    guest.fill("#live-comment-form textarea[name=body]", text)
    guest.check("#consent")  # a new guest's first comment: the consent box (comments/_consent.html)
    guest.click("#live-comment-form button[type=submit]")

    entry = moderator.locator(".queue-entry", has_text=text)
    expect(entry.locator(".guest-label")).to_have_text(re.compile(r"\(guest\)"))
    entry.click()
    moderator.keyboard.press("a")
    published = guest.locator("#feed li.comment", has_text=text)
    expect(published.locator(".comment-author")).to_have_text(nickname)
    expect(published.locator(".guest-label")).to_have_text(re.compile(r"\(guest\)"))
    guest.reload()  # and the server-rendered feed
    expect(guest.locator("#feed li.comment", has_text=text).locator(".guest-label")).to_be_visible()


def test_the_figures_change_live(browser, live_server):
    with _people(browser, live_server, 2) as (viewer, citizen):
        _open_live(viewer, f"/meetings/{MEETING_ID}/live?lang=en")
        submitted = viewer.locator('[data-figures] [data-figure="submitted"]')
        before = int(submitted.inner_text())
        login(citizen, "citizen3@example.org")
        _open_live(citizen, f"/meetings/{MEETING_ID}/live?lang=en")
        _choose(citizen, "concern")
        citizen.fill("#live-comment-form textarea[name=body]", f"figures {uuid.uuid4().hex[:6]}")
        citizen.click("#live-comment-form button[type=submit]")
        expect(submitted).to_have_text(str(before + 1), timeout=10_000)  # no reload


def test_logging_out_elsewhere_ends_the_open_moderation_page(browser, live_server):
    """The server ends the session's sockets at logout (session.ended); the open page follows at once."""
    context = browser.new_context(base_url=live_server, locale="en-US")
    moderator, other_tab = context.new_page(), context.new_page()
    login(moderator, "moderator@example.org")
    _open_live(moderator, f"/meetings/{MEETING_ID}/moderate?lang=en")
    other_tab.goto("/?lang=en")
    other_tab.locator("form[action='/logout'] button").first.click()
    expect(moderator).to_have_url(re.compile(r"/login"), timeout=10_000)
    context.close()


def test_comment_form_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    login(page, "citizen3@example.org")
    page.goto(f"/meetings/{MEETING_ID}")
    page.locator("ol.agenda > li > a").first.click()
    text = f"자바스크립트 없이 {uuid.uuid4().hex[:6]}"
    page.check("form.comment-form input[name=stance][value=question]")
    page.fill("form.comment-form textarea[name=body]", text)
    page.click("form.comment-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/items/\d+#your-comments$"))
    expect(page.locator(".own-comment", has_text=text)).to_be_visible()
    context.close()


@pytest.mark.parametrize("path,email", [
    (f"/meetings/{MEETING_ID}/live", None),
    (f"/meetings/{MEETING_ID}/live", "citizen1@example.org"),
    (f"/meetings/{MEETING_ID}/moderate", "moderator@example.org"),
    ("/moderation-policy", None),
])
def test_live_pages_have_no_serious_violation(page, path, email):
    if email:
        login(page, email)
    assert page.goto(path).status == 200
    assert run_axe(page) == []


def test_the_live_page_without_javascript_claims_no_connection(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False, locale="ko-KR")
    page = context.new_page()
    assert page.goto(f"/meetings/{MEETING_ID}/live").status == 200
    expect(page.locator("#connection-status")).to_be_hidden()
    text = page.locator("body").inner_text()
    # No connection state of any kind ("연결 중…", Connecting…; "연결됨", Connected), whatever citizens wrote
    # in the feed (a demo comment asks to "연결" sensors and carers).
    assert "연결 중" not in text and "연결됨" not in text
    assert "새 의견을 보려면 새로 고치세요" in text  # the <noscript> note says to reload
    context.close()
