"""A real server process with the demo data, and headless Chromium driven by Playwright.

The server runs `python app.py` (gevent, as `make run` does) on a free port with its own SQLite
database, migrated and seeded through the real CLI commands.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.server import PROJECT, ServerProcess

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Base URL of a seeded server process; stopped at the end of the session."""
    server = ServerProcess(tmp_path_factory.mktemp("live")).prepare().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test; console errors and dialogs are collected."""
    context = browser.new_context(base_url=live_server, locale="ko-KR")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


def run_axe(page) -> list[dict]:
    """Run axe-core on the page; the serious and critical violations."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def login(page, email: str, password: str = "demo-password") -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form[method=post] button[type=submit] >> nth=-1")
    page.wait_for_load_state()


def login_in_korean(page, email: str, password: str = "demo-password") -> None:
    """Log in and read the site in Korean: a demo account keeps the language an earlier test chose."""
    login(page, email, password)
    page.goto("/?lang=ko")


def new_published_meeting(page, title: str, number: int, starts_at: str, part_2: tuple[str, str] | None = None) -> int:
    """As the logged-in secretary: a meeting of the demo committee with one agenda item, published (its
    record takes edits); its id. `starts_at` as the form takes it (2027-10-01T14:00); `part_2` its
    online session's start and end, if it has one."""
    page.goto("/manage/meetings/new")
    page.fill("[name=title]", title)
    page.fill("[name=number]", str(number))
    page.fill("[name=starts_at]", starts_at)
    if part_2:
        page.fill("[name=part2_starts_at]", part_2[0])
        page.fill("[name=part2_ends_at]", part_2[1])
    page.click("main form:not(.inline-form) [type=submit] >> nth=-1")
    meeting_id = int(re.search(r"/manage/meetings/(\d+)$", page.url).group(1))
    page.goto(f"/manage/meetings/{meeting_id}/items/new")
    page.fill("[name=title]", "디지털기본계획2020 추진현황")
    page.click("main form:not(.inline-form) [type=submit] >> nth=-1")
    page.click("form[action$='/state'] [type=submit] >> nth=0")  # publish
    page.wait_for_load_state()
    return meeting_id
