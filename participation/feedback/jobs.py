"""The queues of background computations, in the database: one row per agenda item whose themes
(`ThemeJob`, `feedback_theme_jobs`) or opinion map (`MapJob`, `feedback_map_jobs`) are out of date. The
web process asks (`request_themes`, `request_map`, inside the transaction that changed the item's
approved comments or votes); worker processes claim, compute and complete. Every function takes the
queue (the job model) and works the same on both.

Safe with several workers and any number of web processes, on SQLite and PostgreSQL:
- a request is one INSERT ... ON CONFLICT DO UPDATE, which moves `requested_at` on;
- a claim is one conditional UPDATE (the row must be unclaimed, or its claim stale), so of two workers
  only one takes an item; a claim older than `stale_after` (its worker died) is taken again;
- completing deletes the row only if no request came in since the claim (`requested_at` is still the
  one the claim saw) and the claim is still this one; otherwise it releases the row, which the next
  round takes again, so a comment approved during a computation is never left out. The comparison is
  of the stored value, not of clocks: web and worker machines need not agree on the time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from participation.core.db import utcnow
from participation.extensions import db
from participation.feedback.models import MapJob, ThemeJob
from participation.meetings.models import AgendaItem

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
Queue = type[ThemeJob] | type[MapJob]


@dataclass(frozen=True)
class Claim:
    """A worker's claim of a job, as the claiming UPDATE left the row: plain values that no later
    commit refreshes (the `requested_at` seen at the claim is what `complete` compares with)."""

    item_id: int
    requested_at: datetime
    claimed_at: datetime
    claimed_by: str
    queue: Queue = ThemeJob


def request(queue: Queue, item_id: int) -> None:
    """Ask for the item's computation to be done again (in the caller's transaction)."""
    now = utcnow()
    insert = _INSERTS[db.session.get_bind().dialect.name]
    stmt = insert(queue).values(item_id=item_id, requested_at=now)
    db.session.execute(stmt.on_conflict_do_update(index_elements=[queue.item_id],
                                                  set_={"requested_at": stmt.excluded.requested_at}))


def request_themes(item_id: int) -> None:
    """Ask for the item's themes to be computed again (in the caller's transaction)."""
    request(ThemeJob, item_id)


def request_map(item_id: int) -> None:
    """Ask for the item's opinion map to be computed again (in the caller's transaction)."""
    request(MapJob, item_id)


def _claimable(queue: Queue, now: datetime, stale_after: timedelta):
    return sa.or_(queue.claimed_at.is_(None), queue.claimed_at < now - stale_after)


def claim_next(worker_name: str, stale_after: timedelta, *, skip=frozenset(), queue: Queue = ThemeJob) -> Claim | None:
    """Claim the longest-waiting unclaimed (or stale) job, except the items in `skip`; None when there
    is none. The caller commits at once, so that other workers see the claim."""
    now = utcnow()
    oldest = (sa.select(queue.item_id).where(_claimable(queue, now, stale_after))
              .order_by(queue.requested_at, queue.item_id).limit(1))
    if skip:
        oldest = oldest.where(queue.item_id.not_in(sorted(skip)))
    # The condition is repeated outside the subquery: it is what a second worker, blocked on the
    # row until the first one commits, checks again against the row as the first one left it.
    claimed = db.session.execute(
        sa.update(queue)
        .where(queue.item_id == oldest.scalar_subquery(), _claimable(queue, now, stale_after))
        .values(claimed_at=now, claimed_by=worker_name[:100])
        .returning(queue.item_id, queue.requested_at, queue.claimed_at, queue.claimed_by)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    return Claim(*claimed, queue=queue) if claimed is not None else None


def _ours(claim: Claim):
    queue = claim.queue
    return sa.and_(queue.item_id == claim.item_id, queue.claimed_at == claim.claimed_at,
                   queue.claimed_by == claim.claimed_by)


def still_claimed(claim: Claim) -> bool:
    """Whether the claim is still the job's (no other worker took it again as stale)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(claim.queue).where(_ours(claim))) == 1


def complete(claim: Claim) -> bool:
    """End a run: delete the job, unless a newer request came in since the claim (then release it for
    the next round). True when it was deleted. In the caller's transaction."""
    deleted = db.session.execute(
        sa.delete(claim.queue).where(_ours(claim), claim.queue.requested_at == claim.requested_at)
        .execution_options(synchronize_session=False)).rowcount
    if not deleted:
        release(claim)
    return bool(deleted)


def release(claim: Claim) -> None:
    """Give the job back unfinished, if the claim is still this one (in the caller's transaction)."""
    db.session.execute(sa.update(claim.queue).where(_ours(claim))
                       .values(claimed_at=None, claimed_by=None).execution_options(synchronize_session=False))


def waiting(item_id, queue: Queue = ThemeJob):
    """As an SQL condition (`item_id` a column or value): the item's computation waits or is under way."""
    return sa.exists().where(queue.item_id == item_id)


def pending(item_ids, queue: Queue = ThemeJob) -> set[int]:
    """The items among `item_ids` whose computation waits (or is under way)."""
    if not item_ids:
        return set()
    return set(db.session.scalars(sa.select(queue.item_id).where(queue.item_id.in_(list(item_ids)))))


@dataclass(frozen=True)
class PendingItem:
    """An agenda item whose themes or opinion map (or both) wait for the worker, or are under way."""

    item_id: int
    position: int
    title: str
    themes: bool
    map: bool


def pending_for_meeting(meeting_id: int) -> list[PendingItem]:
    """The meeting's items with a computation waiting or under way, in agenda order (one query): what a
    snapshot taken now (the record's finalization) would freeze before the worker has caught up."""
    themes, map_ = (waiting(AgendaItem.id, queue) for queue in (ThemeJob, MapJob))
    rows = db.session.execute(sa.select(AgendaItem.id, AgendaItem.position, AgendaItem.title, themes, map_)
                              .where(AgendaItem.meeting_id == meeting_id, sa.or_(themes, map_))
                              .order_by(AgendaItem.position, AgendaItem.id))
    return [PendingItem(*row) for row in rows]
