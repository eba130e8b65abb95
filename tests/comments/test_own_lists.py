"""The author's own lists (issue 11): /my/comments, "your comments" on the item page and on the live page
show each comment's stance and status, and a rejected one's reason, in Korean and in English; and the
meeting page loads its figures' script only while the figures can still change.
"""
from __future__ import annotations

import re

import pytest

from participation.comments import services
from participation.extensions import db
from participation.meetings.models import MeetingState
from tests import factories
from tests.comments.test_views import item_url, login, own_part, post_comment

LABELS = {
    "ko": {"stance": "질문", "other_stance": "반대", "status": "반려", "pending": "검토 대기",
           "reason": "광고·스팸", "your_stance": "입장"},
    "en": {"stance": "Question", "other_stance": "Oppose", "status": "Rejected", "pending": "Waiting for moderation",
           "reason": "Advertising or spam", "your_stance": "Your stance"},
}


def _entries(html: str) -> dict[str, str]:
    """The own-comment entries of a page, by comment body, as text (tags removed, spaces squeezed)."""
    found = {}
    for block in re.findall(r'<li class="card own-comment".*?</li>', html, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", block).split())
        body = re.search(r'<p class="comment-body">(.*?)</p>', block, re.S).group(1)
        found[body] = text
    return found


@pytest.fixture
def two_comments(app, world):
    """The citizen's rejected question and pending objection on the item, and another citizen's comment."""
    with app.app_context():
        rejected = factories.comment(world.item_, world.user("citizen"), body="광고 글입니다", stance="question")
        services.reject(rejected, world.user("moderator"), reason="spam")
        factories.comment(world.item_, world.user("citizen"), body="반대합니다", stance="oppose")
        factories.comment(world.item_, world.user("citizen2"), body="남의 의견입니다", stance="support")
        db.session.commit()


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", ["my", "item", "live"])
def test_own_lists_show_stance_status_and_reason(app, world, two_comments, lang, page):
    client = app.test_client()
    client.set_cookie("lang", lang)
    login(client, "citizen")
    url = {"my": "/my/comments", "item": item_url(world), "live": f"/meetings/{world.meeting}/live"}[page]
    html = client.get(url).get_data(as_text=True)
    if page == "item":
        html = own_part(html)
    words = LABELS[lang]
    entries = _entries(html)
    assert set(entries) == {"광고 글입니다", "반대합니다"}  # only the author's own
    rejected, pending = entries["광고 글입니다"], entries["반대합니다"]
    assert f"{words['status']} {words['your_stance']}: {words['stance']}" in rejected
    assert words["reason"] in rejected
    assert f"{words['pending']} {words['your_stance']}: {words['other_stance']}" in pending
    assert words["reason"] not in pending
    assert 'class="badge badge-stance-question own-stance"' in html


def test_the_live_pages_list_is_there_empty_for_a_citizen_who_may_comment(app, client, world):
    login(client, "citizen3")
    html = client.get(f"/meetings/{world.meeting}/live").get_data(as_text=True)
    assert 'id="own-list"' in html and 'id="own-status" class="own-status" role="status"' in html
    assert re.search(r'<p id="own-empty" >', html)  # shown: nothing sent yet
    assert "js/own-comments.js" in html


def test_the_live_page_lists_a_guests_own_comments(app, client, world):
    with app.app_context():
        world.meeting_.allow_guest_comments = True
        db.session.commit()
    assert post_comment(client, world, nickname="손님", body="손님 의견입니다").status_code == 303
    html = client.get(f"/meetings/{world.meeting}/live").get_data(as_text=True)
    assert list(_entries(html)) == ["손님 의견입니다"]
    other = app.test_client()
    assert _entries(other.get(f"/meetings/{world.meeting}/live").get_data(as_text=True)) == {}


def test_a_visitor_who_may_not_comment_gets_no_own_list(client, world):
    html = client.get(f"/meetings/{world.meeting}/live").get_data(as_text=True)
    assert 'id="own-comments"' not in html


# --- the meeting page's live figures ---------------------------------------------------------------------


def _follows_figures(client, world) -> bool:
    html = client.get(f"/meetings/{world.meeting}").get_data(as_text=True)
    assert 'data-figure="submitted"' in html  # the server-rendered figures, with or without the script
    return "js/figures.js" in html and "vendor/socket.io.min.js" in html


def test_the_meeting_page_follows_its_figures_while_they_can_change(app, client, world):
    assert _follows_figures(client, world)  # published: takes comments
    with app.app_context():
        pending = factories.comment(world.item_, world.user("citizen"))
        world.meeting_.state = MeetingState.RECORD_FINAL  # takes no more comments, one still waits
        db.session.commit()
        pending_id = pending.id
    assert _follows_figures(client, world)
    with app.app_context():
        services.reject(services.get_comment(pending_id, world.user("moderator")), world.user("moderator"),
                        reason="duplicate")
        db.session.commit()
    assert not _follows_figures(client, world)  # nothing can change any more: no socket


def test_the_meeting_page_of_a_closed_meeting_follows_its_figures(app, client, world):
    with app.app_context():
        world.meeting_.state = MeetingState.CLOSED
        db.session.commit()
    assert _follows_figures(client, world)
