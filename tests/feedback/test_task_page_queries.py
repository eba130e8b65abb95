"""The task page (`/tasks/<code>`) runs as many SQL statements for a task discussed by five meetings as
for a task discussed by one: the items' meetings, tallies, most agreed comments and themes are read in
batches, never per meeting or per item."""
from __future__ import annotations

import re

from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.feedback.models import Theme, ThemeRun
from participation.meetings import services
from participation.meetings.models import MeetingState, Task
from tests import factories
from tests.feedback.statements import statements_to_get

CODE = "3-1-7"


def discuss(task: Task, count: int, start: int) -> None:
    """`count` published meetings with two items on the task each, every item with an approved, agreed
    comment and a pending one, and computed themes."""
    citizen, voter, moderator = (factories.user(role) for role in (Role.CITIZEN, Role.CITIZEN, Role.MODERATOR))
    for n in range(start, start + count):
        meeting = factories.meeting(task.committee, items=1, title=f"회의 {n}", starts_in_days=n)
        items = [services.add_agenda_item(meeting, title=f"안건 {n}-{part}", task_id=task.id) for part in (1, 2)]
        services.move_meeting(meeting, MeetingState.PUBLISHED)
        for part, item in enumerate(items, start=1):
            approved = factories.approved_comment(item, citizen, moderator, body=f"승인된 의견 {n}-{part}")
            comments.agree(approved, voter)
            factories.comment(item, voter, body="대기 중인 의견")
            run = ThemeRun(item_id=item.id, comment_count=1)
            run.themes = [Theme(rank=1, terms=["안내"], size=1, representative_ids=[approved.id])]
            db.session.add(run)
    db.session.commit()


def test_the_task_page_runs_as_many_statements_for_five_meetings_as_for_one(app, client):
    app.config.update(COMMENT_RATE_LIMIT="1000 per minute")
    with app.app_context():
        task = factories.task(factories.committee(), CODE)
        discuss(task, 1, start=1)
        task_id = task.id
    statements_to_get(app, client, f"/tasks/{CODE}")  # the first request's one-off loads
    one = statements_to_get(app, client, f"/tasks/{CODE}")
    with app.app_context():
        discuss(db.session.get(Task, task_id), 4, start=2)
    html = client.get(f"/tasks/{CODE}").get_data(as_text=True)
    assert html.count('class="card task-item"') == 10 and len(set(re.findall(r"승인된 의견 \d+-\d", html))) == 10
    five = statements_to_get(app, client, f"/tasks/{CODE}")
    assert len(five) == len(one), "\n".join(five)
