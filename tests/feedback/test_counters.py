"""The counters kept by triggers equal a fresh GROUP BY over the comments after every kind of change:
the services' paths (submit, approve, reject, agree, report until hidden, dismiss), bulk UPDATEs that
bypass the ORM, a comment moved to another item, deleted comments and a deleted agenda item (a cascade).
"""
from __future__ import annotations

import os
import random
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from participation.comments import services as comments
from participation.comments.models import Comment, CommentStatus, RejectReason
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db
from participation.feedback import counters
from participation.feedback.models import CommentTally, CommentVolume, ParticipantCount, SubmitterCount
from participation.meetings.models import AgendaItem
from participation.meetings.services import agenda_of
from tests import factories

SEED = int(os.environ.get("COUNTERS_SEED", random.randrange(1_000_000)))


def _snapshot() -> dict:
    """Every counter row that counts something (a negative count included), as plain tuples."""
    db.session.flush()

    def rows(*columns, count):
        return sorted(map(tuple, db.session.execute(sa.select(*columns, count).where(count != 0))))

    return {
        "tallies": rows(CommentTally.item_id, CommentTally.status, CommentTally.stance, CommentTally.phase,
                        CommentTally.reason, CommentTally.meeting_id, CommentTally.agrees, count=CommentTally.comments),
        "submitters": rows(SubmitterCount.meeting_id, SubmitterCount.item_id, SubmitterCount.submitter_key,
                           count=SubmitterCount.comments),
        "participants": rows(ParticipantCount.meeting_id, ParticipantCount.item_id,
                             count=ParticipantCount.participants),
        "volume": rows(CommentVolume.meeting_id, CommentVolume.phase, CommentVolume.minute,
                       count=CommentVolume.comments),
    }


def _assert_counters_match_a_recount() -> None:
    kept = _snapshot()
    counters.recount(db.session.connection())
    recounted = _snapshot()
    assert kept == recounted, f"seed {SEED}: kept {kept}, recounted {recounted}"


class History:
    """Random changes to the comments of one meeting, through every path that changes them."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.meeting = factories.meeting(published=True, items=3)
        self.people = [factories.user(Role.CITIZEN) for _ in range(6)]
        self.moderator = factories.user(Role.MODERATOR)
        self.sent = 0

    def _comment(self, status: CommentStatus | None = None) -> Comment | None:
        stmt = sa.select(Comment).where(Comment.meeting_id == self.meeting.id)
        if status is not None:
            stmt = stmt.where(Comment.status == status)
        found = list(db.session.scalars(stmt.order_by(Comment.id)))
        return self.rng.choice(found) if found else None

    def submit(self):
        items = agenda_of(self.meeting)
        self.sent += 1
        comments.submit(self.rng.choice(items), Submitter(user=self.rng.choice(self.people)),
                        body=f"의견 {self.sent}", stance=self.rng.choice(["support", "oppose", "question", "concern"]),
                        client_key=f"k{self.sent}")

    def approve(self):
        if comment := self._comment(CommentStatus.PENDING):
            comments.approve(comment, self.moderator)

    def reject(self):
        if comment := self._comment(CommentStatus.PENDING):
            comments.reject(comment, self.moderator, reason=self.rng.choice(list(RejectReason)))

    def agree(self):
        if comment := self._comment(CommentStatus.APPROVED):
            comments.agree(comment, self.rng.choice(self.people))

    def report(self):
        if comment := self._comment(CommentStatus.APPROVED):
            comments.report(comment, self.rng.choice(self.people), "부적절")

    def dismiss(self):
        reported = [c for c in db.session.scalars(sa.select(Comment).where(Comment.report_count > 0,
                                                                            Comment.status == CommentStatus.APPROVED))]
        if reported:
            comments.dismiss_reports(self.rng.choice(reported), self.moderator)

    def bulk_agrees(self):  # an UPDATE that no ORM event sees
        db.session.execute(sa.update(Comment).where(Comment.meeting_id == self.meeting.id,
                                                    Comment.status == CommentStatus.APPROVED)
                           .values(agree_count=Comment.agree_count + 2))

    def move(self):
        if comment := self._comment():
            comment.item_id = self.rng.choice(agenda_of(self.meeting)).id

    def delete(self):
        if comment := self._comment():
            db.session.delete(comment)

    def step(self):
        action = self.rng.choice([self.submit] * 4 + [self.approve] * 3 + [
            self.reject, self.agree, self.agree, self.report, self.dismiss, self.bulk_agrees, self.move, self.delete])
        try:
            with db.session.begin_nested():
                action()
        except ServiceError:  # a refusal (already agreed, own comment, ...) changes nothing
            pass


def test_counters_follow_every_path_of_change(app_ctx):
    rng = random.Random(SEED)
    history = History(rng)
    for n in range(160):
        history.step()
        if n % 20 == 19:
            _assert_counters_match_a_recount()
    db.session.commit()
    _assert_counters_match_a_recount()
    assert _snapshot()["tallies"], "the history made no comment at all"


def test_deleting_an_agenda_item_takes_its_counts_out_of_the_meeting(app_ctx):
    history = History(random.Random(SEED))
    for _ in range(40):
        history.step()
    db.session.commit()
    doomed = agenda_of(history.meeting)[0]
    db.session.execute(sa.delete(AgendaItem).where(AgendaItem.id == doomed.id))  # the cascade deletes its comments
    db.session.commit()
    kept = _snapshot()
    assert all(row[0] != doomed.id for row in kept["tallies"])
    _assert_counters_match_a_recount()


def test_recount_repairs_counters_that_were_tampered_with(app_ctx):
    history = History(random.Random(SEED))
    for _ in range(30):
        history.step()
    history.submit()
    db.session.commit()
    right = _snapshot()
    db.session.execute(sa.update(CommentTally).values(comments=CommentTally.comments + 5))
    assert _snapshot() != right
    counters.recount(db.session.connection())
    assert _snapshot() == right


def _row(meeting, item, key: str, who: str) -> dict:
    return {"meeting_id": meeting.id, "item_id": item.id, "submitter_key": who, "client_key": key, "body": "b",
            "public_body": "b", "stance": "support", "phase": "before", "status": "approved", "agree_count": 1,
            "report_count": 0, "created_at": datetime(2026, 3, 5, 5, 0, tzinfo=timezone.utc)}


def test_one_statement_of_many_rows_counts_each_participant_once(app_ctx):
    """PostgreSQL runs row triggers after the whole statement, each seeing every row of it: a multi-row
    INSERT, a bulk move and a cascade must still count a submitter of two comments once."""
    meeting = factories.meeting(published=True, items=2)
    first, second = agenda_of(meeting)
    db.session.execute(sa.insert(Comment), [_row(meeting, first, "a", "u:1"), _row(meeting, first, "b", "u:1"),
                                            _row(meeting, first, "c", "u:2")])
    _assert_counters_match_a_recount()
    participants = dict(db.session.execute(sa.select(ParticipantCount.item_id, ParticipantCount.participants)).all())
    assert participants == {first.id: 2, 0: 2}
    db.session.execute(sa.update(Comment).where(Comment.item_id == first.id).values(item_id=second.id))
    _assert_counters_match_a_recount()
    db.session.execute(sa.delete(AgendaItem).where(AgendaItem.id == second.id))  # cascades to the three
    _assert_counters_match_a_recount()
    assert _snapshot()["participants"] == []


@pytest.mark.parametrize("status", [CommentStatus.PENDING])
def test_a_new_comment_counts_at_once(app_ctx, status):
    meeting = factories.meeting(published=True, items=1)
    item = agenda_of(meeting)[0]
    factories.comment(item, factories.user(Role.CITIZEN))
    row = db.session.scalars(sa.select(CommentTally).where(CommentTally.item_id == item.id)).one()
    assert (row.status, row.comments, row.meeting_id) == (status, 1, meeting.id)
