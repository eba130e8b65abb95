"""The opinion map, live, in Chromium with the server's own feedback worker (`python app.py` starts it):
during part 2 a member keeps the meeting's feedback dashboard open and a visitor the item's map page while
citizens vote; the map goes from "too few participants" to two opinion groups on both pages without a
reload (`feedback.changed`, whose item figures carry the map's version). Also axe-core on the map page.

The last votes are disagreements, which move no figure of the dashboard: only the map's new version,
stored by the worker, brings the new map to either page.
"""
from __future__ import annotations

import re
import time
import uuid

import pytest
import requests
from playwright.sync_api import expect

from participation.comments.consents import CONSENT_VERSION
from tests.browser.conftest import login, new_published_meeting, run_axe
from tests.browser.test_feedback import _call
from tests.browser.test_live import MEETING_ID, _open_live, _people
from tests.server import CSRF, login_session

pytestmark = pytest.mark.browser
WORKER = 120_000  # ms to wait for the worker (its first round also loads the themes' Korean model)
AUTHORS = ("citizen9@example.org", "citizen10@example.org")
# Eight citizens and four guests (the meeting takes guests in part 2); every other one in group A.
VOTERS = (*(f"citizen{n}@example.org" for n in range(1, 9)), None, None, None, None)


class Citizen:
    """A citizen's own HTTP session (a guest's without `email`), commenting and voting through the pages'
    forms (no JavaScript)."""

    def __init__(self, base_url: str, email: str | None, meeting_id: int, item_id: int):
        self.base, self.session = base_url, login_session(base_url, email) if email else requests.Session()
        self.item = f"/meetings/{meeting_id}/items/{item_id}"
        self.token = CSRF.search(self.session.get(base_url + self.item, timeout=10).text).group(1)

    def comment(self, body: str, stance: str) -> None:
        response = self.session.post(self.base + self.item + "/comments", timeout=10, allow_redirects=False,
                                     data={"body": body, "stance": stance, "client_key": uuid.uuid4().hex,
                                           "csrf_token": self.token, "consent": "y",  # a guest's first comment
                                           "consent_version": CONSENT_VERSION})
        assert response.status_code == 303, response.text[:500]

    def vote(self, comment_id: int, choice: str) -> None:
        response = self.session.post(f"{self.base}/comments/{comment_id}/vote", timeout=10, allow_redirects=False,
                                     data={"choice": choice, "csrf_token": self.token})
        assert response.status_code == 303, response.text[:500]


def _meeting_in_part_2(secretary) -> tuple[int, int]:
    """As the secretary: a new meeting with one item and a part 2 that takes guests, published and live;
    (meeting, item)."""
    login(secretary, "secretary@example.org")
    meeting_id = new_published_meeting(secretary, f"의견 지도 시험 {uuid.uuid4().hex[:6]}", 14, "2027-12-01T14:00",
                                       part_2=("2027-12-01T16:00", "2027-12-01T17:00"))
    secretary.goto(f"/manage/meetings/{meeting_id}/edit?lang=en")
    secretary.check("[name=allow_guest_comments]")
    secretary.click("main form:not(.inline-form) [type=submit] >> nth=-1")
    expect(secretary.locator(".flashes")).to_contain_text("Meeting saved.")
    _open_live(secretary, f"/meetings/{meeting_id}/live?lang=en")
    started = _call(secretary, "session.start", {"meeting_id": meeting_id})
    assert started["ok"], started
    secretary.goto(f"/meetings/{meeting_id}?lang=en")
    href = secretary.locator("ol.agenda > li > a").first.get_attribute("href")
    return meeting_id, int(re.search(r"/items/(\d+)", href).group(1))


def _approved_comments(live_server, moderator, meeting_id: int, item_id: int) -> list[int]:
    """Eight approved comments (four by each author, who do not vote); their ids, oldest first."""
    authors = [Citizen(live_server, email, meeting_id, item_id) for email in AUTHORS]
    for n in range(8):
        authors[n % 2].comment(f"지도 시험 의견 {n + 1} {uuid.uuid4().hex[:4]}", "suggestion")
    login(moderator, "moderator@example.org")
    _open_live(moderator, f"/meetings/{meeting_id}/live?lang=en")
    queue = _call(moderator, "moderation.join", {"meeting_id": meeting_id})
    assert queue["ok"] and len(queue["queue"]) == 8, queue
    ids = sorted(entry["id"] for entry in queue["queue"])
    for comment_id in ids:
        assert _call(moderator, "comment.approve", {"comment_id": comment_id})["ok"]
    return ids


def _planted(voter: int, comment: int) -> str:
    """Group A (the even voters) agrees with the first four comments and not the last four; group B (the
    odd ones) the reverse."""
    return "agree" if (voter % 2 == 0) == (comment < 4) else "disagree"


def _fresh(page, selector: str) -> None:
    """Mark the element: the mark disappears when the page swaps in a fresh one from the server."""
    page.locator(selector).evaluate("node => { node.dataset.old = '1'; }")


def test_the_map_changes_on_the_dashboard_and_its_page_while_citizens_vote(browser, live_server):
    with _people(browser, live_server, 4) as (secretary, moderator, member, visitor):
        meeting_id, item_id = _meeting_in_part_2(secretary)
        comments = _approved_comments(live_server, moderator, meeting_id, item_id)
        login(member, "member@example.org")
        member.goto(f"/meetings/{meeting_id}/feedback?lang=en")
        expect(member.locator("#feedback-live-status")).not_to_be_empty()  # joined
        visitor.goto(f"/meetings/{meeting_id}/items/{item_id}/map?lang=en")
        expect(visitor.locator("#map-live-status")).not_to_be_empty()
        panel = f'[data-item-panel="{item_id}"]'
        panel_map = member.locator(f"{panel} [data-map-summary]")
        page_map = visitor.locator(f'[data-opinion-map="{item_id}"]')
        expect(panel_map).to_have_text("Nobody has voted on this item's comments yet.")
        expect(page_map.locator("[data-map-summary]")).to_have_text("Nobody has voted on this item's comments yet.")
        errors: list[str] = []
        for page in (member, visitor):
            page.evaluate("window.notReloaded = true")
            page.on("pageerror", lambda error: errors.append(str(error)))
        voters = [Citizen(live_server, email, meeting_id, item_id) for email in VOTERS]

        # Five participants vote on everything: too few for groups.
        for n, voter in enumerate(voters[:5]):
            for c, comment_id in enumerate(comments):
                voter.vote(comment_id, _planted(n, c))
        expect(panel_map).to_contain_text("Participants who voted: 5;", timeout=WORKER)
        expect(panel_map).to_contain_text("Too few participants")
        expect(page_map.locator("[data-map-summary]")).to_contain_text("Participants who voted: 5", timeout=WORKER)
        expect(page_map.locator("[data-map-summary]")).to_contain_text("Too few participants")

        # The last seven agree first: the dashboard's agrees move, and it fetches the panel again.
        agrees = int(member.locator(f'[data-figure="{item_id}.agrees"]').first.inner_text())
        _fresh(member, panel)
        for n, voter in enumerate(voters[5:], start=5):
            for c, comment_id in enumerate(comments):
                if _planted(n, c) == "agree":
                    voter.vote(comment_id, "agree")
        expect(member.locator(f'[data-figure="{item_id}.agrees"]').first).to_have_text(str(agrees + 7 * 4))
        expect(member.locator(f"{panel}[data-old]")).to_have_count(0)  # swapped for a fresh panel
        # Then they disagree: no figure moves, only the map the worker stores again.
        for n, voter in enumerate(voters[5:], start=5):
            for c, comment_id in enumerate(comments):
                if _planted(n, c) == "disagree":
                    voter.vote(comment_id, "disagree")
        expect(panel_map).to_have_text(re.compile(r"placed on the map: 12, in 2 opinion groups"), timeout=WORKER)
        expect(member.locator(f"{panel} .map-figure svg")).to_have_count(1)
        expect(page_map.locator("[data-map-summary]")).to_contain_text("in 2 opinion groups", timeout=WORKER)
        expect(page_map.locator("[data-group-size]")).to_have_text(["6", "6"])
        expect(page_map.locator("[data-representative]")).to_have_count(2)
        for page in (member, visitor):
            assert page.evaluate("window.notReloaded") is True
        assert errors == []

        # axe-core on the map page with its groups drawn, in both languages.
        for lang in ("ko", "en"):
            visitor.goto(f"/meetings/{meeting_id}/items/{item_id}/map?lang={lang}")
            expect(visitor.locator(".map-figure svg")).to_have_count(1)
            assert run_axe(visitor) == [], lang


def _item_with_groups(page) -> int:
    """The demo meeting's item whose map shows opinion groups, read from the open data API (earlier tests
    of the session add comments and votes, so the dashboard's first panel need not be that item), once the
    worker has drawn it."""
    deadline = time.monotonic() + WORKER / 1000
    while True:
        items = page.request.get(f"/api/v1/meetings/{MEETING_ID}/feedback").json()["items"]
        found = [item["item_id"] for item in items if item["map"] and item["map"]["has_groups"]]
        if found or time.monotonic() > deadline:
            assert found, "no item of the demo meeting has a map with groups"
            return found[0]
        page.wait_for_timeout(1000)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_demo_map_page_is_accessible(page, lang):
    """The demo meeting's first item (the simulated voters' votes): its map page (SVG, groups, statements)
    passes axe-core, once the server's worker has drawn it (the page shows it without a reload)."""
    page.goto(f"/meetings/{MEETING_ID}/items/{_item_with_groups(page)}/map?lang={lang}")
    expect(page.locator("[data-opinion-map] .map-figure svg")).to_have_count(1, timeout=WORKER)
    assert run_axe(page) == []
