"""In Chromium: the secretary closes a meeting whose record holds the reference minutes; a member of the
committee leaves a remark and a written opinion; the secretary finalizes from the manage page; a visitor
then reads the record and downloads its PDF, whose text holds the title, the statements, the opinion and
the version's hash. axe-core finds no serious or critical violation on the review pages, the finalize
page, the versions page and the record."""
from __future__ import annotations

import io
import re
import uuid

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import login_in_korean, new_published_meeting, run_axe
from tests.record import DEMO_MINUTES

pytestmark = pytest.mark.browser


def _closed_meeting_with_the_minutes(page, title: str) -> int:
    """A meeting of the demo committee (no online session), published, its minutes imported, closed."""
    meeting_id = new_published_meeting(page, title, 8, "2027-11-02T14:00")
    page.goto(f"/manage/meetings/{meeting_id}/record/import")
    page.set_input_files("input[name=minutes]", str(DEMO_MINUTES))
    page.get_by_role("button", name="가져오기 미리 보기").click()
    page.locator("fieldset.import-decision").filter(has_text="원안대로 가결").get_by_label("이 결정 확인").check()
    page.get_by_role("button", name="회의록 저장").click()
    page.wait_for_load_state()

    page.goto(f"/manage/meetings/{meeting_id}")
    page.click("form[action$='/state'] [type=submit] >> nth=0")  # close: no part 2, so no live session
    page.wait_for_load_state()
    expect(page.locator("main .badge").first).to_have_class(re.compile("badge-closed"))
    return meeting_id


def test_the_secretary_finalizes_and_a_visitor_downloads_the_pdf(browser, live_server, page):
    title = f"확정 시험 회의 {uuid.uuid4().hex[:6]}"
    login_in_korean(page, "secretary@example.org")
    meeting_id = _closed_meeting_with_the_minutes(page, title)

    # A member of the committee reviews the draft: a remark on an entry, a written opinion on the item.
    member_context = browser.new_context(base_url=live_server, locale="ko-KR")
    member = member_context.new_page()
    login_in_korean(member, "member@example.org")
    member.goto(f"/meetings/{meeting_id}/record/remarks")
    assert run_axe(member) == []
    member.get_by_role("link", name=re.compile("검토 의견 남기기")).nth(3).click()
    member.get_by_label("검토 의견").fill("발언자 표기를 확인해 주세요.")
    member.get_by_role("button", name="검토 의견 보내기").click()
    member.wait_for_load_state()
    expect(member.locator("main")).to_contain_text("발언자 표기를 확인해 주세요.")
    member.goto(f"/meetings/{meeting_id}/record/opinions")
    member.get_by_label("서면 의견").first.fill("지연 과제에 대한 서면 의견입니다.")
    member.get_by_role("button", name=re.compile("의견 저장")).first.click()
    member.wait_for_load_state()
    expect(member.locator(".flashes")).to_contain_text("서면 의견을 저장했습니다.")
    assert run_axe(member) == []
    member_context.close()

    # The manage page has no state button for "record final" any more: it sends the secretary to finalizing.
    page.goto(f"/manage/meetings/{meeting_id}")
    page.get_by_role("link", name="회의록 확정").click()
    expect(page).to_have_url(re.compile(rf"/manage/meetings/{meeting_id}/record/finalize$"))
    expect(page.locator("main")).to_contain_text("검토를 기다리는 의견이 없습니다.")
    expect(page.locator("main")).to_contain_text("처리되지 않은 위원 검토 의견: 1건.")
    assert run_axe(page) == []
    page.get_by_role("button", name="회의록 확정").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}/record/versions$"))
    expect(page.locator(".flashes")).to_contain_text("회의록이 확정되었습니다: 버전 1")
    sha = page.locator("code.record-hash").first.inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", sha)
    assert run_axe(page) == []

    visitor_context = browser.new_context(base_url=live_server, locale="ko-KR", accept_downloads=True)
    visitor = visitor_context.new_page()
    visitor.goto(f"/meetings/{meeting_id}/record")
    expect(visitor.locator("h1")).to_contain_text(title)
    expect(visitor.locator("main")).to_contain_text(sha)
    assert run_axe(visitor) == []
    with visitor.expect_download() as downloading:
        visitor.get_by_role("link", name="PDF").first.click()
    download = downloading.value
    assert download.suggested_filename == f"record-2027-11-02-meeting-{meeting_id}-v1.pdf"
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    text = "".join("".join(p.extract_text() for p in reader.pages).split())
    assert "".join(title.split()) in text and sha in text
    assert "네...그럼원안대로가결하도록하겠음" in text and "지연과제에대한서면의견입니다." in text
    visitor_context.close()
    assert page.errors == []
