"""Committee membership: seats with titles and terms, refused for the wrong role or an overlapping term."""
from __future__ import annotations

from datetime import date

import pytest

from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import membership
from participation.meetings.models import CommitteeMembership, SeatRole
from tests import factories


@pytest.fixture
def committee(app_ctx):
    return factories.committee()


def test_a_member_sits_on_a_committee_for_a_term(committee):
    member = factories.user(Role.MEMBER)
    factories.seat(committee, member, title="부위원장", starts_on=date(2016, 12, 21), ends_on=date(2018, 12, 20))
    assert membership.holds(member, committee.id, SeatRole.MEMBER, date(2017, 6, 1))
    assert not membership.holds(member, committee.id, SeatRole.MEMBER, date(2016, 12, 20))
    assert not membership.holds(member, committee.id, SeatRole.MEMBER, date(2018, 12, 21))
    assert not membership.holds(member, committee.id, SeatRole.SECRETARY, date(2017, 6, 1))
    other = factories.committee("다른 위원회")
    assert not membership.holds(member, other.id, SeatRole.MEMBER, date(2017, 6, 1))
    assert [row.title for row in membership.memberships(committee, on=date(2017, 1, 1))] == ["부위원장"]


def test_a_seat_needs_the_matching_role(committee):
    citizen = factories.user(Role.CITIZEN)
    with pytest.raises(ServiceError) as refused:
        factories.seat(committee, citizen)
    assert refused.value.field == "user_id"
    assert db.session.query(CommitteeMembership).count() == 0


def test_the_role_taken_away_ends_what_the_seat_allows(committee):
    member = factories.user(Role.MEMBER)
    factories.seat(committee, member)
    member.set_roles(set())
    assert not membership.holds(member, committee.id, SeatRole.MEMBER, date(2017, 1, 1))


@pytest.mark.parametrize("starts, ends", [(date(2017, 1, 1), None), (date(2015, 1, 1), date(2016, 1, 1))])
def test_overlapping_terms_are_refused(committee, starts, ends):
    member = factories.user(Role.MEMBER)
    factories.seat(committee, member, starts_on=date(2016, 1, 1), ends_on=date(2017, 12, 31))
    with pytest.raises(ServiceError) as refused:
        factories.seat(committee, member, starts_on=starts, ends_on=ends)
    assert refused.value.code == "conflict"


def test_a_later_term_after_the_first_ended_is_taken(committee):
    member = factories.user(Role.MEMBER)
    first = factories.seat(committee, member, starts_on=date(2016, 1, 1))
    membership.end_membership(first, date(2016, 12, 31))
    factories.seat(committee, member, title="위원장", starts_on=date(2017, 1, 1))
    assert [row.title for row in membership.memberships(committee, on=date(2017, 3, 1))] == ["위원장"]


def test_a_term_cannot_end_before_it_starts(committee):
    member = factories.user(Role.MEMBER)
    with pytest.raises(ServiceError):
        factories.seat(committee, member, starts_on=date(2017, 1, 1), ends_on=date(2016, 1, 1))
    row = factories.seat(committee, member, starts_on=date(2017, 1, 1))
    with pytest.raises(ServiceError):
        membership.end_membership(row, date(2016, 6, 1))
