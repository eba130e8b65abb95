"""A committee member's desk (`/desk`): only the meetings of the committees they sit on (in their term),
each with its dashboard and the items that drew the most reaction; the written opinions still due, gone
once sent; the member role only."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from participation.accounts.models import User
from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import Committee
from participation.meetings.services import agenda_of
from participation.record import desk
from tests import factories
from tests.record import final_world
from tests.record.test_final_views import as_user, post

DEADLINE = date.today() + timedelta(days=30)


@pytest.fixture
def world(app):
    """final_world's closed meeting (opinions taken until DEADLINE) and, in the same committee, a published
    meeting whose four items drew (approved + agrees): 2+3, 1+0, 3+0 and one pending comment only; a draft
    meeting; another committee's meeting; a committee the member left before its meeting."""
    with app.app_context():
        built = final_world.build(deadline=DEADLINE)
        committee = built.meeting.committee
        people = [factories.user(Role.CITIZEN) for _ in range(3)]
        published = factories.meeting(committee, published=True, items=4, title="공개된 다음 회의", starts_in_days=60)
        items = agenda_of(published)
        first = [factories.approved_comment(items[0], people[n], built.moderator) for n in (0, 1)]
        for voter in (1, 2):
            comments.agree(first[0], people[voter])
        comments.agree(first[1], people[0])
        factories.approved_comment(items[1], people[0], built.moderator)
        for n in range(3):
            factories.approved_comment(items[2], people[n], built.moderator)
        factories.comment(items[3], people[0], body="대기 중인 의견")
        factories.meeting(committee, items=1, title="초안인 회의")
        factories.meeting(factories.committee("남의 위원회"), published=True, title="남의 위원회 회의")
        left = factories.committee("떠난 위원회")
        factories.seat(left, built.member, starts_on=date(2016, 1, 1), ends_on=date(2016, 6, 30))
        factories.meeting(left, published=True, title="떠난 뒤의 회의")
        db.session.commit()
        return {"member": built.member.id, "closed": built.meeting.id, "closed_items": [i.id for i in built.items],
                "published": published.id, "items": [i.id for i in items], "citizen": built.citizen.id,
                "secretary": built.secretary.id, "committee": committee.id, "left": left.id}


def desk_page(app, client, user_id, lang="en") -> str:
    response = as_user(app, client, user_id, lang).get("/desk")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def due_links(html: str, meeting_id: int) -> list[str]:
    return re.findall(rf'href="/meetings/{meeting_id}/record/opinions#(item-\d+)"', html)


def test_member_sees_only_the_meetings_of_their_committees(app, client, world):
    html = desk_page(app, client, world["member"])
    assert final_world.TITLE in html and "공개된 다음 회의" in html
    for absent in ("초안인 회의", "남의 위원회", "떠난 뒤의 회의"):
        assert absent not in html, absent
    for meeting in (world["closed"], world["published"]):
        assert f'href="/meetings/{meeting}/feedback"' in html
    assert "떠난 위원회" in html and "No public meeting of this committee during your term yet." in html


def test_the_items_that_drew_the_most_reaction(app, client, world):
    with app.app_context():
        member = db.session.get(User, world["member"])
        found = desk.desk_of(member)
        row = next(r for r in found.committees if r.committee.id == world["committee"])
        published = next(m for m in row.meetings if m.meeting.id == world["published"])
        first, second, third, _ = world["items"]
        assert [(item.id, desk.reaction(tally)) for item, tally in published.top_items] == \
            [(first, 5), (third, 3), (second, 1)]
        assert [m.meeting.id for m in row.meetings] == [world["published"], world["closed"]]  # newest first
    html = desk_page(app, client, world["member"])
    card = re.search(rf'id="meeting-{world["published"]}".*?</li>\s*</ol>', html, re.S).group(0)
    links = re.findall(rf'/meetings/{world["published"]}/items/(\d+)', card)
    assert [int(n) for n in links] == [first, third, second]
    assert "2 approved comments, 3 agrees" in card


def test_due_opinions_are_listed_and_disappear_once_sent(app, client, world):
    first, second = world["closed_items"]
    html = desk_page(app, client, world["member"])
    assert due_links(html, world["closed"]) == [f"item-{first}", f"item-{second}"]
    assert due_links(html, world["published"]) == []  # not closed yet: no opinions taken
    assert "Taken until" in html and "(that day included)" in html

    page = f"/meetings/{world['closed']}/record/opinions"
    assert post(client, f"{page}/{first}", {f"item-{first}-body": "서면 의견입니다"}, page).status_code == 303
    assert due_links(desk_page(app, client, world["member"]), world["closed"]) == [f"item-{second}"]
    assert post(client, f"{page}/{second}", {f"item-{second}-body": "두 번째 의견"}, page).status_code == 303
    html = desk_page(app, client, world["member"])
    assert due_links(html, world["closed"]) == [] and "No written opinion is due." in html


def test_no_opinion_is_due_after_the_deadline(app, world):
    with app.app_context():
        member = db.session.get(User, world["member"])
        assert [d.meeting.id for d in desk.desk_of(member).due] == [world["closed"]]
        assert desk.desk_of(member, today=DEADLINE + timedelta(days=1)).due == []


def test_the_desk_is_for_members_only(app, client, world):
    as_user(app, client, None)
    response = client.get("/desk")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    for other in ("citizen", "secretary"):
        assert as_user(app, client, world[other]).get("/desk").status_code == 403
    with app.app_context():
        admin = factories.user(Role.ADMIN).id
        db.session.commit()
    assert as_user(app, client, admin).get("/desk").status_code == 403


def test_a_member_without_a_seat_sees_an_empty_desk_linked_from_the_menu(app, client, world):
    with app.app_context():
        seatless = factories.user(Role.MEMBER).id
        db.session.commit()
    html = desk_page(app, client, seatless)
    assert 'id="desk-empty"' in html and 'href="/desk"' in html
    assert "공개된 다음 회의" not in html
    citizen_home = as_user(app, client, world["citizen"]).get("/").get_data(as_text=True)
    assert 'href="/desk"' not in citizen_home


def test_the_desk_in_korean(app, client, world):
    html = desk_page(app, client, world["member"], lang="ko")
    assert "내 위원회" in html and "아직 내지 않은 서면 의견" in html


def test_committees_by_name(app, world):
    with app.app_context():
        member = db.session.get(User, world["member"])
        names = [c.name for c in desk.member_committees(member)]
        assert names == sorted(names) and db.session.get(Committee, world["left"]).name in names
