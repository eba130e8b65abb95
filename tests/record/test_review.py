"""The committee's review: remarks on the draft's entries (resolved by the secretary) and the members'
written opinions with their deadline rules."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings.models import MeetingState
from participation.record import citizens, opinions, policies, versions
from participation.record.models import Record, WrittenOpinion
from tests import factories
from tests.record import final_world

BEFORE, ON, AFTER = date(2017, 1, 14), final_world.DEADLINE, date(2017, 1, 16)


@pytest.fixture
def world(app_ctx):
    return final_world.build()


def record_of(world) -> Record:
    return db.session.scalar(sa.select(Record).where(Record.meeting_id == world.meeting.id))


# --- Remarks ------------------------------------------------------------------------------------------------

def test_a_member_remarks_and_the_secretary_resolves(world):
    entry = record_of(world).entries[3]
    remark = opinions.add_remark(world.meeting, entry, world.member, "  발언자가 다릅니다  ")
    db.session.commit()
    assert remark.body == "발언자가 다릅니다" and remark.resolved_at is None
    assert opinions.remarks_of(record_of(world)) == [remark]
    opinions.resolve_remark(world.meeting, remark, world.secretary)
    db.session.commit()
    assert remark.resolved_by_id == world.secretary.id and remark.resolved_at is not None
    with pytest.raises(ServiceError) as again:
        opinions.resolve_remark(world.meeting, remark, world.secretary)
    assert again.value.code == "conflict"


def test_open_remarks_come_first(world):
    entries = record_of(world).entries
    first = opinions.add_remark(world.meeting, entries[1], world.member, "하나")
    second = opinions.add_remark(world.meeting, entries[2], world.member, "둘")
    opinions.resolve_remark(world.meeting, first, world.secretary)
    db.session.commit()
    assert opinions.remarks_of(record_of(world)) == [second, first]


@pytest.mark.parametrize("who", ["secretary", "other_secretary", "citizen"])
def test_only_members_of_the_committee_remark(world, who):
    with pytest.raises(ServiceError) as refused:
        opinions.add_remark(world.meeting, record_of(world).entries[1], getattr(world, who), "의견")
    assert refused.value.code == "forbidden"


def test_only_the_serving_secretary_resolves_and_an_empty_remark_is_refused(world):
    entry = record_of(world).entries[1]
    with pytest.raises(ServiceError) as empty:
        opinions.add_remark(world.meeting, entry, world.member, "   ")
    assert empty.value.field == "body"
    remark = opinions.add_remark(world.meeting, entry, world.member, "의견")
    for who in (world.member, world.other_secretary):
        with pytest.raises(ServiceError):
            opinions.resolve_remark(world.meeting, remark, who)
    assert remark.resolved_at is None


def test_no_remark_on_another_meetings_entry(world):
    other = factories.meeting(world.meeting.committee, published=True)
    with pytest.raises(ServiceError):
        opinions.add_remark(other, record_of(world).entries[1], world.member, "의견")


# --- Written opinions ---------------------------------------------------------------------------------------

# (state, the record's deadline, today) -> opinions taken
WINDOW = [
    (MeetingState.PUBLISHED, final_world.DEADLINE, BEFORE, False),   # not before the meeting is over
    (MeetingState.CLOSED, final_world.DEADLINE, BEFORE, True),
    (MeetingState.CLOSED, final_world.DEADLINE, ON, True),           # the deadline's day included
    (MeetingState.CLOSED, final_world.DEADLINE, AFTER, False),
    (MeetingState.RECORD_FINAL, final_world.DEADLINE, ON, True),     # a deadline outlives finalizing
    (MeetingState.RECORD_FINAL, final_world.DEADLINE, AFTER, False),
    (MeetingState.CLOSED, None, AFTER, True),                        # no deadline: until final
    (MeetingState.RECORD_FINAL, None, BEFORE, False),
    (MeetingState.CANCELLED, None, BEFORE, False),
]


@pytest.mark.parametrize("state,deadline,today,taken", WINDOW)
def test_when_written_opinions_are_taken(world, state, deadline, today, taken):
    world.meeting.state = state
    assert policies.opinions_open(world.meeting, deadline, today) is taken
    assert policies.may_write_opinion(world.member, world.meeting, deadline, today) is taken
    assert not policies.may_write_opinion(world.secretary, world.meeting, deadline, today)


def test_the_deadline_is_the_latest_action_items(world):
    assert opinions.deadline_of(record_of(world)) == final_world.DEADLINE
    assert opinions.deadline_of(None) is None


def test_a_member_writes_and_rewrites_an_opinion(world):
    item = world.items[0]
    first = opinions.submit_opinion(world.meeting, item, world.member, "첫 의견", today=BEFORE)
    db.session.commit()
    again = opinions.submit_opinion(world.meeting, item, world.member, "고친 의견", today=ON)
    db.session.commit()
    assert again.id == first.id and again.body == "고친 의견"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WrittenOpinion)) == 1
    part = citizens.citizens_part(world.meeting, record_id=record_of(world).id)
    assert part["items"][0]["opinions"][0]["body"] == "고친 의견"
    assert part["items"][0]["opinions"][0]["member"] == citizens.ANONYMOUS


def test_an_opinion_after_the_deadline_or_by_others_is_refused(world):
    item = world.items[0]
    with pytest.raises(ServiceError) as late:
        opinions.submit_opinion(world.meeting, item, world.member, "늦은 의견", today=AFTER)
    assert late.value.code == "forbidden"
    for who in (world.secretary, world.citizen, factories.user(Role.MEMBER)):
        with pytest.raises(ServiceError):
            opinions.submit_opinion(world.meeting, item, who, "의견", today=BEFORE)
    with pytest.raises(ServiceError) as empty:
        opinions.submit_opinion(world.meeting, item, world.member, " ", today=BEFORE)
    assert empty.value.field == "body"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WrittenOpinion)) == 0


def test_the_secretary_sees_who_has_and_has_not_answered(world):
    late_member = factories.user(Role.MEMBER, name="최위원")
    factories.seat(world.meeting.committee, late_member)
    opinions.submit_opinion(world.meeting, world.items[1], world.member, "의견", today=BEFORE)
    db.session.commit()
    first, second = opinions.answers(world.meeting, record_of(world))
    assert first.answered == [] and {m.display_name for m in first.missing} == {"김위원", "최위원"}
    assert [m.display_name for m, _ in second.answered] == ["김위원"]
    assert [m.display_name for m in second.missing] == ["최위원"]


def test_an_opinion_sent_after_finalizing_enters_the_next_version(world):
    versions.finalize(world.meeting, world.secretary)
    db.session.commit()
    opinions.submit_opinion(world.meeting, world.items[0], world.member, "기한 내 늦은 의견", today=ON)
    db.session.commit()
    record = record_of(world)
    assert versions.snapshot_of(record.versions[0])["citizens"]["items"][0]["opinions"] == []
    entry = next(e for e in record.entries if e.type.value == "statement")
    version = versions.correct(world.meeting, world.secretary, "서면 의견 반영",
                               [versions.EntryChange(entry.id, text=entry.text)])
    assert versions.snapshot_of(version)["citizens"]["items"][0]["opinions"][0]["body"] == "기한 내 늦은 의견"
