"""Use cases of tasks, meetings and agendas."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

import pytest

from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import ItemKind, MeetingState, TaskStatus
from tests import factories

pytestmark = pytest.mark.usefixtures("app_ctx")

S = MeetingState


# --- tasks -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code, parts", [("3-1-7", (3, 1, 7)), (" 12-3-45 ", (12, 3, 45))])
def test_parse_task_code(code, parts):
    assert services.parse_task_code(code) == parts


@pytest.mark.parametrize("code", ["3-1", "a-b-c", "0-1-1", "3-1-7-1", "", "3--7", "3-1-07", "3.1.7", "1000-1-1"])
def test_parse_task_code_refuses(code):
    with pytest.raises(ServiceError) as refused:
        services.parse_task_code(code)
    assert refused.value.field == "code"


def test_create_task_records_its_first_status():
    task = factories.task(factories.committee(), " 3-1-7 ", status=TaskStatus.DELAYED)
    assert (task.code, task.strategy, task.major, task.number) == ("3-1-7", 3, 1, 7)
    assert task.status is TaskStatus.DELAYED
    assert [(c.status, c.changed_on) for c in task.history] == [(TaskStatus.DELAYED, date(2016, 2, 15))]


def test_duplicate_task_code_is_refused():
    committee = factories.committee()
    factories.task(committee, "3-1-7")
    with pytest.raises(ServiceError) as refused:
        factories.task(committee, "3-1-7")
    assert refused.value.field == "code"


@pytest.mark.parametrize("reason", ["", "   "])
def test_status_change_needs_a_reason(reason):
    task = factories.task(factories.committee())
    with pytest.raises(ServiceError) as refused:
        services.change_task_status(task, TaskStatus.DELAYED, date(2016, 7, 29), reason, actor_id=None)
    assert refused.value.field == "reason"
    assert task.status is TaskStatus.ON_TRACK and len(task.history) == 1


def test_status_history_is_kept_in_order():
    task = factories.task(factories.committee())
    services.change_task_status(task, TaskStatus.DELAYED, date(2016, 7, 29), "late", actor_id=None)
    services.change_task_status(task, TaskStatus.UNDERPERFORMING, date(2016, 11, 30), "missed", actor_id=None)
    services.change_task_status(task, TaskStatus.ON_TRACK, date(2016, 11, 30), "fixed the same day", actor_id=None)
    db.session.commit()
    db.session.expire_all()
    assert [c.status for c in task.history] == [
        TaskStatus.ON_TRACK, TaskStatus.DELAYED, TaskStatus.UNDERPERFORMING, TaskStatus.ON_TRACK,
    ]
    assert task.status is TaskStatus.ON_TRACK


def test_status_change_before_the_last_one_is_refused():
    task = factories.task(factories.committee())
    services.change_task_status(task, TaskStatus.DELAYED, date(2016, 7, 29), "late", actor_id=None)
    with pytest.raises(ServiceError) as refused:
        services.change_task_status(task, TaskStatus.ON_HOLD, date(2016, 7, 28), "earlier", actor_id=None)
    assert refused.value.field == "changed_on"
    assert task.status is TaskStatus.DELAYED and len(task.history) == 2


# --- meeting states ----------------------------------------------------------------------------------

# Written out by hand: a meeting with a part 2 goes live before it closes; one without closes directly;
# either may be cancelled while it is published, and a cancelled meeting goes nowhere.
ALLOWED = {
    True: {(S.DRAFT, S.PUBLISHED), (S.PUBLISHED, S.LIVE), (S.LIVE, S.CLOSED), (S.CLOSED, S.RECORD_FINAL),
           (S.PUBLISHED, S.CANCELLED)},
    False: {(S.DRAFT, S.PUBLISHED), (S.PUBLISHED, S.CLOSED), (S.CLOSED, S.RECORD_FINAL), (S.PUBLISHED, S.CANCELLED)},
}
ROUTE = {
    True: {S.DRAFT: [], S.PUBLISHED: [S.PUBLISHED], S.LIVE: [S.PUBLISHED, S.LIVE],
           S.CLOSED: [S.PUBLISHED, S.LIVE, S.CLOSED], S.RECORD_FINAL: [S.PUBLISHED, S.LIVE, S.CLOSED, S.RECORD_FINAL],
           S.CANCELLED: [S.PUBLISHED, S.CANCELLED]},
    False: {S.DRAFT: [], S.PUBLISHED: [S.PUBLISHED], S.CLOSED: [S.PUBLISHED, S.CLOSED],
            S.RECORD_FINAL: [S.PUBLISHED, S.CLOSED, S.RECORD_FINAL], S.CANCELLED: [S.PUBLISHED, S.CANCELLED]},
}
REASON = "위원장 사정으로 취소합니다."  # a cancellation needs its reason; the other moves ignore it


def meeting_in(state: MeetingState, part_2: bool = True):
    meeting = factories.meeting(part_2=part_2)
    for step in ROUTE[part_2][state]:
        services.move_meeting(meeting, step, reason=REASON)
    assert meeting.state is state
    return meeting


@pytest.mark.parametrize("part_2, current, target", [(p, *pair) for p in (True, False) for pair in sorted(ALLOWED[p])])
def test_allowed_transition(part_2, current, target):
    meeting = meeting_in(current, part_2)
    services.move_meeting(meeting, target, reason=REASON)
    assert meeting.state is target


@pytest.mark.parametrize("part_2, current, target", [
    (p, *pair) for p in (True, False) for pair in itertools.product(S, S)
    if pair not in ALLOWED[p] and pair[0] in ROUTE[p]])
def test_refused_transition(part_2, current, target):
    meeting = meeting_in(current, part_2)
    with pytest.raises(ServiceError):
        services.move_meeting(meeting, target, reason=REASON)
    assert meeting.state is current


def test_publish_needs_an_agenda():
    meeting = factories.meeting(items=0)
    with pytest.raises(ServiceError):
        services.move_meeting(meeting, S.PUBLISHED)
    assert meeting.state is S.DRAFT and meeting.published_at is None


def test_publish_sets_published_at():
    meeting = factories.meeting()
    now = datetime(2016, 12, 1, 9, 0, tzinfo=timezone.utc)
    services.move_meeting(meeting, S.PUBLISHED, now=now)
    assert meeting.published_at == now


@pytest.mark.parametrize("fields, field", [
    ({"part1_starts_at": 14, "part1_ends_at": 13}, "part1_ends_at"),
    ({"part2_starts_at": 15, "part2_ends_at": 15}, "part2_ends_at"),
    ({"part1_starts_at": 14, "part1_ends_at": 16, "part2_starts_at": 15}, "part2_starts_at"),
])
def test_meeting_times_must_follow_each_other(fields, field):
    day = datetime(2027, 1, 20, tzinfo=timezone.utc)
    times = {name: day + timedelta(hours=hour) for name, hour in fields.items()}
    with pytest.raises(ServiceError) as refused:
        services.create_meeting(factories.committee(), title="x", number=1, starts_at=day, **times)
    assert refused.value.field == field


# --- agenda ------------------------------------------------------------------------------------------


def titles(meeting) -> list[str]:
    return [item.title for item in services.agenda_of(meeting)]


def positions(meeting) -> list[int]:
    return [item.position for item in services.agenda_of(meeting)]


def test_items_are_appended_in_order():
    meeting = factories.meeting(items=3)
    assert titles(meeting) == ["안건 1", "안건 2", "안건 3"]
    assert positions(meeting) == [1, 2, 3]


def test_item_kind_and_task():
    committee = factories.committee()
    task = factories.task(committee)
    meeting = factories.meeting(committee, items=0)
    item = services.add_agenda_item(meeting, title="선출", kind=ItemKind.ELECTION, task_id=task.id)
    assert item.kind is ItemKind.ELECTION and item.task is task


def test_unknown_task_is_refused():
    meeting = factories.meeting(items=0)
    with pytest.raises(ServiceError) as refused:
        services.add_agenda_item(meeting, title="x", task_id=999)
    assert refused.value.field == "task_id"
    assert titles(meeting) == []


@pytest.mark.parametrize("index, offset, expected", [
    (1, -1, ["안건 2", "안건 1", "안건 3"]),
    (1, 1, ["안건 1", "안건 3", "안건 2"]),
    (0, -1, ["안건 1", "안건 2", "안건 3"]),
    (2, 1, ["안건 1", "안건 2", "안건 3"]),
    (0, 2, ["안건 1", "안건 2", "안건 3"]),
])
def test_move_item(index, offset, expected):
    meeting = factories.meeting(items=3)
    services.move_agenda_item(services.agenda_of(meeting)[index], offset)
    assert titles(meeting) == expected
    assert positions(meeting) == [1, 2, 3]


def test_delete_item_renumbers_the_rest():
    meeting = factories.meeting(items=3)
    services.delete_agenda_item(services.agenda_of(meeting)[0])
    assert titles(meeting) == ["안건 2", "안건 3"]
    assert positions(meeting) == [1, 2]


def test_delete_item_of_a_published_meeting_is_refused():
    meeting = factories.meeting(items=2, published=True)
    with pytest.raises(ServiceError):
        services.delete_agenda_item(services.agenda_of(meeting)[0])
    assert titles(meeting) == ["안건 1", "안건 2"]


def test_reversed_page_range_is_refused():
    meeting = factories.meeting(items=0)
    with pytest.raises(ServiceError) as refused:
        services.add_agenda_item(meeting, title="x", page_from=18, page_to=14)
    assert refused.value.field == "page_to"
    item = services.add_agenda_item(meeting, title="x", page_from=14, page_to=18)
    assert item.pages == "14–18"


def test_update_refuses_a_reversed_page_range():
    item = services.add_agenda_item(factories.meeting(items=0), title="x", page_from=14, page_to=18)
    with pytest.raises(ServiceError):
        services.update_agenda_item(item, page_from=20, page_to=19)
    assert (item.page_from, item.page_to) == (14, 18)


def test_update_of_one_page_is_checked_against_the_other():
    item = services.add_agenda_item(factories.meeting(items=0), title="x", page_from=14, page_to=18)
    with pytest.raises(ServiceError):
        services.update_agenda_item(item, page_to=5)
        db.session.flush()
    assert (item.page_from, item.page_to) == (14, 18)


def test_update_of_one_time_is_checked_against_the_others():
    meeting = factories.meeting(items=0)
    start = meeting.starts_at
    services.update_meeting(meeting, part1_starts_at=start, part1_ends_at=start + timedelta(hours=1))
    with pytest.raises(ServiceError):
        services.update_meeting(meeting, part1_ends_at=start - timedelta(hours=1))
    assert meeting.part1_ends_at == start + timedelta(hours=1)
