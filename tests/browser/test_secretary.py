"""A secretary builds and publishes a meeting in Chromium; a logged-out visitor then sees it."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _submit(page, name: str | None = None) -> None:
    selector = f"main form [type=submit][name={name}]" if name else "main form:not(.inline-form) [type=submit] >> nth=-1"
    page.click(selector)
    page.wait_for_load_state()


def test_secretary_creates_and_publishes_a_meeting_a_visitor_then_sees_it(browser, live_server):
    title = f"브라우저 시험 회의 {uuid.uuid4().hex[:6]}"
    context = browser.new_context(base_url=live_server, locale="ko-KR")
    page = context.new_page()
    login(page, "secretary@example.org")

    page.goto("/manage/meetings/new")
    page.fill("[name=title]", title)
    page.fill("[name=number]", "3")
    page.fill("[name=place]", "서울시청 본관")
    page.fill("[name=starts_at]", "2027-09-01T14:00")
    page.fill("[name=part2_starts_at]", "2027-09-01T15:00")
    page.fill("[name=part2_ends_at]", "2027-09-01T16:00")
    _submit(page)
    expect(page).to_have_url(re.compile(r"/manage/meetings/\d+$"))
    meeting_id = int(re.search(r"/manage/meetings/(\d+)$", page.url).group(1))

    public_url = f"/meetings/{meeting_id}"
    visitor = browser.new_context(base_url=live_server).new_page()
    assert visitor.goto(public_url).status == 404  # a draft is not public yet

    for item_title in ("첫째 안건: 추진현황 보고", "둘째 안건: 시민참여 시범운영"):
        page.goto(f"/manage/meetings/{meeting_id}/items/new")
        page.fill("[name=title]", item_title)
        _submit(page)
        expect(page.locator("main")).to_contain_text(item_title)

    page.goto(f"/manage/meetings/{meeting_id}/materials/new-document")
    page.fill("[name=title]", "회의 안내")
    page.fill("[name=markdown]", "# 안내\n\n둘째 회의 자료입니다.\n\n<script>alert('x')</script>")
    _submit(page, "preview")
    expect(page.locator(".preview")).to_contain_text("둘째 회의 자료입니다.")
    _submit(page, "save")
    expect(page.locator("main")).to_contain_text("회의 안내")

    page.goto(f"/manage/meetings/{meeting_id}")
    page.click("form[action$='/state'] [type=submit] >> nth=0")  # the first next step: publish
    page.wait_for_load_state()
    expect(page.locator("main .badge").first).not_to_have_class(re.compile("badge-draft"))
    context.close()

    assert visitor.goto("/").status == 200
    visitor.get_by_role("link", name=title).click()
    expect(visitor).to_have_url(re.compile(rf"/meetings/{meeting_id}$"))
    expect(visitor.locator("ol.agenda > li")).to_have_count(2)
    visitor.get_by_role("link", name="회의 안내").click()
    expect(visitor.locator("article.document")).to_contain_text("둘째 회의 자료입니다.")
    assert visitor.locator("article.document script").count() == 0
    visitor.context.close()
