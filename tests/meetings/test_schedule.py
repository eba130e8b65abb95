"""Postponing and cancelling a meeting (meetings.services): what each allows and refuses, what it stores,
what it says (in Korean and in English), and that a refusal stores nothing."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from participation.comments import policies as comment_policies
from participation.comments import queries as comment_queries
from participation.comments import services as comments
from participation.core import signals
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import policies, queries, services
from participation.meetings.models import Meeting, MeetingCancellation, MeetingPostponement, MeetingState
from tests import factories
from tests.meetings.test_services import REASON, meeting_in

pytestmark = pytest.mark.usefixtures("app_ctx")

S = MeetingState
HOUR = timedelta(hours=1)


def rows(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def times(meeting: Meeting) -> tuple:
    return (meeting.starts_at, meeting.part1_starts_at, meeting.part1_ends_at, meeting.part2_starts_at,
            meeting.part2_ends_at)


def published(part_2: bool = True, part_1: bool = True) -> Meeting:
    """A published meeting 30 days ahead: part 1 for its first hour, part 2 two to three hours after it starts."""
    meeting = factories.meeting(part_2=part_2)
    if part_1:  # set while a draft: once announced, the times move only by postponing
        services.update_meeting(meeting, part1_starts_at=meeting.starts_at, part1_ends_at=meeting.starts_at + HOUR)
    services.move_meeting(meeting, MeetingState.PUBLISHED)
    db.session.flush()
    return meeting


def refused(call, field: str | None = None) -> ServiceError:
    with pytest.raises(ServiceError) as error:
        call()
    assert error.value.field == field
    return error.value


# --- cancelling --------------------------------------------------------------------------------------


def test_cancelling_keeps_the_reason_the_moment_and_who():
    secretary = factories.user(Role.SECRETARY)
    meeting = published()
    now = datetime(2027, 1, 2, 9, 0, tzinfo=timezone.utc)
    services.move_meeting(meeting, S.CANCELLED, now=now, reason="  위원장 사정으로 취소합니다.  ", actor_id=secretary.id)
    db.session.flush()
    assert meeting.state is S.CANCELLED
    assert (meeting.cancellation.reason, meeting.cancellation.created_at, meeting.cancellation.created_by_id) == (
        "위원장 사정으로 취소합니다.", now, secretary.id)


@pytest.mark.parametrize("reason", [None, "", "   \n "])
def test_cancelling_needs_a_reason(reason):
    meeting = published()
    refused(lambda: services.move_meeting(meeting, S.CANCELLED, reason=reason), "reason")
    assert meeting.state is S.PUBLISHED and meeting.cancellation is None
    assert rows(MeetingCancellation) == 0


def test_a_too_long_reason_is_refused():
    meeting = published()
    refused(lambda: services.move_meeting(meeting, S.CANCELLED, reason="가" * (services.REASON_MAX + 1)), "reason")
    assert meeting.state is S.PUBLISHED
    services.move_meeting(meeting, S.CANCELLED, reason="가" * services.REASON_MAX)
    assert meeting.state is S.CANCELLED


@pytest.mark.parametrize("state", [S.DRAFT, S.LIVE, S.CLOSED, S.RECORD_FINAL, S.CANCELLED])
def test_only_a_published_meeting_is_cancelled(state):
    meeting = meeting_in(state)
    before = meeting.cancellation
    refused(lambda: services.move_meeting(meeting, S.CANCELLED, reason=REASON))
    assert meeting.state is state and meeting.cancellation is before
    assert policies.may_cancel(meeting) is False


def test_the_state_change_is_announced_once_with_its_previous_state():
    meeting = published()
    heard = []

    def receiver(sender, previous, **_):
        heard.append((sender.id, previous, sender.state))

    with signals.meeting_state_changed.connected_to(receiver):
        services.move_meeting(meeting, S.CANCELLED, reason=REASON)
    assert heard == [(meeting.id, S.PUBLISHED, S.CANCELLED)]


def test_a_cancelled_meeting_stays_public_takes_no_comments_and_keeps_its_comments():
    meeting = published()
    item = services.agenda_of(meeting)[0]
    citizen, moderator = factories.user(Role.CITIZEN), factories.user(Role.MODERATOR)
    approved = factories.approved_comment(item, citizen, moderator, body="승인된 의견")
    pending = factories.comment(item, factories.user(Role.CITIZEN), body="대기 중인 의견")
    services.move_meeting(meeting, S.CANCELLED, reason=REASON)
    db.session.flush()

    assert policies.is_public(meeting) and not policies.takes_comments(meeting)
    assert not comment_policies.may_comment(citizen, meeting) and comment_policies.phase_of(meeting) is None
    with pytest.raises(ServiceError) as error:
        factories.comment(item, citizen, body="늦은 의견")
    assert error.value.code == "closed"
    comments.approve(pending, moderator)  # what waited is still decided
    assert {c.id for c in comment_queries.approved_for_meeting(meeting.id)} == {approved.id, pending.id}


def test_a_cancelled_meeting_is_listed_among_the_past_ones():
    ahead, cancelled = published(), published()
    services.move_meeting(cancelled, S.CANCELLED, reason=REASON)
    listing = queries.home_listing()
    assert ahead in listing.upcoming and cancelled not in listing.upcoming
    assert cancelled in listing.past and cancelled not in listing.live


# --- postponing --------------------------------------------------------------------------------------


def test_postponing_moves_both_parts_with_the_start_and_keeps_the_history():
    secretary = factories.user(Role.SECRETARY)
    meeting = published()
    before = times(meeting)
    later = meeting.starts_at + timedelta(days=7, hours=2)
    postponement = services.postpone_meeting(meeting, later, "  회의실 사정  ", secretary.id)
    assert times(meeting) == tuple(moment + timedelta(days=7, hours=2) for moment in before)
    assert (postponement.previous_starts_at, postponement.starts_at, postponement.reason,
            postponement.created_by_id) == (before[0], later, "회의실 사정", secretary.id)
    assert meeting.state is S.PUBLISHED and meeting.postponements == [postponement]


def test_a_new_start_of_part_2_keeps_its_length_and_an_end_may_be_given():
    meeting = published()
    start, length = meeting.starts_at + timedelta(days=1), meeting.part2_ends_at - meeting.part2_starts_at
    services.postpone_meeting(meeting, start, REASON, None, part2_starts_at=start + 4 * HOUR)
    assert (meeting.part2_starts_at, meeting.part2_ends_at) == (start + 4 * HOUR, start + 4 * HOUR + length)
    start = start + timedelta(days=1)
    services.postpone_meeting(meeting, start, REASON, None, part2_starts_at=start + 2 * HOUR,
                              part2_ends_at=start + 5 * HOUR)
    assert (meeting.part2_starts_at, meeting.part2_ends_at) == (start + 2 * HOUR, start + 5 * HOUR)
    assert [p.starts_at for p in meeting.postponements] == [start - timedelta(days=1), start]


def test_a_meeting_without_part_1_times_or_part_2_moves_its_start_only():
    meeting = published(part_2=False, part_1=False)
    later = meeting.starts_at + timedelta(days=3)
    services.postpone_meeting(meeting, later, REASON, None)
    assert times(meeting) == (later, None, None, None, None)


def _refusals(meeting: Meeting) -> list[tuple]:
    start = meeting.starts_at
    postpone = services.postpone_meeting
    return [
        (lambda: postpone(meeting, start, REASON, None), "starts_at"),
        (lambda: postpone(meeting, start - HOUR, REASON, None), "starts_at"),
        (lambda: postpone(meeting, start + HOUR, REASON, None, now=start + timedelta(days=2)), "starts_at"),
        (lambda: postpone(meeting, start + HOUR, "  ", None), "reason"),
        (lambda: postpone(meeting, start + HOUR, "가" * (services.REASON_MAX + 1), None), "reason"),
        (lambda: postpone(meeting, start + HOUR, REASON, None, part2_starts_at=start + 6 * HOUR,
                          part2_ends_at=start + 5 * HOUR), "part2_ends_at"),
        (lambda: postpone(meeting, start + 2 * HOUR, REASON, None, part2_starts_at=start + HOUR), "part2_starts_at"),
        (lambda: postpone(meeting, start + HOUR, REASON, None, part2_starts_at=start + 90 * timedelta(minutes=1)),
         "part2_starts_at"),  # before part 1 (which moved to start + 1 h .. + 2 h) ends
    ]


def test_refusals_store_nothing():
    meeting = published()
    before = times(meeting)
    for call, field in _refusals(meeting):
        refused(call, field)
        assert times(meeting) == before and meeting.postponements == []
    db.session.flush()
    assert rows(MeetingPostponement) == 0


def test_part_2_cannot_start_before_the_meeting():
    meeting = published(part_1=False)
    later = meeting.starts_at + timedelta(days=1)
    error = refused(lambda: services.postpone_meeting(meeting, later, REASON, None, part2_starts_at=later - HOUR),
                    "part2_starts_at")
    assert "before the meeting starts" in str(error.message) or "회의 시작 전" in str(error.message)


def test_part_2_times_for_a_meeting_without_part_2_are_refused():
    meeting = published(part_2=False)
    later = meeting.starts_at + timedelta(days=1)
    refused(lambda: services.postpone_meeting(meeting, later, REASON, None, part2_starts_at=later + HOUR),
            "part2_starts_at")
    refused(lambda: services.postpone_meeting(meeting, later, REASON, None, part2_ends_at=later + HOUR),
            "part2_ends_at")
    assert meeting.part2_starts_at is None and meeting.postponements == []


@pytest.mark.parametrize("state", [S.DRAFT, S.LIVE, S.CLOSED, S.RECORD_FINAL, S.CANCELLED])
def test_only_a_published_meeting_is_postponed(state):
    meeting = meeting_in(state)
    before = times(meeting)
    error = refused(lambda: services.postpone_meeting(meeting, meeting.starts_at + timedelta(days=1), REASON, None))
    assert error.code == "conflict" and times(meeting) == before and meeting.postponements == []
    assert policies.may_postpone(meeting) is False


def test_postponing_is_announced_with_its_record():
    meeting = published()
    heard = []

    def receiver(sender, postponement, **_):
        heard.append((sender.id, postponement.starts_at))

    with signals.meeting_rescheduled.connected_to(receiver):
        postponement = services.postpone_meeting(meeting, meeting.starts_at + timedelta(days=1), REASON, None)
    assert heard == [(meeting.id, postponement.starts_at)]


def test_the_history_goes_with_its_meeting():
    meeting = published()
    services.postpone_meeting(meeting, meeting.starts_at + timedelta(days=1), REASON, None)
    db.session.flush()
    db.session.delete(meeting)
    db.session.flush()
    assert rows(MeetingPostponement) == 0


# --- what the refusals say ---------------------------------------------------------------------------

SAID = {
    "ko": ["연기는 회의를 지금 정해진 시작 시각보다 뒤로", "새 시작 시각은 지금 이후여야", "사유를 입력하세요",
           "최대 1000자", "공개되었고 아직 시작하지 않은 회의만 연기"],
    "en": ["later start than the one set now", "must be in the future", "Give the reason", "at most 1000 characters",
           "Only a published meeting that has not started can be postponed"],
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_refusals_speak_the_users_language(language):
    meeting = published()
    start = meeting.starts_at
    calls = [
        lambda: services.postpone_meeting(meeting, start, REASON, None),
        lambda: services.postpone_meeting(meeting, start + HOUR, REASON, None, now=start + timedelta(days=1)),
        lambda: services.move_meeting(meeting, S.CANCELLED, reason=""),
        lambda: services.postpone_meeting(meeting, start + HOUR, "가" * 1001, None),
        lambda: services.postpone_meeting(meeting_in(S.CLOSED), start + HOUR, REASON, None),
    ]
    with force_locale(language):
        messages = [_message(call) for call in calls]
        assert S.CANCELLED.label == {"ko": "취소됨", "en": "Cancelled"}[language]
    for message, expected in zip(messages, SAID[language]):
        assert expected in message


def _message(call) -> str:
    with pytest.raises(ServiceError) as error:
        call()
    return str(error.value.message)


@pytest.mark.parametrize("field", ["starts_at", "part2_starts_at", "part2_ends_at"])
def test_an_announced_meetings_times_do_not_change_silently(app_ctx, field):
    meeting = published()
    before = times(meeting)
    refused(lambda: services.update_meeting(meeting, **{field: getattr(meeting, field) + HOUR}), field)
    assert times(meeting) == before
    services.update_meeting(meeting, title="새 제목", starts_at=meeting.starts_at)  # the same time is no change
    assert meeting.title == "새 제목"
