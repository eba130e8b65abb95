"""Finalizing against a comment submitted at the same moment, on PostgreSQL with two connections.

Finalizing checks that no comment waits for a moderator, then closes the comments; both it and a
submission lock the meeting's row first (`meetings/locks.py`). Either the submission commits first, and
finalizing (which waited) finds its pending comment and refuses; or finalizing commits first, and the
submission (which waited) finds the meeting no longer takes comments. Never both. SQLite runs one writer
at a time (`core/transactions.py`), so this is PostgreSQL's test.
"""
from __future__ import annotations

import os
import threading
import time

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.comments import services as comments
from participation.comments.models import Comment, CommentStatus
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings.models import AgendaItem, Meeting, MeetingState
from participation.record import versions
from participation.record.models import RecordVersion
from tests.record import final_world

pytestmark = pytest.mark.services

WAIT = 1.0  # how long the second transaction is seen waiting for the first


@pytest.fixture
def race(app):
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_DATABASE_URL must name PostgreSQL on CI")
        pytest.skip("PostgreSQL only: SQLite runs one writer at a time")
    with app.app_context():
        world = final_world.build()
        return {"meeting": world.meeting.id, "item": world.items[1].id, "secretary": world.secretary.id,
                "citizen": world.citizen.id}


class Step(threading.Thread):
    """One transaction in a thread of its own (its own app context, session and connection): `work`
    runs, then the thread waits for `release` before committing; `outcome` is what `work` returned or
    the ServiceError it raised (then it rolls back)."""

    def __init__(self, app, work, release: threading.Event | None = None):
        super().__init__(daemon=True)
        self.app, self.work, self.release = app, work, release
        self.worked = threading.Event()
        self.outcome = None

    def run(self) -> None:
        with self.app.app_context():
            try:
                self.outcome = self.work()
                self.worked.set()
                if self.release is not None:
                    self.release.wait(10)
                db.session.commit()
            except ServiceError as error:
                self.outcome = error
                db.session.rollback()
            finally:
                self.worked.set()
                db.session.remove()


def _finalize(ids):
    def work():
        meeting = db.session.get(Meeting, ids["meeting"])
        return versions.finalize(meeting, db.session.get(User, ids["secretary"])).number
    return work


def _submit(ids, key: str):
    def work():
        item = db.session.get(AgendaItem, ids["item"])
        assert item.meeting.state is MeetingState.CLOSED  # read before the lock, as the page's own check reads it
        comment, created = comments.submit(item, comments.Submitter(user=db.session.get(User, ids["citizen"])),
                                           body="마지막 순간에 보낸 의견입니다", stance="support", client_key=key)
        return created
    return work


def _stored(app, ids):
    with app.app_context():
        state = db.session.get(Meeting, ids["meeting"]).state
        pending = db.session.scalar(sa.select(sa.func.count()).select_from(Comment).where(
            Comment.meeting_id == ids["meeting"], Comment.status == CommentStatus.PENDING))
        versions_ = db.session.scalar(sa.select(sa.func.count()).select_from(RecordVersion))
        db.session.remove()
        return state, pending, versions_


def _first_holds_the_second_waits(app, first_work, second_work):
    release = threading.Event()
    first = Step(app, first_work, release)
    first.start()
    assert first.worked.wait(10) and not isinstance(first.outcome, ServiceError), first.outcome
    second = Step(app, second_work)
    second.start()
    time.sleep(WAIT)
    waited = second.is_alive()  # blocked on the meeting's row while the first has not committed
    release.set()
    first.join(10)
    second.join(10)
    assert not first.is_alive() and not second.is_alive()
    return first, second, waited


def test_a_comment_submitted_while_finalizing_waits_and_is_refused(app, race):
    finalizing, submitting, waited = _first_holds_the_second_waits(app, _finalize(race), _submit(race, "late-1"))
    assert finalizing.outcome == 1
    assert waited, "the submission did not wait for the finalizing's lock"
    assert isinstance(submitting.outcome, ServiceError) and submitting.outcome.code == "closed"
    assert _stored(app, race) == (MeetingState.RECORD_FINAL, 0, 1)


def test_finalizing_while_a_comment_is_submitted_waits_and_refuses(app, race):
    submitting, finalizing, waited = _first_holds_the_second_waits(app, _submit(race, "early-1"), _finalize(race))
    assert submitting.outcome is True
    assert waited, "the finalizing did not wait for the submission's lock"
    assert isinstance(finalizing.outcome, ServiceError) and finalizing.outcome.code == "pending"
    assert _stored(app, race) == (MeetingState.CLOSED, 1, 0)


def test_two_comments_submitted_at_once_both_land(app, race):
    """The shared lock shuts no submission out: the second lands once the first commits (they queue only
    where the live events number them), and neither deadlocks."""
    first, second, _waited = _first_holds_the_second_waits(app, _submit(race, "side-1"), _submit(race, "side-2"))
    assert (first.outcome, second.outcome) == (True, True)
    assert _stored(app, race) == (MeetingState.CLOSED, 2, 0)
