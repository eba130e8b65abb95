"""The queue of theme computations, in the database (`feedback_theme_jobs`): one row per agenda item
whose themes are out of date. The web process asks (`request_themes`, inside the transaction that
changed the item's approved comments); worker processes claim, compute and complete.

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
from participation.feedback.models import ThemeJob

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True)
class Claim:
    """A worker's claim of a job, as the claiming UPDATE left the row: plain values that no later
    commit refreshes (the `requested_at` seen at the claim is what `complete` compares with)."""

    item_id: int
    requested_at: datetime
    claimed_at: datetime
    claimed_by: str


def request_themes(item_id: int) -> None:
    """Ask for the item's themes to be computed again (in the caller's transaction)."""
    now = utcnow()
    insert = _INSERTS[db.session.get_bind().dialect.name]
    stmt = insert(ThemeJob).values(item_id=item_id, requested_at=now)
    db.session.execute(stmt.on_conflict_do_update(index_elements=[ThemeJob.item_id],
                                                  set_={"requested_at": stmt.excluded.requested_at}))


def _claimable(now: datetime, stale_after: timedelta):
    return sa.or_(ThemeJob.claimed_at.is_(None), ThemeJob.claimed_at < now - stale_after)


def claim_next(worker_name: str, stale_after: timedelta, *, skip=frozenset()) -> Claim | None:
    """Claim the longest-waiting unclaimed (or stale) job, except the items in `skip`; None when there
    is none. The caller commits at once, so that other workers see the claim."""
    now = utcnow()
    oldest = (sa.select(ThemeJob.item_id).where(_claimable(now, stale_after))
              .order_by(ThemeJob.requested_at, ThemeJob.item_id).limit(1))
    if skip:
        oldest = oldest.where(ThemeJob.item_id.not_in(sorted(skip)))
    # The condition is repeated outside the subquery: it is what a second worker, blocked on the
    # row until the first one commits, checks again against the row as the first one left it.
    claimed = db.session.execute(
        sa.update(ThemeJob)
        .where(ThemeJob.item_id == oldest.scalar_subquery(), _claimable(now, stale_after))
        .values(claimed_at=now, claimed_by=worker_name[:100])
        .returning(ThemeJob.item_id, ThemeJob.requested_at, ThemeJob.claimed_at, ThemeJob.claimed_by)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    return Claim(*claimed) if claimed is not None else None


def _ours(claim: Claim):
    return sa.and_(ThemeJob.item_id == claim.item_id, ThemeJob.claimed_at == claim.claimed_at,
                   ThemeJob.claimed_by == claim.claimed_by)


def still_claimed(claim: Claim) -> bool:
    """Whether the claim is still the job's (no other worker took it again as stale)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(ThemeJob).where(_ours(claim))) == 1


def complete(claim: Claim) -> bool:
    """End a run: delete the job, unless a newer request came in since the claim (then release it for
    the next round). True when it was deleted. In the caller's transaction."""
    deleted = db.session.execute(
        sa.delete(ThemeJob).where(_ours(claim), ThemeJob.requested_at == claim.requested_at)
        .execution_options(synchronize_session=False)).rowcount
    if not deleted:
        release(claim)
    return bool(deleted)


def release(claim: Claim) -> None:
    """Give the job back unfinished, if the claim is still this one (in the caller's transaction)."""
    db.session.execute(sa.update(ThemeJob).where(_ours(claim))
                       .values(claimed_at=None, claimed_by=None).execution_options(synchronize_session=False))


def pending(item_ids) -> set[int]:
    """The items among `item_ids` whose themes wait for (or are in) a computation."""
    if not item_ids:
        return set()
    return set(db.session.scalars(sa.select(ThemeJob.item_id).where(ThemeJob.item_id.in_(list(item_ids)))))
