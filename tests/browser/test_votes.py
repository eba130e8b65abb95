"""Voting in Chromium: agree, disagree, pass on the live page, followed by another reader at once; the
item's voting page with the keys 1, 2, 3 (focus on the next comment, the saved vote announced) and without
JavaScript; its accessibility (axe)."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, run_axe
from tests.browser.test_feedback import LIVE, _call, _moderator, _send
from tests.browser.test_live import MEETING_ID, _open_live, _people

pytestmark = pytest.mark.browser


def test_a_vote_on_the_live_page_reaches_another_reader_at_once(browser, live_server):
    with _people(browser, live_server, 4) as (author, voter, reader, moderator):
        login(author, "citizen4@example.org")
        _open_live(author, f"{LIVE}?lang=en")
        _moderator(moderator)
        comment_id = int(_send(author, f"vote on me {uuid.uuid4().hex[:6]}", "question")
                         .get_attribute("data-comment-id"))
        assert _call(moderator, "comment.approve", {"comment_id": comment_id})["ok"]
        for page, who in ((voter, "citizen5@example.org"), (reader, "citizen6@example.org")):
            login(page, who)
            _open_live(page, f"{LIVE}?lang=en")
            page.select_option("#feed-filter", "all")

        card = voter.locator(f"#comment-{comment_id}")
        buttons = card.locator(".vote-button")
        expect(buttons).to_have_text([re.compile("^Agree"), re.compile("^Disagree"), re.compile("^Pass")])
        disagree = card.locator(".vote-button[data-choice=disagree]")
        disagree.scroll_into_view_if_needed()
        disagree.click()
        expect(disagree).to_have_attribute("aria-pressed", "true")
        expect(voter.locator("#announcer")).to_have_text("Vote saved.")
        counts = reader.locator(f"#comment-{comment_id} .vote-counts")
        expect(counts).to_have_text("0 agree · 1 disagree · 0 pass")
        passing = card.locator(".vote-button[data-choice=pass]")
        passing.click()
        expect(passing).to_have_attribute("aria-pressed", "true")
        expect(disagree).to_have_attribute("aria-pressed", "false")
        expect(counts).to_have_text("0 agree · 0 disagree · 1 pass")
        # Staff see the counts, not the buttons; the author neither votes on their own comment.
        expect(moderator.locator(f"#comment-{comment_id} .vote-button")).to_have_count(0)
        expect(author.locator(f"#comment-{comment_id} .vote-button")).to_have_count(0)
        expect(moderator.locator(f"#comment-{comment_id} .vote-counts")).to_have_text("0 agree · 0 disagree · 1 pass")


def _voting_page(page) -> str:
    """The voting page of the first agenda item of the live meeting that has comments to vote on."""
    page.goto(f"/meetings/{MEETING_ID}?lang=en")
    items = [a.get_attribute("href") for a in page.locator("ol.agenda > li > a").all()]
    for href in items:
        page.goto(f"{href}?lang=en")
        link = page.locator(".vote-page-link a")
        if link.count():
            return link.get_attribute("href")
    pytest.fail("no agenda item of the demo meeting has comments to vote on")


def _statement(page) -> int | None:
    form = page.locator("#statement form.vote-form")
    if not form.count():
        return None
    return int(re.search(r"/comments/(\d+)/vote", form.get_attribute("action")).group(1))


def test_the_voting_page_takes_the_keys_1_2_3_and_moves_on(browser, live_server, page):
    login(page, "citizen7@example.org")
    url = _voting_page(page)
    page.goto(f"{url}?lang=en")
    first = _statement(page)
    assert first is not None
    progress = page.locator("#vote-progress").inner_text()
    page.keyboard.press("2")
    page.wait_for_url(re.compile(r"/vote#statement$"))
    expect(page.locator("#announcer")).to_contain_text("Vote saved.")
    assert page.evaluate("document.activeElement.id") == "statement"
    assert page.locator("#vote-progress").inner_text() != progress
    second = _statement(page)
    assert second != first
    # Typing in a field is not voting: the keys count only outside fields.
    page.evaluate("document.body.appendChild(Object.assign(document.createElement('input'), {id: 'probe'}))")
    page.focus("#probe")
    page.keyboard.press("1")
    page.wait_for_timeout(500)  # time for a submission that must not happen
    assert _statement(page) == second and page.locator("#probe").input_value() == "1"
    page.locator("#statement").focus()
    page.keyboard.press("3")
    # A locator, not a predicate string: one evaluated while the vote's navigation loads the next page (under
    # the site's CSP, which has no 'unsafe-eval') was once reported as a page error.
    expect(page.locator(f'#statement form[action="/comments/{second}/vote"]')).to_have_count(0)
    item = url.removesuffix("/vote")
    page.goto(f"{item}?lang=en")
    expect(page.locator(f"#comment-{first} .vote-button[data-choice=disagree]")).to_have_attribute("aria-pressed",
                                                                                                "true")
    expect(page.locator(f"#comment-{second} .vote-button[data-choice=pass]")).to_have_attribute("aria-pressed",
                                                                                             "true")
    assert page.errors == []


def test_the_voting_page_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="ko-KR", java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, "citizen8@example.org")
        url = _voting_page(page)
        page.goto(f"{url}?lang=ko")
        first = _statement(page)
        page.locator("#statement .vote-button[data-choice=agree]").click()
        page.wait_for_load_state()
        assert page.url.endswith("/vote#statement")
        expect(page.locator(".flashes")).to_contain_text("투표했습니다.")
        assert _statement(page) != first
    finally:
        context.close()


def test_the_voting_page_is_accessible(browser, live_server, page):
    login(page, "citizen9@example.org")
    page.goto(f"{_voting_page(page)}?lang=ko")
    assert run_axe(page) == []
    expect(page.locator("#statement .vote-buttons[role=group] button")).to_have_count(3)
