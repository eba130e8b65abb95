"""Each state of a meeting, one behaviour everywhere: which pages, invitations, forms and live controls a
visitor, a citizen, a moderator and the secretary meet in each state, against a table written by hand."""
from __future__ import annotations

import pytest

from participation.extensions import db
from participation.meetings.models import Meeting, MeetingState
from tests.comments.test_views import client, item_url, login  # noqa: F401  (client: English pages)

S = MeetingState
ROLES = (None, "citizen", "moderator", "secretary")

# Per state: meeting page reachable, its heading, live page (meeting with part 2), and per role whether
# the item page offers the comment form. The secretary previews drafts; nobody comments on a draft.
TABLE = {
    #                 page  heading                     live  form: anonymous citizen moderator secretary
    S.DRAFT:        ({None: 404, "secretary": 200}, None, {None: 404, "secretary": 200}, (False, False, False, False)),
    S.PUBLISHED:    (200, "Take part", 200, (False, True, False, False)),
    S.LIVE:         (200, "Take part", 200, (False, True, False, False)),
    S.CLOSED:       (200, "Take part", 200, (False, True, False, False)),
    S.RECORD_FINAL: (200, "Citizens' participation", 200, (False, False, False, False)),
    S.CANCELLED:    (200, "Citizens' participation", 200, (False, False, False, False)),
}
COMMENTING = {S.PUBLISHED, S.LIVE, S.CLOSED}
NOTICE = {
    S.PUBLISHED: "before the meeting", S.LIVE: "live now", S.CLOSED: "comments after the meeting",
    S.RECORD_FINAL: "comments are closed", S.CANCELLED: "was cancelled and will not take place",
}


def _expected(value, role):
    return value.get(role, value[None]) if isinstance(value, dict) else value


def _set_state(app, world, state):
    with app.app_context():
        meeting = db.session.get(Meeting, world.meeting)
        meeting.state = state
        db.session.commit()


@pytest.mark.parametrize("state", list(MeetingState))
@pytest.mark.parametrize("role", ROLES)
def test_each_state_reads_and_behaves_as_one_thing(app, client, world, state, role):
    _set_state(app, world, state)
    page_status, heading, live_status, forms = TABLE[state]
    if role:
        login(client, role)
    meeting_page = client.get(f"/meetings/{world.meeting}")
    assert meeting_page.status_code == _expected(page_status, role)
    assert client.get(f"/meetings/{world.meeting}/live").status_code == _expected(live_status, role)
    if meeting_page.status_code != 200:
        return
    html = meeting_page.get_data(as_text=True)
    if heading:
        assert f'id="participation-heading">{heading}<' in html.replace("&#39;", "'")
    if state in NOTICE:
        assert NOTICE[state] in html
    assert ("Follow the online open session and comment" in html) is (state in COMMENTING)
    assert ('href="/meetings/%d/moderate"' % world.meeting in html) is (role == "moderator")
    item = client.get(item_url(world)).get_data(as_text=True)
    assert ('class="comment-form"' in item) is forms[ROLES.index(role)]


def test_a_meeting_without_part_2_has_no_live_page_and_no_live_link(app, client, world):
    with app.app_context():
        meeting = db.session.get(Meeting, world.meeting)
        meeting.part2_starts_at = meeting.part2_ends_at = None
        db.session.commit()
    assert client.get(f"/meetings/{world.meeting}/live").status_code == 404
    html = client.get(f"/meetings/{world.meeting}").get_data(as_text=True)
    assert f"/meetings/{world.meeting}/live" not in html and "before the meeting" in html
