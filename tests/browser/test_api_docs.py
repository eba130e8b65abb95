"""The API's documentation page in a real browser: Swagger UI (served by the app, under its
Content-Security-Policy) reads the OpenAPI document and lists every operation; axe-core finds no serious
or critical violation."""
from __future__ import annotations

import pytest

from tests.browser.conftest import run_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_reference_lists_the_operations_and_is_accessible(page, lang):
    messages = []
    page.on("console", lambda message: messages.append(message.text) if message.type == "error" else None)
    assert page.goto(f"/api/v1/docs?lang={lang}").status == 200
    page.locator(".opblock-summary-path", has_text="/api/v1/comments").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/v1/comments", "/api/v1/meetings/{meeting_id}/feedback", "/api/v1/tasks/{code}"} <= {
        p.replace("\u200b", "").strip() for p in paths}
    assert page.errors == [] and not [m for m in messages if "Content Security Policy" in m]
    assert run_axe(page) == []
