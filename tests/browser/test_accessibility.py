"""axe-core finds no serious or critical violation on the pages citizens and the secretary use."""
from __future__ import annotations

import pytest

from tests.browser.conftest import login, run_axe

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/", "/meetings/1", "/meetings/1/items/3", "/meetings/1/materials/1", "/meetings/1/record",
                "/tasks/3-1-7", "/committees/1", "/login", "/register",
                # The feedback dashboard (a past meeting, and one that takes comments: connected live),
                # and an item's printable brief.
                "/meetings/1/feedback", "/meetings/2/feedback", "/meetings/1/items/4/brief"]
SECRETARY_PAGES = ["/manage/", "/manage/meetings/1"]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_violation(page, path, lang):
    response = page.goto(f"{path}?lang={lang}")
    assert response.status == 200
    assert run_axe(page) == []


@pytest.mark.parametrize("path", SECRETARY_PAGES)
def test_secretary_page_has_no_serious_violation(page, path):
    login(page, "secretary@example.org")
    response = page.goto(path)
    assert response.status == 200
    assert run_axe(page) == []


def test_login_form_errors_are_announced_accessibly(page):
    page.goto("/login")
    page.fill("input[name=email]", "nobody@example.org")
    page.fill("input[name=password]", "wrong-password")
    page.click("main button[type=submit]")
    assert page.locator("[role=alert]").count() == 1
    assert page.locator("#password").get_attribute("aria-invalid") == "true"
    assert run_axe(page) == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_member_desk_has_no_serious_violation(page, lang):
    login(page, "member@example.org")
    response = page.goto(f"/desk?lang={lang}")
    assert response.status == 200
    assert run_axe(page) == []
