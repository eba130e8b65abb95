"""Simulated voters, so that the demo's opinion maps mean something to a first visitor: a few hundred
participants vote agree, disagree or pass on the approved comments of the demo's meetings, drawn with a
fixed random seed from two camps planted in them.

- Camp A wants the services (agrees with supporting and suggesting comments, disagrees with opposing and
  concerned ones), camp B is worried about privacy and cost (the reverse); a few are undecided. Everybody
  mostly agrees with the questions, which therefore come out as consensus.
- The held 2016 meeting took no guests: its voters are simulated citizen accounts (`SIMULATED_ACCOUNTS`,
  with a password nobody knows). The 2017 meeting takes guests: the same accounts and as many guests again.
- Each participant votes on most of an item's comments (always more than the map's threshold of 7 where
  the item has that many), never on their own, dated between the comment's approval and the end of its
  meeting's timeline, with the comment's phase.

The votes are written in bulk (thousands: the services would take seconds), then each comment's counts
are set from them in one UPDATE, which the feedback counters' triggers follow.
"""
from __future__ import annotations

import random
import secrets
from datetime import datetime

import sqlalchemy as sa

from participation.accounts.models import User, UserRole
from participation.accounts.passwords import hash_password
from participation.comments.models import VOTE_COUNTERS, Comment, CommentStatus, Stance, Vote, VoteChoice
from participation.core.roles import Role
from participation.extensions import db
from participation.feedback import jobs
from participation.meetings.models import Meeting

SIMULATED_ACCOUNTS = 120
GUESTS = {"2017-1": 180}  # meetings that take guests: their simulated guests
SEED = 2017
CAMPS = (("A", 0.45), ("B", 0.42), ("undecided", 0.13))
VOTING_SHARE = 0.8  # of an item's comments a participant votes on

_A_SIDE = {Stance.SUPPORT, Stance.SUGGESTION}
_B_SIDE = {Stance.OPPOSE, Stance.CONCERN}
# (agree, disagree, pass) probabilities of a camp for a comment on its side, on the other side, a question.
_LEANINGS = {
    "own": (0.82, 0.08, 0.10),
    "other": (0.12, 0.75, 0.13),
    "undecided": (0.40, 0.30, 0.30),
    "question": (0.72, 0.10, 0.18),
}
_CHOICES = (VoteChoice.AGREE, VoteChoice.DISAGREE, VoteChoice.PASS)


def simulated_accounts() -> list[int]:
    """Create the simulated citizens (in bulk, one password hash for all); their user ids."""
    password_hash = hash_password(secrets.token_urlsafe(24))
    rows = [{"email": f"voter{n:03d}@simulated.example.org", "display_name": f"모의시민{n:03d}",
             "password_hash": password_hash, "locale": "ko", "session_token": secrets.token_hex(16)}
            for n in range(1, SIMULATED_ACCOUNTS + 1)]
    ids = list(db.session.scalars(sa.insert(User).returning(User.id), rows))
    db.session.execute(sa.insert(UserRole), [{"user_id": user_id, "role": Role.CITIZEN} for user_id in ids])
    return ids


def _leaning(camp: str, stance: Stance) -> tuple[float, float, float]:
    if stance is Stance.QUESTION:
        return _LEANINGS["question"]
    if camp == "undecided":
        return _LEANINGS["undecided"]
    on_a_side = stance in _A_SIDE
    return _LEANINGS["own"] if on_a_side == (camp == "A") else _LEANINGS["other"]


def _participants(key: str, account_ids: list[int], rng: random.Random) -> list[tuple[str, int | None, str]]:
    """(voter key, user id or None, camp) of everybody who votes on the meeting."""
    voters = [(f"u:{user_id}", user_id) for user_id in account_ids]
    voters += [(f"g:demo-voter-{n:03d}", None) for n in range(1, GUESTS.get(key, 0) + 1)]
    names, weights = zip(*CAMPS)
    return [(voter_key, user_id, rng.choices(names, weights)[0]) for voter_key, user_id in voters]


def cast(meeting: Meeting, key: str, account_ids: list[int], until: datetime) -> int:
    """The simulated participants' votes on the meeting's approved comments; how many were cast."""
    rng = random.Random(f"{SEED}-{key}")
    comments = list(db.session.scalars(sa.select(Comment).where(
        Comment.meeting_id == meeting.id, Comment.status == CommentStatus.APPROVED).order_by(Comment.id)))
    rows = []
    for voter_key, user_id, camp in _participants(key, account_ids, rng):
        for comment in comments:
            if comment.submitter_key == voter_key or rng.random() > VOTING_SHARE:
                continue
            start = comment.decided_at or comment.created_at
            at = start + (max(until, start) - start) * rng.random()
            choice = rng.choices(_CHOICES, _leaning(camp, comment.stance))[0]
            rows.append({"comment_id": comment.id, "voter_key": voter_key, "user_id": user_id, "choice": choice,
                         "phase": comment.phase, "created_at": at, "updated_at": at})
    if rows:
        db.session.execute(sa.insert(Vote), rows)
        _count(meeting)
        for item_id in sorted({comment.item_id for comment in comments}):
            jobs.request_map(item_id)  # the worker draws the maps (services.vote's signal would ask the same)
    return len(rows)


def _count(meeting: Meeting) -> None:
    """Each comment's vote counts from its votes (the demo citizens' agrees included)."""
    def counted(choice: VoteChoice):
        return (sa.select(sa.func.count()).where(Vote.comment_id == Comment.id, Vote.choice == choice)
                .scalar_subquery())

    db.session.execute(sa.update(Comment).where(Comment.meeting_id == meeting.id)
                       .values({VOTE_COUNTERS[choice]: counted(choice) for choice in VoteChoice})
                       .execution_options(synchronize_session=False))
    db.session.expire_all()
