"""Feedback to the people who act (issue 11), in Chromium: the author sees a decision on the live page at
once, without reloading; the meeting page's figures follow the moderation; how a user voted stays shown
after a reload.

Moderators decide here through the live page's own socket (the documented calls), so these tests do not
depend on the queue's keyboard flow, which tests/browser/test_live.py covers.
"""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_live import MEETING_ID, _choose, _open_live, _people

pytestmark = pytest.mark.browser
LIVE = f"/meetings/{MEETING_ID}/live"


def _call(page, event: str, payload: dict) -> dict:
    """Make a socket call from `page`'s live connection and return its acknowledgement."""
    return page.evaluate("([event, payload]) => window.OpenSession.call(window.OpenSessionLive.socket, event, payload)",
                         [event, payload])


def _send(page, text: str, stance: str):
    """Send a comment from the live page; its entry in "your comments"."""
    _choose(page, stance)
    page.fill("#live-comment-form textarea[name=body]", text)
    if page.locator("#consent").count():  # a first comment (a new guest's): the consent box ticked
        page.check("#consent")
    page.click("#live-comment-form button[type=submit]")
    entry = page.locator("#own-list .own-comment", has_text=text)
    expect(entry).to_be_visible()
    return entry


def _moderator(page, lang: str = "en") -> None:
    login(page, "moderator@example.org")
    _open_live(page, f"{LIVE}?lang={lang}")


def test_a_rejected_author_sees_the_reason_on_the_live_page_without_reloading(browser, live_server):
    with _people(browser, live_server, 3) as (author, other, moderator):
        login(author, "citizen1@example.org")
        _open_live(author, f"{LIVE}?lang=en")
        login(other, "citizen2@example.org")
        _open_live(other, f"{LIVE}?lang=en")
        _moderator(moderator, lang="ko")  # the moderator reads Korean, the author English
        author.evaluate("window.notReloaded = true")

        text = f"off topic {uuid.uuid4().hex[:6]}"
        entry = _send(author, text, "oppose")
        expect(entry.locator(".own-state")).to_have_text("Waiting for moderation")
        expect(entry.locator(".own-stance")).to_have_text(re.compile("Oppose"))
        comment_id = int(entry.get_attribute("data-comment-id"))

        ack = _call(moderator, "comment.reject", {"comment_id": comment_id, "reason": "other",
                                                  "note": "Please post it under the budget item."})
        assert ack["ok"], ack
        expect(entry.locator(".own-state")).to_have_text("Rejected")
        expect(entry.locator(".own-reason")).to_contain_text("Other")
        expect(entry.locator(".own-note")).to_have_text("Please post it under the budget item.")
        expect(author.locator("#own-status")).to_have_text("Your comment was rejected. Reason: Other")
        assert author.evaluate("window.notReloaded") is True
        # Nobody else hears of it.
        expect(other.locator("#own-status")).to_have_text("")
        assert text not in other.content() and "budget item" not in other.content()
        # A reload shows the same, from the server.
        author.reload()
        reloaded = author.locator("#own-list .own-comment", has_text=text)
        expect(reloaded.locator(".own-state")).to_have_text("Rejected")
        expect(reloaded.locator(".own-reason-label")).to_have_text("Other")


def test_a_guest_author_sees_the_approval_on_the_live_page(browser, live_server):
    with _people(browser, live_server, 2, locale="ko-KR") as (guest, moderator):
        _open_live(guest, f"{LIVE}?lang=ko")
        _moderator(moderator)
        guest.select_option("#feed-filter", "all")
        guest.fill("#live-comment-form input[name=nickname]", f"손님{uuid.uuid4().hex[:4]}")
        text = f"손님 의견 {uuid.uuid4().hex[:6]}"
        entry = _send(guest, text, "question")
        expect(entry.locator(".own-state")).to_have_text("검토 대기")
        expect(entry.locator(".own-stance")).to_have_text(re.compile("질문"))
        assert _call(moderator, "comment.approve", {"comment_id": int(entry.get_attribute("data-comment-id"))})["ok"]
        expect(entry.locator(".own-state")).to_have_text("승인")
        expect(guest.locator("#own-status")).to_have_text("의견이 승인되어 공개되었습니다.")
        expect(guest.locator("#feed li.comment", has_text=text)).to_be_visible()


def _figure(page, name: str):
    return page.locator(f'[data-figures] [data-figure="{name}"]')


def test_the_meeting_pages_figures_follow_the_moderation(browser, live_server):
    with _people(browser, live_server, 3) as (reader, citizen, moderator):
        reader.goto(f"/meetings/{MEETING_ID}?lang=en")
        reader.wait_for_function("() => window.OpenSessionFigures && window.OpenSessionFigures.socket.connected")
        submitted, waiting, rejected = (int(_figure(reader, n).inner_text()) for n in ("submitted", "waiting", "rejected"))
        login(citizen, "citizen2@example.org")
        _open_live(citizen, f"{LIVE}?lang=en")
        _moderator(moderator)

        entry = _send(citizen, f"figures on the meeting page {uuid.uuid4().hex[:6]}", "concern")
        expect(_figure(reader, "submitted")).to_have_text(str(submitted + 1), timeout=10_000)  # no reload
        expect(_figure(reader, "waiting")).to_have_text(str(waiting + 1))

        assert _call(moderator, "comment.reject", {"comment_id": int(entry.get_attribute("data-comment-id")),
                                                   "reason": "spam"})["ok"]
        expect(_figure(reader, "rejected")).to_have_text(str(rejected + 1), timeout=10_000)
        expect(_figure(reader, "waiting")).to_have_text(str(waiting))
        expect(_figure(reader, "reasons")).to_contain_text("Advertising or spam")


def test_the_meeting_page_keeps_its_figures_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/meetings/{MEETING_ID}?lang=en")
        expect(_figure(page, "submitted")).to_have_text(re.compile(r"^\d+$"))
    finally:
        context.close()


def test_after_a_reload_how_the_user_voted_shows_so(browser, live_server):
    with _people(browser, live_server, 3) as (author, reader, moderator):
        login(author, "citizen1@example.org")
        _open_live(author, f"{LIVE}?lang=en")
        _moderator(moderator)
        text = f"agree with me {uuid.uuid4().hex[:6]}"
        comment_id = int(_send(author, text, "support").get_attribute("data-comment-id"))
        assert _call(moderator, "comment.approve", {"comment_id": comment_id})["ok"]

        login(reader, "citizen3@example.org")
        _open_live(reader, f"{LIVE}?lang=en")
        reader.select_option("#feed-filter", "all")
        button = reader.locator(f"#comment-{comment_id} .vote-button[data-choice=agree]")
        expect(button).to_have_text(re.compile("^Agree"))
        expect(button).to_have_attribute("aria-pressed", "false")
        button.scroll_into_view_if_needed()  # as _choose does: a click that also scrolls was seen to miss
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(reader.locator(f"#comment-{comment_id} .vote-count[data-choice=agree]")).to_have_text("1 agree")
        reader.reload()
        reader.select_option("#feed-filter", "all")
        expect(button).to_have_attribute("aria-pressed", "true")
        item_link = reader.locator(f"#comment-{comment_id} .comment-item").inner_text().strip()
        reader.goto(f"/meetings/{MEETING_ID}?lang=en")
        reader.locator("ol.agenda > li > a", has_text=item_link).first.click()
        card = reader.locator(f"#comment-{comment_id}")
        expect(card.locator(".vote-button[data-choice=agree]")).to_have_attribute("aria-pressed", "true")
        expect(card.locator(".vote-button[data-choice=pass]")).to_have_attribute("aria-pressed", "false")
