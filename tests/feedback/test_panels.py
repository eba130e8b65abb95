"""Kept dashboard panels never show old content: a change of what a panel shows is a new panel."""
from __future__ import annotations

from participation.accounts.models import User
from participation.comments import services as comments
from participation.comments.models import Comment
from participation.core.roles import Role
from participation.extensions import db
from participation.feedback import panels
from participation.meetings.models import Meeting
from participation.meetings.services import agenda_of
from tests import factories


def _panel(client, meeting_id: int, item_id: int, lang: str = "ko") -> str:
    # Requests outside the setup's app context: each gets its own locale.
    page = client.get(f"/meetings/{meeting_id}/feedback?lang={lang}").get_data(as_text=True)
    start = page.index(f'data-item-panel="{item_id}"')
    return page[start:page.index("</section>", start)]


def test_a_kept_panel_changes_with_its_figures_and_language(app, client):
    panels.forget()
    with app.app_context():
        meeting = factories.meeting(published=True, items=2)
        item = agenda_of(meeting)[0]
        people = {"moderator": factories.user(Role.MODERATOR).id, "author": factories.user(Role.CITIZEN).id,
                  "reader": factories.user(Role.CITIZEN).id}
        first = factories.approved_comment(item, db.session.get(User, people["author"]),
                                           db.session.get(User, people["moderator"]), body="첫 번째 의견입니다")
        ids = meeting.id, item.id, first.id
        db.session.commit()
    before = _panel(client, ids[0], ids[1])
    assert before == _panel(client, ids[0], ids[1]) and len(panels._kept) == 2  # both items kept, then reused
    with app.app_context():
        user = lambda name: db.session.get(User, people[name])  # noqa: E731
        comments.agree(db.session.get(Comment, ids[2]), user("reader"))
        item = agenda_of(db.session.get(Meeting, ids[0]))[0]
        factories.approved_comment(item, user("author"), user("moderator"), body="두 번째 의견입니다")
        db.session.commit()
    after = _panel(client, ids[0], ids[1])
    assert "두 번째 의견입니다" in after and "두 번째 의견입니다" not in before
    assert f'data-figure="{ids[1]}.approved">2<' in after
    assert "Most agreed comments" in _panel(client, ids[0], ids[1], lang="en")
    assert "Most agreed comments" not in after
