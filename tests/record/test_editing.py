"""The secretary's editor as use cases: adding, rewriting, moving and deleting entries, the settings.

Positions stay 1..n without gaps after every operation, the unique (record, position) pair is never
broken on the way (SQLite and PostgreSQL check it row by row), and every refusal changes nothing.
"""
from __future__ import annotations

import random
from datetime import date

import pytest

from participation.core.roles import Role
from participation.core.services import NotFound, ServiceError
from participation.extensions import db
from participation.meetings.models import MeetingState
from participation.meetings.services import agenda_of
from participation.record import services
from participation.record.kinds import EntryType
from participation.record.models import RecordEntry
from tests import factories

E = EntryType
Fields = services.EntryFields


@pytest.fixture
def desk(app_ctx):
    """A published meeting with two items, its serving secretary, a member, and three entries."""
    meeting = factories.meeting(published=True, items=2)
    secretary, member = factories.user(Role.SECRETARY), factories.user(Role.MEMBER, name="김위원")
    factories.seat(meeting.committee, secretary, "secretary", "간사")
    factories.seat(meeting.committee, member)
    for text in ("첫째", "둘째", "셋째"):
        services.add_entry(secretary, meeting, Fields(E.STATEMENT, text, speaker_label="○○○"))
    db.session.commit()
    return meeting, secretary, member


def rows(meeting):
    """(position, text) of the stored entries, read from the database."""
    db.session.expire_all()
    record = services.find_record(meeting)
    return [(e.position, e.text) for e in db.session.scalars(
        db.select(RecordEntry).where(RecordEntry.record_id == record.id).order_by(RecordEntry.position))]


def texts(meeting):
    return [text for _, text in rows(meeting)]


def assert_gapless(meeting):
    assert [position for position, _ in rows(meeting)] == list(range(1, len(rows(meeting)) + 1))


def entry(meeting, text):
    return next(e for e in services.find_record(meeting).entries if e.text == text)


def test_entries_are_added_at_the_end_or_after_an_entry(desk):
    meeting, secretary, _ = desk
    services.add_entry(secretary, meeting, Fields(E.NOTE, "넷째"))
    services.add_entry(secretary, meeting, Fields(E.SECTION, "사이", level=3), after=entry(meeting, "첫째"))
    db.session.commit()
    assert texts(meeting) == ["첫째", "사이", "둘째", "셋째", "넷째"]
    assert_gapless(meeting)
    assert entry(meeting, "사이").level == 3


def test_a_statement_by_a_members_account_carries_their_name(desk):
    meeting, secretary, member = desk
    item = agenda_of(meeting)[1]
    added = services.add_entry(secretary, meeting, Fields(E.STATEMENT, "의견", speaker_id=member.id,
                                                          agenda_item_id=item.id, answer=True))
    assert (added.speaker_id, added.speaker_label, added.agenda_item_id, added.answer) == \
        (member.id, "김위원", item.id, True)


def test_fields_the_type_does_not_use_are_cleared(desk):
    meeting, secretary, member = desk
    first = entry(meeting, "첫째")
    services.update_entry(secretary, first, Fields(E.NOTE, "메모로", speaker_id=member.id, speaker_label="x",
                                                   outcome="가결", deadline=date(2017, 1, 15), pages="3", level=4))
    assert (first.type, first.speaker_id, first.speaker_label, first.outcome, first.deadline, first.pages,
            first.level) == (E.NOTE, None, None, "", None, "", None)
    services.update_entry(secretary, first, Fields(E.ACTION, "의견 제출", outcome="", deadline=date(2017, 1, 15),
                                                   pages="14–18"))
    assert (first.deadline, first.pages) == (date(2017, 1, 15), "14–18")
    services.update_entry(secretary, first, Fields(E.RESOLUTION, "원안 가결", outcome="원안 가결",
                                                   deadline=date(2017, 1, 15), pages="1"))
    assert (first.outcome, first.deadline, first.pages) == ("원안 가결", None, "")
    db.session.commit()
    assert first.position == 1


@pytest.mark.parametrize("fields, field", [
    (Fields(E.STATEMENT, "   "), "text"),
    (Fields(E.STATEMENT, "x" * 20001), "text"),
    (Fields(E.STATEMENT, "글\x00"), "text"),
    (Fields(E.SECTION, "제목", level=7), "level"),
    (Fields(E.STATEMENT, "발언", speaker_label="○" * 101), "speaker_label"),
    (Fields(E.STATEMENT, "발언", speaker_label="이름\n줄"), "speaker_label"),
    (Fields(E.RESOLUTION, "의결", outcome="x" * 201), "outcome"),
    (Fields(E.ACTION, "과제", pages="1" * 21), "pages"),
    (Fields(E.STATEMENT, "발언", agenda_item_id=999_999), "agenda_item_id"),
    (Fields(E.STATEMENT, "발언", speaker_id=999_999), "speaker_id"),
    (Fields("statement", "발언"), "type"),
])
def test_bad_fields_are_refused_and_nothing_is_stored(desk, fields, field):
    meeting, secretary, _ = desk
    before = rows(meeting)
    with pytest.raises(ServiceError) as refused:
        services.add_entry(secretary, meeting, fields)
    db.session.rollback()
    assert refused.value.field == field
    assert rows(meeting) == before
    with pytest.raises(ServiceError):
        services.update_entry(secretary, entry(meeting, "둘째"), fields)
    db.session.rollback()
    assert rows(meeting) == before


def test_a_speaker_must_sit_on_the_committee_and_not_come_with_a_label(desk):
    meeting, secretary, member = desk
    elsewhere = factories.user(Role.MEMBER)
    factories.seat(factories.committee("다른 위원회"), elsewhere)
    with pytest.raises(ServiceError) as refused:
        services.add_entry(secretary, meeting, Fields(E.STATEMENT, "발언", speaker_id=elsewhere.id))
    assert refused.value.field == "speaker_id"
    with pytest.raises(ServiceError) as refused:
        services.add_entry(secretary, meeting, Fields(E.STATEMENT, "발언", speaker_id=secretary.id))
    assert refused.value.field == "speaker_id"  # the secretariat speaks by its title, as a label
    with pytest.raises(ServiceError) as refused:
        services.add_entry(secretary, meeting, Fields(E.STATEMENT, "발언", speaker_id=member.id, speaker_label="○○○"))
    assert refused.value.field == "speaker_label"
    assert [person.id for person, _ in services.speaker_choices(meeting)] == [member.id]


def test_an_entry_keeps_its_speaker_after_the_seat_ended(desk):
    meeting, secretary, member = desk
    said = services.add_entry(secretary, meeting, Fields(E.STATEMENT, "발언", speaker_id=member.id))
    member.set_roles(set())  # no longer a member: not offered for new statements
    services.update_entry(secretary, said, Fields(E.STATEMENT, "고친 발언", speaker_id=member.id))
    assert said.text == "고친 발언" and said.speaker_id == member.id
    with pytest.raises(ServiceError):
        services.add_entry(secretary, meeting, Fields(E.STATEMENT, "새 발언", speaker_id=member.id))


def test_moving_swaps_with_the_neighbour_and_stops_at_either_end(desk):
    meeting, secretary, _ = desk
    assert services.move_entry(secretary, entry(meeting, "셋째"), -1) == 2
    db.session.commit()
    assert texts(meeting) == ["첫째", "셋째", "둘째"]
    assert services.move_entry(secretary, entry(meeting, "첫째"), -1) == 1
    assert services.move_entry(secretary, entry(meeting, "둘째"), 1) == 3
    assert services.move_entry(secretary, entry(meeting, "첫째"), 1) == 2
    db.session.commit()
    assert texts(meeting) == ["셋째", "첫째", "둘째"]
    assert_gapless(meeting)


@pytest.mark.parametrize("offset", [0, 2, -2, True, "1", None])
def test_a_move_of_other_than_one_place_is_refused(desk, offset):
    meeting, secretary, _ = desk
    with pytest.raises(ServiceError):
        services.move_entry(secretary, entry(meeting, "둘째"), offset)
    db.session.rollback()
    assert texts(meeting) == ["첫째", "둘째", "셋째"]


def test_deleting_closes_the_gap(desk):
    meeting, secretary, _ = desk
    services.delete_entry(secretary, entry(meeting, "첫째"))
    db.session.commit()
    assert rows(meeting) == [(1, "둘째"), (2, "셋째")]


def test_many_operations_keep_positions_one_to_n(desk):
    """Random adds, inserts, moves and deletes: every flush would fail on a shared position."""
    meeting, secretary, _ = desk
    chance = random.Random(12)
    expected = ["첫째", "둘째", "셋째"]
    for step in range(60):
        current = services.find_record(meeting).entries
        action = chance.choice(["add", "insert", "move", "move", "delete"]) if current else "add"
        if action == "add":
            services.add_entry(secretary, meeting, Fields(E.STATEMENT, f"추가 {step}"))
            expected.append(f"추가 {step}")
        elif action == "insert":
            after = chance.randrange(len(current))
            services.add_entry(secretary, meeting, Fields(E.NOTE, f"삽입 {step}"), after=current[after])
            expected.insert(after + 1, f"삽입 {step}")
        elif action == "move":
            index, offset = chance.randrange(len(current)), chance.choice([-1, 1])
            services.move_entry(secretary, current[index], offset)
            if 0 <= index + offset < len(expected):
                expected[index], expected[index + offset] = expected[index + offset], expected[index]
        else:
            index = chance.randrange(len(current))
            services.delete_entry(secretary, current[index])
            del expected[index]
        db.session.commit()
        assert texts(meeting) == expected, step
        assert_gapless(meeting)


@pytest.fixture
def outsiders(desk):
    meeting = desk[0]
    other = factories.user(Role.SECRETARY)
    factories.seat(factories.committee("다른 위원회"), other, "secretary", "간사")
    former = factories.user(Role.SECRETARY)
    factories.seat(meeting.committee, former, "secretary", "간사", ends_on=date(2016, 6, 30))
    db.session.commit()
    return {"other committee's secretary": other, "former secretary": former, "member": desk[2],
            "citizen": factories.user(Role.CITIZEN), "admin": factories.user(Role.ADMIN)}


OPERATIONS = {
    "add": lambda who, m: services.add_entry(who, m, Fields(E.NOTE, "끼어들기")),
    "update": lambda who, m: services.update_entry(who, entry(m, "둘째"), Fields(E.NOTE, "바꿈")),
    "move": lambda who, m: services.move_entry(who, entry(m, "둘째"), -1),
    "delete": lambda who, m: services.delete_entry(who, entry(m, "둘째")),
    "settings": lambda who, m: services.update_settings(who, m, anonymize_members=False, attendance="바꿈"),
    "import": lambda who, m: services.check_importable(who, m),
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("person", ["other committee's secretary", "former secretary", "member", "citizen", "admin"])
def test_only_the_serving_secretary_writes_and_refusals_change_nothing(desk, outsiders, operation, person):
    meeting = desk[0]
    before = rows(meeting)
    with pytest.raises(ServiceError) as refused:
        OPERATIONS[operation](outsiders[person], meeting)
    db.session.rollback()
    assert refused.value.code == "forbidden"
    assert rows(meeting) == before
    assert services.find_record(meeting).anonymize_members is True


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("state", [MeetingState.RECORD_FINAL, MeetingState.DRAFT])
def test_a_final_record_and_an_unpublished_meeting_take_no_edits(desk, operation, state):
    meeting, secretary, _ = desk
    meeting.state = state
    db.session.commit()
    before = rows(meeting)
    with pytest.raises(ServiceError) as refused:
        OPERATIONS[operation](secretary, meeting)
    db.session.rollback()
    assert refused.value.code == "closed"
    assert rows(meeting) == before


def test_the_settings_hold_the_policy_and_the_attendance(desk):
    meeting, secretary, _ = desk
    services.update_settings(secretary, meeting, anonymize_members=False, attendance="  위원 12명  ")
    db.session.commit()
    record = services.find_record(meeting)
    assert (record.anonymize_members, record.attendance) == (False, "위원 12명")
    with pytest.raises(ServiceError) as refused:
        services.update_settings(secretary, meeting, anonymize_members=True, attendance="x" * 501)
    db.session.rollback()
    assert refused.value.field == "attendance"
    assert services.find_record(meeting).anonymize_members is False


def test_an_entry_of_another_meeting_is_not_found(desk):
    meeting, secretary, _ = desk
    other = factories.meeting(meeting.committee, published=True)
    foreign = services.add_entry(secretary, other, Fields(E.NOTE, "남의 것"))
    with pytest.raises(NotFound):
        services.entry_of(meeting, foreign.id)
    with pytest.raises(NotFound):
        services.entry_of(meeting, 2**40)
    with pytest.raises(NotFound):
        services.add_entry(secretary, meeting, Fields(E.NOTE, "뒤에"), after=foreign)


def test_an_import_needs_an_empty_record(desk):
    meeting, secretary, _ = desk
    with pytest.raises(ServiceError) as refused:
        services.check_importable(secretary, meeting)
    assert refused.value.code == "conflict"
    empty = factories.meeting(meeting.committee, published=True)
    services.check_importable(secretary, empty)
    assert services.find_record(empty) is None  # checking stores nothing
