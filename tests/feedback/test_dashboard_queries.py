"""The dashboard (`/meetings/<id>/feedback`) runs as many SQL statements for a meeting of seven items as for
a meeting of two: the items with their plan tasks and status histories, the tallies, the most agreed
comments, the volume and the themes are each read once for every item, never per item."""
from __future__ import annotations

import re

from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.feedback import panels
from participation.feedback.models import Theme, ThemeRun
from participation.meetings import services
from participation.meetings.models import Meeting
from tests import factories
from tests.feedback.statements import statements_to_get


def add_items(meeting: Meeting, count: int) -> None:
    """`count` agenda items, each on a plan task of its own (with a status change), with an approved and
    agreed comment, a pending one, a rejected one, and computed themes."""
    citizen, voter, moderator = (factories.user(role) for role in (Role.CITIZEN, Role.CITIZEN, Role.MODERATOR))
    start = len(services.agenda_of(meeting))
    for n in range(start, start + count):
        task = factories.task(meeting.committee, f"9-{n}-1")
        item = services.add_agenda_item(meeting, title=f"안건 {n}", task_id=task.id)
        approved = factories.approved_comment(item, citizen, moderator, body=f"승인된 의견 {n}")
        comments.agree(approved, voter)
        factories.comment(item, voter, body="대기 중인 의견")
        comments.reject(factories.comment(item, citizen, body="반려될 의견"), moderator, reason="spam")
        run = ThemeRun(item_id=item.id, comment_count=1)
        run.themes = [Theme(rank=1, terms=["안내"], size=1, representative_ids=[approved.id])]
        db.session.add(run)
    db.session.commit()


def dashboard_statements(app, client, meeting_id: int) -> list[str]:
    panels.forget()  # every panel rendered again: a kept panel must not hide a query
    return statements_to_get(app, client, f"/meetings/{meeting_id}/feedback")


def test_the_dashboard_runs_as_many_statements_for_seven_items_as_for_two(app, client):
    app.config.update(COMMENT_RATE_LIMIT="1000 per minute")
    with app.app_context():
        meeting = factories.meeting(published=True)
        add_items(meeting, 1)
        meeting_id = meeting.id
    dashboard_statements(app, client, meeting_id)  # the first request's one-off loads
    two = dashboard_statements(app, client, meeting_id)
    with app.app_context():
        add_items(db.session.get(Meeting, meeting_id), 5)
    html = client.get(f"/meetings/{meeting_id}/feedback").get_data(as_text=True)
    assert len(set(re.findall(r'class="task-code" href="/tasks/(9-\d-1)"', html))) == 6
    assert len(set(re.findall(r"승인된 의견 \d", html))) == 6
    seven = dashboard_statements(app, client, meeting_id)
    assert len(seven) == len(two), "\n".join(seven)
