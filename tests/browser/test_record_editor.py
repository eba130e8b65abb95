"""The secretary writes a record in Chromium: imports the reference minutes (preview, confirm the
decisions, save), reorders an entry by keyboard, and axe-core finds no serious or critical violation on
the editor, the import's preview and the committee's seats."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login_in_korean, new_published_meeting, run_axe
from tests.record import DEMO_MINUTES

pytestmark = pytest.mark.browser


def test_secretary_imports_the_minutes_and_reorders_by_keyboard(page):
    login_in_korean(page, "secretary@example.org")
    meeting_id = new_published_meeting(page, f"회의록 시험 회의 {uuid.uuid4().hex[:6]}", 9, "2027-10-01T14:00")
    editor = f"/manage/meetings/{meeting_id}/record"
    page.goto(editor)
    assert run_axe(page) == []
    page.get_by_role("link", name="회의록 가져오기 (마크다운)").click()
    page.set_input_files("input[name=minutes]", str(DEMO_MINUTES))
    page.get_by_role("button", name="가져오기 미리 보기").click()

    summary = page.locator("dl.import-summary")
    expect(summary).to_contain_text("항목9")
    expect(summary).to_contain_text("발언59")
    expect(summary).to_contain_text("메모2")
    expect(page.locator("table.import-joins tbody tr")).to_have_count(10)
    expect(page.locator("table.import-joins")).to_contain_text("붙여 씀")
    assert run_axe(page) == []

    decisions = page.locator("fieldset.import-decision")
    expect(decisions).to_have_count(4)
    resolution = decisions.filter(has_text="원안대로 가결")
    resolution.get_by_label("이 결정 확인").check()
    action = decisions.filter(has_text="숙제를 안고 감")
    action.get_by_label("이 결정 확인").check()
    action.locator("input[type=date]").fill("2017-01-15")
    page.get_by_role("button", name="회의록 저장").click()
    page.wait_for_load_state()

    expect(page).to_have_url(re.compile(rf"{editor}#entries$"))
    expect(page.locator(".flashes")).to_contain_text("결정 2개, 모두 72개")
    entries = page.locator("#record-entries > li")
    expect(entries).to_have_count(72)
    expect(page.locator("#record-entries")).to_contain_text("2017년 1월 15일")
    assert run_axe(page) == []

    # Alt+ArrowUp on the second entry makes it the first, announced, focus kept, and stored.
    second_id = entries.nth(1).get_attribute("id")
    entries.nth(1).focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#record-announcer")).to_have_text(re.compile("72개 중 1번째"))
    expect(entries.first).to_have_attribute("id", second_id)
    expect(entries.first.locator(".entry-position")).to_have_text("1")
    assert page.evaluate("document.activeElement.id") == second_id
    expect(entries.first.locator("form.move-up button")).to_be_disabled()
    page.keyboard.press("Alt+ArrowDown")
    expect(entries.nth(1)).to_have_attribute("id", second_id)
    page.keyboard.press("Alt+ArrowUp")
    expect(entries.first).to_have_attribute("id", second_id)
    page.reload()
    expect(page.locator("#record-entries > li").first).to_have_attribute("id", second_id)
    assert page.errors == []


def test_the_committees_seats_have_no_serious_violation(page):
    login_in_korean(page, "secretary@example.org")
    page.goto("/manage/committees/1/members")
    expect(page.locator("table.seats")).to_contain_text("간사")
    assert run_axe(page) == []
