"""The committee's seats screen: kept by its serving secretary or an administrator; adding a seat
(the matching role required), ending one; refusals change nothing; CSRF on every form."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from participation.core.db import utcnow
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import CommitteeMembership, SeatRole
from tests import factories
from tests.conftest import csrf_token

SECRETARY, OTHER, ADMIN = "secretary@example.org", "other-secretary@example.org", "admin@example.org"


@pytest.fixture
def seats(app):
    with app.app_context():
        committee = factories.committee("Digital Strategy Committee")
        secretary = factories.user(Role.SECRETARY, email=SECRETARY, name="Park Secretary")
        factories.seat(committee, secretary, "secretary", "간사")
        other = factories.user(Role.SECRETARY, email=OTHER)
        factories.seat(factories.committee("Other committee"), other, "secretary", "간사")
        factories.user(Role.ADMIN, email=ADMIN)
        chair = factories.user(Role.MEMBER, name="Lee Chair")
        seat = factories.seat(committee, chair, title="위원장")
        newcomer = factories.user(Role.MEMBER, name="Choi Newcomer")
        citizen = factories.user(Role.CITIZEN, name="Jung Citizen")
        db.session.commit()
        return {"committee": committee.id, "page": f"/manage/committees/{committee.id}/members", "seat": seat.id,
                "newcomer": newcomer.id, "citizen": citizen.id}


def log_in(client, auth, email):
    client.set_cookie("lang", "en")
    assert auth.login(email).status_code == 302


def seat_rows(app, committee_id):
    with app.app_context():
        return [(row.user.display_name, row.role, row.title, row.starts_on, row.ends_on) for row in db.session.scalars(
            sa.select(CommitteeMembership).where(CommitteeMembership.committee_id == committee_id)
            .order_by(CommitteeMembership.id))]


@pytest.mark.parametrize("email", [SECRETARY, ADMIN])
def test_the_seats_are_listed_with_titles_and_terms(client, auth, seats, email):
    log_in(client, auth, email)
    response = client.get(seats["page"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Lee Chair" in html and "위원장" in html and "Park Secretary" in html and "간사" in html
    assert "Choi Newcomer" in html  # offered in the add form
    assert "Jung Citizen" not in html  # no member or secretary role: not offered
    assert 'list="seat-titles"' in html


def test_adding_a_seat(app, client, auth, seats):
    log_in(client, auth, SECRETARY)
    token = csrf_token(client, seats["page"])
    response = client.post(f"{seats['page']}/add", data={
        "csrf_token": token, "user_id": str(seats["newcomer"]), "role": "member", "title": "부위원장",
        "starts_on": "2017-01-01", "ends_on": "2018-12-31"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/members")
    assert seat_rows(app, seats["committee"])[-1] == ("Choi Newcomer", SeatRole.MEMBER, "부위원장",
                                                      date(2017, 1, 1), date(2018, 12, 31))
    assert "Choi Newcomer now holds a seat: Committee member." in client.get(seats["page"]).get_data(as_text=True)


@pytest.mark.parametrize("fields, message", [
    ({"role": "secretary"}, "does not have the Secretary role"),
    ({"ends_on": "2016-12-31"}, "The term cannot end before it starts."),
    ({"user_id": ""}, "This field is required."),
    ({"starts_on": "someday"}, "Enter a date"),
    ({"title": "x" * 51}, "Field cannot be longer than 50 characters."),
])
def test_a_refused_seat_says_why_and_changes_nothing(app, client, auth, seats, fields, message):
    log_in(client, auth, SECRETARY)
    before = seat_rows(app, seats["committee"])
    data = {"csrf_token": csrf_token(client, seats["page"]), "user_id": str(seats["newcomer"]), "role": "member",
            "title": "위원", "starts_on": "2017-01-01", "ends_on": "", **fields}
    response = client.post(f"{seats['page']}/add", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert seat_rows(app, seats["committee"]) == before


def test_a_citizen_account_cannot_be_seated(app, client, auth, seats):
    log_in(client, auth, ADMIN)
    data = {"csrf_token": csrf_token(client, seats["page"]), "user_id": str(seats["citizen"]), "role": "member",
            "starts_on": "2017-01-01"}
    assert client.post(f"{seats['page']}/add", data=data).status_code == 400  # not among the choices
    assert len(seat_rows(app, seats["committee"])) == 2


def test_ending_a_seat(app, client, auth, seats):
    log_in(client, auth, SECRETARY)
    token = csrf_token(client, seats["page"])
    end = f"{seats['page']}/{seats['seat']}/end"
    response = client.post(end, data={"csrf_token": token, "ends_on": "2015-01-01"})
    assert response.status_code == 400 and "The term cannot end before it starts." in response.get_data(as_text=True)
    yesterday = utcnow().date() - timedelta(days=1)
    response = client.post(end, data={"csrf_token": token, "ends_on": yesterday.isoformat()})
    assert response.status_code == 303
    assert seat_rows(app, seats["committee"])[1][4] == yesterday
    html = client.get(seats["page"]).get_data(as_text=True)
    assert "ended" in html and f'action="{end}"' not in html  # an ended seat has no end form


def test_other_committees_secretary_and_other_roles_are_forbidden(app, client, auth, seats):
    for email in (OTHER,):
        log_in(client, auth, email)
        token = csrf_token(client, "/")
        assert client.get(seats["page"]).status_code == 403
        assert client.post(f"{seats['page']}/add", data={"csrf_token": token, "user_id": str(seats["newcomer"]),
                                                         "role": "member", "starts_on": "2017-01-01"}).status_code == 403
        assert client.post(f"{seats['page']}/{seats['seat']}/end",
                           data={"csrf_token": token, "ends_on": "2017-01-01"}).status_code == 403
    with app.app_context():
        factories.user(Role.MEMBER, email="member@example.org")
        db.session.commit()
    auth.logout()
    log_in(client, auth, "member@example.org")
    assert client.get(seats["page"]).status_code == 403
    assert len(seat_rows(app, seats["committee"])) == 2 and seat_rows(app, seats["committee"])[1][4] is None


def test_unknown_committees_and_seats_of_another_committee_are_404(app, client, auth, seats):
    log_in(client, auth, ADMIN)
    token = csrf_token(client, seats["page"])
    assert client.get("/manage/committees/999999/members").status_code == 404
    with app.app_context():
        other_seat = db.session.scalar(sa.select(CommitteeMembership.id).where(
            CommitteeMembership.committee_id != seats["committee"]))
    assert client.post(f"{seats['page']}/{other_seat}/end", data={"csrf_token": token, "ends_on": "2017-01-01"}) \
        .status_code == 404
    assert client.post(f"{seats['page']}/999999/end", data={"csrf_token": token, "ends_on": "2017-01-01"}) \
        .status_code == 404


def test_the_forms_need_their_csrf_token(app, client, auth, seats):
    log_in(client, auth, SECRETARY)
    assert client.post(f"{seats['page']}/add", data={"user_id": str(seats["newcomer"]), "role": "member",
                                                     "starts_on": "2017-01-01"}).status_code == 400
    assert client.post(f"{seats['page']}/{seats['seat']}/end", data={"ends_on": "2017-01-01"}).status_code == 400
    assert len(seat_rows(app, seats["committee"])) == 2 and seat_rows(app, seats["committee"])[1][4] is None


def test_the_committee_page_links_the_seats_for_those_who_keep_them(app, client, auth, seats):
    """An administrator has no secretariat page: the committee's page leads both them and its serving
    secretary to the seats screen; nobody else sees the link."""
    committee_page, link = f"/committees/{seats['committee']}", f'href="{seats["page"]}"'
    client.set_cookie("lang", "en")
    assert link not in client.get(committee_page).get_data(as_text=True)  # a visitor
    for email, shown in ((ADMIN, True), (SECRETARY, True), (OTHER, False)):
        log_in(client, auth, email)
        html = client.get(committee_page).get_data(as_text=True)
        assert (link in html) is shown, email
        if email == ADMIN:  # the seats page's trail leads them back to the committee's page
            crumbs = client.get(seats["page"]).get_data(as_text=True).split('class="breadcrumbs"')[1].split("</nav>")[0]
            assert f'href="{committee_page}"' in crumbs
        auth.logout()
    with app.app_context():
        factories.user(Role.MEMBER, email="member@example.org")
        db.session.commit()
    log_in(client, auth, "member@example.org")
    assert link not in client.get(committee_page).get_data(as_text=True)
