"""Who reads and writes a record, against a table written by hand: the committee's own people decide."""
from __future__ import annotations

from datetime import date

import pytest

from participation.core.roles import Role
from participation.meetings.models import MeetingState
from participation.record import policies
from tests import factories

# Person: (edits the draft, reads the draft, reads a versioned record)
TABLE = {
    "visitor":              (False, False, True),
    "citizen":              (False, False, True),
    "serving secretary":    (True, True, True),
    "other secretary":      (False, False, True),
    "former secretary":     (False, False, True),
    "member":               (False, True, True),
    "member elsewhere":     (False, False, True),
    "member, role removed": (False, False, True),
}


@pytest.fixture
def people(app_ctx):
    meeting = factories.meeting(published=True)
    committee, other = meeting.committee, factories.committee("다른 위원회")
    made = {"visitor": None, "citizen": factories.user(Role.CITIZEN)}
    made["serving secretary"] = factories.user(Role.SECRETARY)
    factories.seat(committee, made["serving secretary"], "secretary", "간사")
    made["other secretary"] = factories.user(Role.SECRETARY)
    factories.seat(other, made["other secretary"], "secretary", "간사")
    made["former secretary"] = factories.user(Role.SECRETARY)
    factories.seat(committee, made["former secretary"], "secretary", "간사", ends_on=date(2016, 6, 30))
    made["member"] = factories.user(Role.MEMBER)
    factories.seat(committee, made["member"])
    made["member elsewhere"] = factories.user(Role.MEMBER)
    factories.seat(other, made["member elsewhere"])
    made["member, role removed"] = factories.user(Role.MEMBER)
    factories.seat(committee, made["member, role removed"])
    made["member, role removed"].set_roles({Role.CITIZEN})
    return meeting, made


@pytest.mark.parametrize("person", TABLE)
def test_who_reads_and_writes_the_record(people, person):
    meeting, made = people
    user = made[person]
    edits, reads_draft, reads_version = TABLE[person]
    assert policies.may_edit(user, meeting) is edits
    assert policies.may_read(user, meeting, has_version=False) is reads_draft
    assert policies.may_read(user, meeting, has_version=True) is reads_version


def test_a_final_record_takes_no_edits_and_a_draft_meeting_has_no_record(people):
    meeting, made = people
    meeting.state = MeetingState.RECORD_FINAL
    assert not policies.may_edit(made["serving secretary"], meeting)
    meeting.state = MeetingState.DRAFT
    assert not policies.may_read(made["member"], meeting, has_version=False)
    assert not policies.may_edit(made["serving secretary"], meeting)
