"""Reports in Chromium: a citizen reports from the live page and the moderator sees it, with its reason,
without reloading, then hides it or dismisses the reports from the keyboard; the queue's decision panel
on a phone; where the secretary's controls sit; the "now discussing" badge on a wide screen.

A server of this module's own (relaxed comment limits, and the tests start the meeting), so the shared
session server of the other browser tests keeps its state.
"""
from __future__ import annotations

import re
import uuid
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, run_axe
from tests.e2e.conftest import MEETING_ID, LiveClient
from tests.server import ServerProcess

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("reports"), COMMENT_RATE_LIMIT="1000 per minute",
                            SOCKET_EVENT_RATE_LIMIT="100000 per minute").prepare().start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def clients(server):
    """Socket clients that set the scene: a citizen who writes, a moderator who approves, the secretary."""
    made = {"author": LiveClient(server.url, "citizen3@example.org"),
            "moderator": LiveClient(server.url, "moderator@example.org"),
            "secretary": LiveClient(server.url, "secretary@example.org"),
            "item_id": server.rows("SELECT min(id) FROM agenda_items WHERE meeting_id = ?", MEETING_ID)[0][0]}
    yield made
    for client in (made["author"], made["moderator"], made["secretary"]):
        client.close()


@contextmanager
def opened(browser, server, email: str | None, path: str, viewport=DESKTOP, locale="en-US"):
    """A page in a browser context of its own, logged in as `email`, at `path` once its socket is up;
    page errors and JavaScript dialogs are collected in `page.errors` and must stay empty."""
    context = browser.new_context(base_url=server.url, locale=locale, viewport=viewport)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    try:
        if email:
            login(page, email)
        page.goto(path)
        expect(page.locator("#connection-status")).not_to_have_text(re.compile("…"))
        yield page
        assert page.errors == []
    finally:
        context.close()


def submit(clients, body: str) -> int:
    ack = clients["author"].call("comment.submit", {"item_id": clients["item_id"], "body": body,
                                                    "stance": "concern", "client_key": uuid.uuid4().hex})
    assert ack["ok"], ack
    return ack["comment_id"]


def approved(clients, body: str) -> int:
    comment_id = submit(clients, body)
    assert clients["moderator"].call("comment.approve", {"comment_id": comment_id})["ok"]
    return comment_id


def report_from_the_live_page(page, comment_id: int, reason: str) -> None:
    comment = page.locator(f"#comment-{comment_id}")
    button = comment.locator("button.report-button")
    expect(button).to_have_attribute("aria-haspopup", "dialog")
    button.scroll_into_view_if_needed()  # first: a click that scrolls too was seen to miss (test_live.py)
    button.click()
    dialog = page.locator("#report-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#report-of")).to_contain_text(f"#{comment_id}")
    expect(page.locator("#report-reason")).to_be_focused()
    page.keyboard.press("Enter")  # no reason yet: refused in the dialog, nothing sent
    expect(page.locator("#report-error")).to_have_text("Say why you report this comment.")
    expect(page.locator("#report-reason")).to_have_attribute("aria-invalid", "true")
    page.fill("#report-reason", reason)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(comment.locator(".report-confirmation")).to_have_text("Thank you. A moderator will look at this comment.")
    expect(comment.locator(".report-confirmation")).to_be_focused()
    expect(button).to_be_disabled()
    expect(button).to_contain_text("You reported this comment")


def test_a_report_from_the_live_page_reaches_the_moderator_who_hides_it(browser, server, clients):
    text = f"reported from the live page {uuid.uuid4().hex[:6]}"
    comment_id = approved(clients, text)
    reason = f"Advertising, not about the item {uuid.uuid4().hex[:4]}"
    with opened(browser, server, "moderator@example.org", f"/meetings/{MEETING_ID}/moderate?lang=en") as moderator, \
            opened(browser, server, "citizen1@example.org", f"/meetings/{MEETING_ID}/live?lang=en") as citizen:
        citizen.select_option("#feed-filter", "all")
        before = int(moderator.locator("#reported-count").inner_text())
        report_from_the_live_page(citizen, comment_id, reason)

        # The moderator's page follows without a reload: the tab's count, then the entry with its reason.
        expect(moderator.locator("#reported-count")).to_have_text(str(before + 1))
        moderator.click("#tab-reported")
        expect(moderator.locator("#tab-reported")).to_have_attribute("aria-selected", "true")
        entry = moderator.locator("#reported .reported-entry", has_text=text)
        expect(entry).to_be_visible()
        expect(entry.locator(".report-reasons li")).to_have_text([reason])
        expect(entry.locator(".report-count")).to_contain_text("reports: 1")
        expect(moderator.locator("#keep-button")).to_be_visible()
        expect(moderator.locator("#approve-button")).to_be_hidden()

        # Hidden from the keyboard as a rejection is: R, a reason with 1-6, Enter.
        entry.click()
        moderator.keyboard.press("r")
        moderator.keyboard.press("4")  # advertising or spam
        moderator.keyboard.press("Enter")
        expect(entry).to_have_count(0)
        expect(moderator.locator("#decision-status")).to_have_text("Hidden.")
        expect(citizen.locator(f"#comment-{comment_id}")).to_have_count(0)  # the feed loses it, no reload


def test_the_moderator_dismisses_the_reports_from_the_keyboard(browser, server, clients):
    text = f"a fair comment some readers dislike {uuid.uuid4().hex[:6]}"
    comment_id = approved(clients, text)
    with opened(browser, server, "moderator@example.org", f"/meetings/{MEETING_ID}/moderate?lang=en") as moderator:
        reporter = LiveClient(server.url, "citizen2@example.org")
        try:
            assert reporter.call("comment.report", {"comment_id": comment_id, "reason": "I disagree"})["ok"]
        finally:
            reporter.close()
        moderator.locator("body").press("t")  # to the reported comments
        expect(moderator.locator("#panel-reported")).to_be_visible()
        entry = moderator.locator("#reported .reported-entry", has_text=text)
        expect(entry.locator(".report-reasons li")).to_have_text(["I disagree"])
        entry.click()
        moderator.keyboard.press("a")
        expect(entry).to_have_count(0)
        expect(moderator.locator("#decision-status")).to_have_text("Reports dismissed; the comment stays published.")
    with opened(browser, server, None, f"/meetings/{MEETING_ID}/live?lang=en") as viewer:
        expect(viewer.locator(f"#comment-{comment_id}")).to_have_count(1)  # still published


def test_on_a_phone_the_decision_panel_stays_in_view_and_the_shortcuts_are_folded(browser, server, clients):
    for n in range(8):
        submit(clients, f"phone queue {n} " + "긴 의견입니다. " * 40)
    with opened(browser, server, "moderator@example.org", f"/meetings/{MEETING_ID}/moderate?lang=en",
                viewport=PHONE) as moderator:
        expect(moderator.locator("#queue .queue-entry").nth(7)).to_be_attached()
        assert moderator.locator("details.shortcuts").evaluate("d => d.open") is False
        assert moderator.evaluate("document.documentElement.scrollHeight") > 3 * PHONE["height"]
        panel = moderator.locator("#decision")
        for where in ("0", "document.documentElement.scrollHeight / 2", "document.documentElement.scrollHeight / 4"):
            moderator.evaluate(f"window.scrollTo(0, {where})")
            moderator.wait_for_timeout(100)
            box = panel.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 1, (where, box)
            assert box["height"] <= 0.55 * PHONE["height"], box  # the queue keeps most of the screen
            assert box["width"] <= PHONE["width"] and box["x"] >= 0, box  # no sideways scrolling
        # Moving through the queue with J keeps the selected comment clear of the panel.
        for _ in range(4):
            moderator.keyboard.press("j")
        moderator.wait_for_timeout(300)
        selected = moderator.locator("#queue .queue-entry.selected").bounding_box()
        assert selected["y"] < panel.bounding_box()["y"], (selected, panel.bounding_box())
        assert moderator.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_the_secretarys_controls_come_first(browser, server, viewport):
    with opened(browser, server, "secretary@example.org", f"/meetings/{MEETING_ID}/live?lang=en",
                viewport=viewport) as secretary:
        controls = secretary.locator(".control-panel").bounding_box()
        for later in ("#agenda-heading", "#feed-heading", "#compose-heading"):
            assert controls["y"] < secretary.locator(later).bounding_box()["y"], later
        assert controls["y"] < viewport["height"]  # on the first screen, right below the meeting's state
        if viewport is DESKTOP:
            expect(secretary.locator("#control-start")).to_be_in_viewport()


def test_the_now_discussing_badge_is_one_line_at_1280px_for_every_item(browser, server, clients):
    secretary = clients["secretary"]
    assert secretary.call("session.start", {"meeting_id": MEETING_ID})["ok"]
    with opened(browser, server, "secretary@example.org", f"/meetings/{MEETING_ID}/live?lang=ko",
                viewport=DESKTOP, locale="ko-KR") as page:
        items = [int(i) for i in page.locator("#agenda-list li").evaluate_all("lis => lis.map(l => l.dataset.itemId)")]
        assert len(items) >= 5
        for item_id in items:
            assert secretary.call("session.advance", {"meeting_id": MEETING_ID, "item_id": item_id})["ok"]
            badge = page.locator(f'#agenda-list li[data-item-id="{item_id}"].current .now-label')
            expect(badge).to_be_visible()
            lines, height, line_height = badge.evaluate(
                "b => [b.getClientRects().length, b.getBoundingClientRect().height,"
                " parseFloat(getComputedStyle(b).lineHeight)]")
            assert lines == 1 and height < 1.5 * line_height, (item_id, lines, height, line_height)


def test_the_pages_with_reports_have_no_serious_violation(browser, server, clients):
    text = f"axe check {uuid.uuid4().hex[:6]}"
    comment_id = approved(clients, text)
    with opened(browser, server, "citizen1@example.org", f"/meetings/{MEETING_ID}/live?lang=ko",
                locale="ko-KR") as citizen:
        citizen.select_option("#feed-filter", "all")
        button = citizen.locator(f"#comment-{comment_id} button.report-button")
        button.scroll_into_view_if_needed()
        button.click()
        expect(citizen.locator("#report-dialog")).to_be_visible()
        assert run_axe(citizen) == []
        citizen.keyboard.press("Escape")  # closes, the focus back on the button
        expect(citizen.locator("#report-dialog")).to_be_hidden()
        expect(citizen.locator(f"#comment-{comment_id} button.report-button")).to_be_focused()
    reporter = LiveClient(server.url, "citizen2@example.org")
    try:
        assert reporter.call("comment.report", {"comment_id": comment_id, "reason": "<b>신고</b> 사유"})["ok"]
    finally:
        reporter.close()
    for lang, viewport in (("ko", PHONE), ("en", DESKTOP)):
        with opened(browser, server, "moderator@example.org", f"/meetings/{MEETING_ID}/moderate?lang={lang}",
                    viewport=viewport) as moderator:
            moderator.click("#tab-reported")
            entry = moderator.locator("#reported .reported-entry", has_text=text)
            expect(entry.locator(".report-reasons li")).to_have_text(["<b>신고</b> 사유"])  # as text
            assert run_axe(moderator) == []
    with opened(browser, server, "secretary@example.org", f"/meetings/{MEETING_ID}/live?lang=ko",
                viewport=PHONE) as secretary:
        assert run_axe(secretary) == []
