"""The desk (`/desk`) runs as many SQL statements for a member of seven meetings on two committees as for a
member of one meeting:
its meetings, their items' tallies, records, deadlines and the member's opinions are read in batches,
never per meeting or per item."""
from __future__ import annotations

import re
from datetime import date

from participation.accounts.models import User
from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import Committee, MeetingState
from participation.meetings.services import agenda_of, move_meeting
from participation.record import opinions
from tests import factories
from tests.feedback.statements import statements_to_get
from tests.record.test_final_views import as_user


def add_meetings(committee, member, count: int, start: int) -> None:
    """`count` meetings of the committee with three items each, every item commented and agreed; the odd
    ones closed, with one written opinion of the member (so that the desk lists what is still due)."""
    citizen, voter, moderator = (factories.user(role) for role in (Role.CITIZEN, Role.CITIZEN, Role.MODERATOR))
    for n in range(start, start + count):
        meeting = factories.meeting(committee, published=True, items=3, title=f"회의 {n}", starts_in_days=n)
        items = agenda_of(meeting)
        for item in items:
            comments.agree(factories.approved_comment(item, citizen, moderator), voter)
        if n % 2:
            for state in (MeetingState.LIVE, MeetingState.CLOSED):
                move_meeting(meeting, state)
            opinions.submit_opinion(meeting, items[0], member, "서면 의견")
    db.session.commit()


def test_the_desk_runs_as_many_statements_for_seven_meetings_as_for_one(app, client):
    app.config.update(COMMENT_RATE_LIMIT="1000 per minute")
    with app.app_context():
        committee = factories.committee()
        member = factories.user(Role.MEMBER)
        factories.seat(committee, member, starts_on=date(2000, 1, 1))
        add_meetings(committee, member, 1, start=1)
        member_id, committee_id = member.id, committee.id
    as_user(app, client, member_id)
    statements_to_get(app, client, "/desk")  # the first request's one-off loads
    one = statements_to_get(app, client, "/desk")
    with app.app_context():
        member = db.session.get(User, member_id)
        add_meetings(db.session.get(Committee, committee_id), member, 4, start=2)
        other = factories.committee("두 번째 위원회")
        factories.seat(other, member, starts_on=date(2000, 1, 1))
        add_meetings(other, member, 2, start=10)
    html = client.get("/desk").get_data(as_text=True)
    assert html.count('class="desk-top-items"') == 7 and len(re.findall(r'id="due-\d+"', html)) == 4
    seven = statements_to_get(app, client, "/desk")
    assert len(seven) == len(one), "\n".join(seven)
