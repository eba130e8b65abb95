"""The dashboard's figures, counted in SQL, equal the numbers counted by hand on a fixture whose every
comment is listed below: per item, stance, phase, status, rejection reason, participant and agree."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from participation.comments import services as comments
from participation.comments.models import CommentStatus, Phase, RejectReason, Stance
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.extensions import db
from participation.feedback import aggregates
from participation.meetings.services import agenda_of
from tests import factories

LIVE_START = datetime(2026, 3, 5, 5, 0, tzinfo=timezone.utc)

# (item index, author index, stance, phase, outcome, agreed by author indexes, minute of the live session)
# outcome: "approved", "pending", "hidden", or a rejection reason.
FIXTURE = [
    (0, 0, "support", "before", "approved", [1, 2, 3], None),
    (0, 1, "oppose", "before", "approved", [0], None),
    (0, 1, "oppose", "live", "approved", [2, 3], 0),
    (0, 2, "question", "live", "approved", [], 0),
    (0, 2, "concern", "live", "off_topic", [], 1),
    (0, 3, "support", "live", "pending", [], 1),
    (0, 3, "support", "after", "spam", [], None),
    (1, 0, "question", "live", "approved", [1], 3),
    (1, 0, "question", "live", "approved", [], 3),
    (1, 4, "concern", "live", "abusive", [], 3),
    (1, 4, "concern", "after", "abusive", [], None),
    (1, 4, "suggestion", "after", "hidden", [], None),
    (1, 1, "concern", "after", "approved", [0, 2, 3, 4], None),
]


@pytest.fixture
def fixture(app_ctx):
    meeting = factories.meeting(published=True, items=3)
    items = agenda_of(meeting)
    people = [factories.user(Role.CITIZEN) for _ in range(5)]
    moderator = factories.user(Role.MODERATOR)
    for n, (item_i, author_i, stance, phase, outcome, agreed, minute) in enumerate(FIXTURE):
        comment, _ = comments.submit(items[item_i], Submitter(user=people[author_i]), body=f"의견 {n} 내용",
                                     stance=stance, client_key=f"k{n}")
        comment.phase = Phase(phase)
        if minute is not None:
            comment.created_at = LIVE_START + timedelta(minutes=minute, seconds=n)
        if outcome in ("approved", "hidden"):
            comments.approve(comment, moderator)
            for voter in agreed:
                comments.agree(comment, people[voter])
            if outcome == "hidden":  # three reports hide it until a moderator looks again
                for reporter in people[:3]:
                    comments.report(comment, reporter, "욕설")
        elif outcome != "pending":
            comments.reject(comment, moderator, reason=RejectReason(outcome))
    db.session.commit()
    return meeting, items


def test_totals_of_the_meeting(fixture):
    meeting, _ = fixture
    total = aggregates.meeting_feedback(meeting).total
    assert total.submitted == 13
    assert total.by_status == {CommentStatus.APPROVED: 7, CommentStatus.REJECTED: 4, CommentStatus.PENDING: 1,
                               CommentStatus.HIDDEN: 1}
    assert (total.approved, total.rejected, total.waiting) == (7, 4, 2)
    assert total.by_stance == {Stance.SUPPORT: 1, Stance.OPPOSE: 2, Stance.QUESTION: 3, Stance.CONCERN: 1}
    assert total.by_phase == {Phase.BEFORE: 2, Phase.LIVE: 4, Phase.AFTER: 1}
    assert total.rejected_by_reason == {RejectReason.OFF_TOPIC: 1, RejectReason.SPAM: 1, RejectReason.ABUSIVE: 2}
    assert total.participants == 5
    assert total.agrees == 3 + 1 + 2 + 1 + 4  # agrees on approved comments only
    assert [c.agree_count for c in total.top] == [4, 3, 2]


def test_per_item(fixture):
    meeting, items = fixture
    feedback = aggregates.meeting_feedback(meeting)
    first, second, third = (feedback.tally(item.id) for item in items)
    assert (first.submitted, first.approved, first.rejected, first.waiting) == (7, 4, 2, 1)
    assert first.by_stance == {Stance.SUPPORT: 1, Stance.OPPOSE: 2, Stance.QUESTION: 1}
    assert first.by_phase == {Phase.BEFORE: 2, Phase.LIVE: 2}
    assert first.rejected_by_reason == {RejectReason.OFF_TOPIC: 1, RejectReason.SPAM: 1}
    assert (first.participants, first.agrees) == (4, 6)
    assert (second.submitted, second.approved, second.rejected, second.waiting) == (6, 3, 2, 1)
    assert second.by_stance == {Stance.QUESTION: 2, Stance.CONCERN: 1}
    assert second.rejected_by_reason == {RejectReason.ABUSIVE: 2}
    assert (second.participants, second.agrees) == (3, 5)
    assert third.submitted == 0 and third.top == [] and third.participants == 0
    assert second.share(Stance.QUESTION) == pytest.approx(2 / 3)
    assert third.share(Stance.QUESTION) == 0


def test_top_comments_are_approved_ones_most_agreed_first(fixture):
    meeting, items = fixture
    tally = aggregates.meeting_feedback(meeting).tally(items[1].id)
    assert [(c.agree_count, c.stance) for c in tally.top] == [(4, Stance.CONCERN), (1, Stance.QUESTION),
                                                             (0, Stance.QUESTION)]
    assert [c.body for c in tally.top] == ["의견 12 내용", "의견 7 내용", "의견 8 내용"]
    brief = aggregates.item_tally(items[0])
    assert [c.body for c in brief.top] == ["의견 0 내용", "의견 2 내용", "의견 1 내용", "의견 3 내용"]


def test_standouts_rank_items_by_opposition_questions_and_concern(fixture):
    meeting, items = fixture
    standouts = aggregates.meeting_feedback(meeting).standouts()
    assert [(item.id, n) for item, n in standouts[Stance.OPPOSE]] == [(items[0].id, 2)]
    assert [(item.id, n) for item, n in standouts[Stance.QUESTION]] == [(items[1].id, 2), (items[0].id, 1)]
    assert [(item.id, n) for item, n in standouts[Stance.CONCERN]] == [(items[1].id, 1)]


def test_volume_per_minute_of_the_live_session_and_per_day(fixture):
    meeting, _ = fixture
    feedback = aggregates.meeting_feedback(meeting)
    assert feedback.per_minute == [(LIVE_START, 2), (LIVE_START + timedelta(minutes=1), 2),
                                   (LIVE_START + timedelta(minutes=3), 3)]
    assert sum(count for _, count in feedback.per_day) == 13
    assert ("2026-03-05", 7) in feedback.per_day


def test_an_item_of_another_meeting_is_not_counted(fixture):
    meeting, _ = fixture
    other = factories.meeting(published=True, items=1)
    factories.comment(agenda_of(other)[0], factories.user(Role.CITIZEN))
    db.session.commit()
    assert aggregates.meeting_feedback(meeting).total.submitted == 13
    assert aggregates.meeting_feedback(other).total.submitted == 1


def test_days_are_the_readers_days_not_utc_ones(fixture):
    """A comment at 08:30 in Seoul is still the evening before in UTC; the reader in Seoul sees it on its day."""
    from zoneinfo import ZoneInfo

    meeting, items = fixture
    early = factories.comment(items[2], factories.user(Role.CITIZEN))
    early.created_at = datetime(2026, 3, 4, 23, 30, tzinfo=timezone.utc)
    db.session.commit()
    seoul = dict(aggregates.meeting_feedback(meeting, ZoneInfo("Asia/Seoul")).per_day)
    utc = dict(aggregates.meeting_feedback(meeting).per_day)
    assert (seoul["2026-03-05"], utc["2026-03-05"], utc["2026-03-04"]) == (8, 7, 1)
    assert "2026-03-04" not in seoul
