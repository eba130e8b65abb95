"""Consent at the first comment on the live page, in Chromium: a citizen who never agreed sends a comment
without ticking the box, the socket answers `consent_required`, the page asks the same question in a modal
dialog (focus on "I agree", back on the send button when it closes); cancelled, nothing is sent; agreed, the
same comment is sent again with the consent and acknowledged, and the box is gone."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe
from tests.browser.test_live import MEETING_ID, _choose, _open_live

pytestmark = pytest.mark.browser
LIVE = f"/meetings/{MEETING_ID}/live"


def _register(page) -> None:
    """A new citizen through the real form (logged in afterwards): an account that never agreed to anything."""
    page.goto("/register?lang=en")
    page.fill("input[name=email]", f"consent-{uuid.uuid4().hex[:8]}@example.org")
    page.fill("input[name=display_name]", f"Newcomer {uuid.uuid4().hex[:4]}")
    page.fill("input[name=password]", "a long enough password")
    page.fill("input[name=confirm]", "a long enough password")
    page.locator("main form[method=post] [type=submit]").last.click()
    page.wait_for_load_state()
    expect(page.locator("form[action='/logout']")).to_have_count(1)


def test_a_first_live_comment_asks_for_consent_and_is_sent_once_agreed(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(d.message), d.dismiss()))
    _register(page)
    _open_live(page, f"{LIVE}?lang=en")
    expect(page.locator("#live-comment-form #consent-question")).to_be_visible()
    dialog = page.locator("#consent-dialog")
    send = page.locator("#live-comment-form button[type=submit]")

    text = f"first comment {uuid.uuid4().hex[:6]}"
    _choose(page, "question")
    page.fill("#live-comment-form textarea[name=body]", text)
    send.click()  # the box left unticked
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("I agree that once a moderator approves my comment")
    expect(dialog).to_contain_text("Before your first comment is sent, agree to how comments are published.")
    expect(page.locator("#consent-accept")).to_be_focused()
    assert run_axe(page) == []

    page.keyboard.press("Escape")  # cancelled: nothing sent, the focus back on the send button
    expect(dialog).to_be_hidden()
    expect(send).to_be_focused()
    expect(page.locator("#compose-status")).to_contain_text("Your comment was not sent")
    expect(page.locator("#own-list .own-comment", has_text=text)).to_have_count(0)

    send.click()
    expect(dialog).to_be_visible()
    page.locator("#consent-accept").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#compose-status")).to_have_text("Sent. Your comment is waiting for a moderator.")
    expect(page.locator("#own-list .own-comment", has_text=text)).to_have_count(1)
    expect(page.locator("#consent-question")).to_have_count(0)

    # Not asked again: the next comment goes at once, and a reload shows no box.
    second = f"second comment {uuid.uuid4().hex[:6]}"
    page.fill("#live-comment-form textarea[name=body]", second)
    send.click()
    expect(page.locator("#own-list .own-comment", has_text=second)).to_have_count(1)
    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.locator("#connection-status")).not_to_have_text(re.compile("…"))
    expect(page.locator("#consent-question")).to_have_count(0)
    assert errors == []
    context.close()
