"""The feedback dashboard in Chromium: a committee member keeps it open while a citizen comments and a
moderator approves, and the counts change without a reload (`feedback.join` / `feedback.changed`).

The citizen and the moderator act through the live page's own socket (the documented calls); the
member only reads.
"""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_feedback import _call
from tests.browser.test_live import MEETING_ID, _open_live, _people

pytestmark = pytest.mark.browser
DASHBOARD = f"/meetings/{MEETING_ID}/feedback"


def _figure(page, name: str):
    return page.locator(f'[data-figure="{name}"]').first


def _number(page, name: str) -> int:
    return int(_figure(page, name).inner_text())


def test_a_member_sees_the_counts_change_while_a_moderator_approves(browser, live_server):
    with _people(browser, live_server, 3) as (member, citizen, moderator):
        login(member, "member@example.org")
        member.goto(f"{DASHBOARD}?lang=en")
        expect(member.locator("#feedback-live-status")).not_to_be_empty()  # joined
        member.evaluate("window.notReloaded = true")
        # Marks on the parts the script swaps for fresh server-rendered ones (their SVG charts).
        member.evaluate("document.querySelector('[data-feedback-totals]').dataset.old = '1'")
        item_id = int(member.locator("[data-item-panel]").first.get_attribute("data-item-panel"))
        submitted, approved = _number(member, "total.submitted"), _number(member, "total.approved")
        item_approved = _number(member, f"{item_id}.approved")

        login(citizen, "citizen2@example.org")
        _open_live(citizen, f"/meetings/{MEETING_ID}/live?lang=en")
        text = f"dashboard {uuid.uuid4().hex[:6]}"
        sent = _call(citizen, "comment.submit", {"item_id": item_id, "body": text, "stance": "question",
                                                 "client_key": uuid.uuid4().hex})
        assert sent["ok"], sent
        expect(_figure(member, "total.submitted")).to_have_text(str(submitted + 1))
        expect(_figure(member, "total.approved")).to_have_text(str(approved))
        assert text not in member.content()  # a waiting comment is only counted

        login(moderator, "moderator@example.org")
        _open_live(moderator, f"/meetings/{MEETING_ID}/live?lang=en")
        decided = _call(moderator, "comment.approve", {"comment_id": sent["comment_id"]})
        assert decided["ok"], decided
        expect(_figure(member, "total.approved")).to_have_text(str(approved + 1))
        expect(_figure(member, f"{item_id}.approved")).to_have_text(str(item_approved + 1))
        # The whole meeting's part (its charts) was fetched again, and shows the new count.
        member.wait_for_function("!document.querySelector('[data-feedback-totals]').dataset.old")
        expect(member.locator('[data-feedback-totals] [data-figure="total.approved"]').first).to_have_text(
            str(approved + 1))
        assert member.evaluate("window.notReloaded") is True
