"""Postponing in Chromium: a viewer already on the live page sees the notice and the countdown move when the
secretary postpones the meeting from the manage page, without reloading."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_live import MEETING_ID, _open_live, _people

pytestmark = pytest.mark.browser
HOURS = re.compile(r"in (\d+) h")


def test_a_viewer_on_the_live_page_sees_the_postponement_without_reloading(browser, live_server):
    # The reason is text: markup in it is shown, never run.
    reason = f"The room is being repaired <img src=x onerror=window.pwned=1> ({uuid.uuid4().hex[:6]})."
    with _people(browser, live_server, 2) as (viewer, secretary):
        errors: list[str] = []
        viewer.on("pageerror", lambda error: errors.append(str(error)))
        _open_live(viewer, f"/meetings/{MEETING_ID}/live?lang=en")
        notice, countdown = viewer.locator("#schedule-notice"), viewer.locator("#countdown")
        expect(countdown).to_have_text(HOURS)
        hours_before = int(HOURS.search(countdown.inner_text()).group(1))
        starts_before = viewer.locator("#session-notice").get_attribute("data-starts-at")
        viewer.evaluate("window.stillTheSamePage = true")

        login(secretary, "secretary@example.org")
        secretary.goto(f"/manage/meetings/{MEETING_ID}?lang=en")
        start = secretary.locator("#postpone-starts_at")
        current = datetime.strptime(start.input_value(), "%Y-%m-%dT%H:%M")
        start.fill((current + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
        secretary.fill("#postpone-reason", reason)
        secretary.click("form[action$='/postpone'] [type=submit]")
        expect(secretary.locator(".flash-success")).to_contain_text("postponed")

        expect(notice).to_be_visible(timeout=10_000)
        expect(notice).to_contain_text("This meeting was postponed.")
        expect(notice).to_contain_text(reason)
        expect(viewer.locator("#session-notice")).not_to_have_attribute("data-starts-at", starts_before)
        # Part 2 moved with the start: the countdown is a week (168 h, give or take a minute's rounding) longer.
        viewer.wait_for_function(
            "least => { const m = /in (\\d+) h/.exec(document.getElementById('countdown').textContent);"
            " return m !== null && Number(m[1]) >= least; }", arg=hours_before + 167)
        assert viewer.evaluate("window.stillTheSamePage") is True
        assert notice.locator("img").count() == 0 and viewer.evaluate("window.pwned") is None
        assert errors == []
