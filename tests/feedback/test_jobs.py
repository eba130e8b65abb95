"""The queue of theme computations (participation/feedback/jobs.py, receivers.py): a change of an
item's approved comments asks for its themes in the same transaction; workers claim, complete, release."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from participation.comments import services
from participation.core.roles import Role
from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.feedback import jobs
from participation.feedback.models import ThemeJob
from participation.meetings.services import agenda_of
from tests import factories

pytestmark = pytest.mark.usefixtures("app_ctx")

LONG = timedelta(minutes=10)


@pytest.fixture
def item(items):
    return items[0]


@pytest.fixture
def moderator():
    user = factories.user(Role.MODERATOR)
    db.session.commit()
    return user


def queued() -> dict[int, ThemeJob]:
    db.session.expire_all()
    return {job.item_id: job for job in db.session.scalars(sa.select(ThemeJob))}


def drop_jobs() -> None:
    db.session.execute(sa.delete(ThemeJob))
    db.session.commit()


def test_approving_a_comment_asks_for_its_items_themes(item, moderator):
    comment = factories.comment(item, factories.user(Role.CITIZEN), "지하철 안내가 부족합니다.")
    db.session.commit()
    assert queued() == {}  # a pending comment changes no theme
    services.approve(comment, moderator)
    db.session.commit()
    assert list(queued()) == [item.id]


def test_the_request_is_rolled_back_with_the_approval(item, moderator):
    comment = factories.comment(item, factories.user(Role.CITIZEN))
    db.session.commit()
    services.approve(comment, moderator)
    db.session.rollback()
    assert queued() == {}


def test_rejecting_a_pending_comment_asks_for_nothing(item, moderator):
    comment = factories.comment(item, factories.user(Role.CITIZEN))
    db.session.commit()
    services.reject(comment, moderator, reason="spam")
    db.session.commit()
    assert queued() == {}


def test_hiding_an_approved_comment_asks_again(item, moderator):
    comment = factories.approved_comment(item, factories.user(Role.CITIZEN), moderator)
    db.session.commit()
    drop_jobs()
    services.report(comment, factories.user(Role.CITIZEN), "광고입니다")
    db.session.commit()
    assert queued() == {}  # reported, still approved
    services.hide(comment, moderator, reason="spam")
    db.session.commit()
    assert list(queued()) == [item.id]


def test_the_third_report_asks_again(item, moderator):
    comment = factories.approved_comment(item, factories.user(Role.CITIZEN), moderator)
    db.session.commit()
    drop_jobs()
    for _ in range(services.REPORTS_TO_HIDE):
        services.report(comment, factories.user(Role.CITIZEN), "욕설")
        db.session.commit()
    assert list(queued()) == [item.id]


def test_requests_for_one_item_are_one_row_whose_time_moves_on(item):
    jobs.request_themes(item.id)
    db.session.commit()
    first = queued()[item.id].requested_at
    jobs.request_themes(item.id)
    db.session.commit()
    rows = queued()
    assert list(rows) == [item.id] and rows[item.id].requested_at > first


def test_a_claim_takes_the_longest_waiting_job_once(item):
    other = agenda_of(item.meeting)[1]
    jobs.request_themes(other.id)
    db.session.commit()
    jobs.request_themes(item.id)
    db.session.commit()
    first = jobs.claim_next("w1", LONG)
    second = jobs.claim_next("w2", LONG)
    db.session.commit()
    assert (first.item_id, second.item_id) == (other.id, item.id)
    assert jobs.claim_next("w3", LONG) is None
    assert {job.claimed_by for job in queued().values()} == {"w1", "w2"}


def test_two_workers_at_once_never_take_the_same_job(app, item):
    jobs.request_themes(item.id)
    db.session.commit()
    start, claims = threading.Barrier(2), {}

    def claim(name: str) -> None:
        with app.app_context():
            start.wait()
            with write_transaction():
                claim_ = jobs.claim_next(name, LONG)
                db.session.commit()
            claims[name] = claim_
            db.session.remove()

    threads = [threading.Thread(target=claim, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = [claim_ for claim_ in claims.values() if claim_ is not None]
    assert len(claims) == 2 and len(taken) == 1
    assert queued()[item.id].claimed_by == taken[0].claimed_by


def test_a_stale_claim_is_taken_again(item):
    jobs.request_themes(item.id)
    db.session.commit()
    lost = jobs.claim_next("dead", LONG)
    db.session.commit()
    assert jobs.claim_next("alive", LONG) is None
    retaken = jobs.claim_next("alive", timedelta(0))
    db.session.commit()
    assert retaken.claimed_by == "alive"
    assert not jobs.still_claimed(lost) and jobs.still_claimed(retaken)
    assert not jobs.complete(lost)  # the dead worker's late completion deletes nothing
    db.session.commit()
    assert queued()[item.id].claimed_by == "alive"


def test_completing_deletes_the_job(item):
    jobs.request_themes(item.id)
    db.session.commit()
    claim = jobs.claim_next("w1", LONG)
    db.session.commit()
    assert jobs.complete(claim)
    db.session.commit()
    assert queued() == {}


def test_a_request_during_the_run_keeps_the_job_for_the_next_round(item):
    jobs.request_themes(item.id)
    db.session.commit()
    claim = jobs.claim_next("w1", LONG)
    db.session.commit()
    jobs.request_themes(item.id)  # a comment approved while the worker computes
    db.session.commit()
    assert not jobs.complete(claim)
    db.session.commit()
    job = queued()[item.id]
    assert job.claimed_at is None and job.claimed_by is None
    assert jobs.claim_next("w1", LONG).item_id == item.id


def test_a_released_job_is_claimable_and_skipped_items_are_not(item):
    jobs.request_themes(item.id)
    db.session.commit()
    claim = jobs.claim_next("w1", LONG)
    jobs.release(claim)
    db.session.commit()
    assert jobs.claim_next("w1", LONG, skip={item.id}) is None
    assert jobs.claim_next("w1", LONG).item_id == item.id


def test_pending_lists_the_items_with_a_job(item):
    jobs.request_themes(item.id)
    db.session.commit()
    assert jobs.pending([item.id, agenda_of(item.meeting)[1].id]) == {item.id}
    assert jobs.pending([]) == set()
