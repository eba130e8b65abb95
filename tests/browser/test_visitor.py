"""A new visitor reads a published meeting in Chromium, in Korean and in English."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_visitor_reads_meeting_item_and_material_then_switches_language(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.get_by_role("link", name="2016년 제2차 정보화전략위원회").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2016년 제2차 정보화전략위원회")
    expect(page.locator(".task-code", has_text="3-1-7").first).to_be_visible()

    page.locator("ol.agenda > li > a").nth(4).click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/items/\d+$"))
    item_title = page.get_by_role("heading", level=1).inner_text()
    assert item_title

    page.go_back()
    page.locator("#materials ~ ul a").first.click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/materials/\d+$"))
    anchors = page.locator("article.document [id^='p-']")
    assert anchors.count() >= 2

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Meetings").first).to_be_visible()
    page.goto("/")  # the choice is remembered without ?lang
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    assert page.errors == []


def test_a_finished_meetings_pages_invite_no_comment_and_lead_to_the_record(page):
    page.goto("/meetings/1?lang=en")  # the demo's 2016 meeting: held, its record final
    expect(page.get_by_role("heading", level=1)).to_have_text("2016년 제2차 정보화전략위원회")
    main = page.locator("main")
    expect(main).to_contain_text("closed")
    # No invitation to comment where citizens take part (the open-data section's "Approved comments (CSV)"
    # is a download, not one).
    participation = page.locator("section.participation")
    expect(participation).to_be_visible()
    assert participation.get_by_role("link", name=re.compile("Take part|comment", re.I)).count() == 0
    page.locator("ol.agenda > li > a").first.click()
    expect(page).to_have_url(re.compile(r"/meetings/1/items/\d+$"))
    assert page.locator("form.comment-form").count() == 0
    assert page.locator("textarea[name=body]").count() == 0
    page.get_by_role("link", name=re.compile("record", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/meetings/1/record"))
    assert page.errors == []
