"""The record's page and exports: who reads a draft and a version, `?version=N`, the links to the
record from the meeting and item pages, the page in both languages."""
from __future__ import annotations

import pytest

from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import MeetingState
from participation.record import services
from tests import factories
from tests.record.reading_data import build, log_in

FORMS = ("", ".md", ".json")
# Who reads a draft (before version 1) and who reads a versioned record.
READERS = {
    "anonymous": (False, True), "citizen": (False, True), "moderator": (False, True),
    "secretary": (True, True), "member": (True, True),
    "other secretary": (False, True), "other member": (False, True),
}


@pytest.fixture
def case(app):
    return build(app)


def as_reader(case, client, who: str) -> None:
    case.log_in(client, None if who == "anonymous" else who)


def statuses(client, meeting_id: int, query: str = "") -> set[int]:
    return {client.get(f"/meetings/{meeting_id}/record{form}{query}").status_code for form in FORMS}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("who", READERS)
def test_a_draft_is_read_by_the_committees_people_only_and_a_version_by_everybody(case, client, who):
    reads_draft, reads_version = READERS[who]
    as_reader(case, client, who)
    assert statuses(client, case.meeting_id) == {200 if reads_draft else 404}
    case.add_version()
    assert statuses(client, case.meeting_id) == {200 if reads_version else 404}
    assert statuses(client, case.meeting_id, "?version=1") == {200}


@pytest.mark.parametrize("query", ["?version=2", "?version=0", "?version=-1", "?version=", "?version=x",
                                   "?version=1.0", "?version=%C2%B2", "?version=%EF%BC%91",
                                   "?version=99999999999999999999"])
@pytest.mark.parametrize("who", ["anonymous", "secretary"])
def test_an_unknown_or_malformed_version_is_404(case, client, query, who):
    case.add_version()
    as_reader(case, client, who)
    assert statuses(client, case.meeting_id) == {200}
    assert statuses(client, case.meeting_id, query) == {404}


def test_a_draft_has_no_version_to_ask_for(case, client):
    case.log_in(client, "secretary")
    assert statuses(client, case.meeting_id) == {200}
    assert statuses(client, case.meeting_id, "?version=1") == {404}


def test_a_meeting_without_a_record_is_404_even_to_its_secretary(case, client):
    def another_meeting(record):
        other = factories.meeting(record.meeting.committee, published=True)
        db.session.flush()
        return other.id
    other_id = case.edit(another_meeting)
    case.log_in(client, "secretary")
    assert statuses(client, case.meeting_id) == {200}
    assert statuses(client, other_id) == {404}
    assert statuses(client, 2**31) == {404}


def test_an_unpublished_meetings_record_is_404_to_its_people(case, client):
    case.edit(lambda record: setattr(record.meeting, "state", MeetingState.DRAFT))
    for who in ("secretary", "member"):
        case.log_in(client, who)
        assert statuses(client, case.meeting_id) == {404}


def test_the_draft_page_says_it_is_a_draft_and_is_kept_from_shared_caches(case, client):
    case.log_in(client, "member")
    client.set_cookie("lang", "en")
    html = page(client, f"/meetings/{case.meeting_id}/record")
    assert "Draft — not yet final" in html and "SHA-256" not in html
    for form in FORMS:
        cache = client.get(f"/meetings/{case.meeting_id}/record{form}").headers["Cache-Control"]
        assert "private" in cache and "no-store" in cache


def test_a_version_shows_its_number_and_hash_and_an_older_one_links_the_current(case, client):
    _, first = case.add_version()

    def correct(record):
        record.entries[-1].text += " (정정)"
    case.edit(correct)
    _, second = case.add_version(note="오탈자 정정")
    client.set_cookie("lang", "en")
    current = page(client, f"/meetings/{case.meeting_id}/record")
    assert second in current and "오탈자 정정" in current and "(정정)" in current and "Version" in current
    assert "Draft — not yet final" not in current and "An older version" not in current
    assert f'href="/meetings/{case.meeting_id}/record?version=1"' in current
    old = page(client, f"/meetings/{case.meeting_id}/record?version=1")
    assert first in old and second not in old.split('id="record-versions"')[0] and "(정정)" not in old
    assert "An older version" in old and "Read the current version (version 2)" in old
    assert f'href="/meetings/{case.meeting_id}/record.json?version=1"' in old


@pytest.mark.parametrize("lang,words", [
    ("ko", ("회의록", "회의 내용", "시민 참여", "승인된 의견", "접수", "참여자", "주제와 무관", "찬성", "공식 답변",
            "안건", "버전")),
    ("en", ("Record", "Proceedings", "Citizens' participation", "Approved comments", "Submitted", "Participants",
            "Off-topic", "Support", "Official reply", "Agenda", "Version")),
])
def test_the_page_in_both_languages(case, client, lang, words):
    case.add_version()
    client.set_cookie("lang", lang)
    html = page(client, f"/meetings/{case.meeting_id}/record")
    assert f'<html lang="{lang}">' in html
    for word in words:
        assert word in html, word
    assert "off_topic" not in html and ">support<" not in html  # labels, not codes


def test_the_page_marks_answers_notes_and_decisions_and_links_each_items_part(case, client):
    case.add_version()
    client.set_cookie("lang", "en")
    html = page(client, f"/meetings/{case.meeting_id}/record")
    assert 'class="entry entry-statement entry-answer"' in html
    assert '<span class="entry-mark" aria-hidden="true">▷</span>' in html
    assert '<span class="entry-mark" aria-hidden="true">※</span>' in html
    assert "entry-resolution" in html and "원안 가결" in html and "entry-action" in html and "pp. 14–18" in html
    assert '<h3 class="record-section" lang="ko">회의내용</h3>' in html
    for item_id in case.items:
        assert f'id="item-{item_id}"' in html and f'href="#item-{item_id}"' in html


def test_the_meeting_and_item_pages_link_to_the_record_once_the_reader_may_read_it(case, client):
    meeting_url, item_id = f"/meetings/{case.meeting_id}", case.items[1]
    item_url = f"{meeting_url}/items/{item_id}"
    record_link, item_link = f'href="{meeting_url}/record"', f'href="{meeting_url}/record#item-{item_id}"'
    assert record_link not in page(client, meeting_url) and item_link not in page(client, item_url)
    for who in ("secretary", "member"):
        case.log_in(client, who)
        assert record_link in page(client, meeting_url) and item_link in page(client, item_url)
    case.log_in(client, "other member")
    assert record_link not in page(client, meeting_url) and item_link not in page(client, item_url)
    case.add_version()
    case.log_in(client, None)
    assert record_link in page(client, meeting_url) and item_link in page(client, item_url)


def test_a_record_started_without_entries_reads_as_an_empty_draft(app, client):
    with app.app_context():
        meeting = factories.meeting(published=True)
        secretary = factories.user(Role.SECRETARY)
        factories.seat(meeting.committee, secretary, "secretary", "간사")
        services.record_of(meeting)
        db.session.commit()
        meeting_id = meeting.id
        log_in(client, secretary)
    client.set_cookie("lang", "en")
    html = page(client, f"/meetings/{meeting_id}/record")
    assert "The proceedings have not been written yet." in html and "Draft — not yet final" in html
