"""What comments do when an account is deleted or its data exported (accounts/deletion.py announces both).

On `signals.user_deleted`, in the deletion's transaction:
- the comments still waiting for a moderator (pending, or hidden after reports) are withdrawn: status
  `withdrawn`, text erased, by a compare-and-set update, so a moderator deciding one at the same moment
  either decided it first (it stays decided) or finds it withdrawn; the queue and every figure drop them
  (the feedback counters follow by their triggers), and `signals.comment_withdrawn` tells the moderators;
- the text of the rejected ones, never published, is erased too (their reasons stay counted);
- the approved comments stay as they are: the record's, under the neutral label (`Comment.author_name`);
- the votes stay counted but no longer name the account: `user_id` NULL, and one random voter key for all
  of them instead of `u:<id>` (`signals.votes_unlinked`: the opinion maps are computed again);
- the consents go with the account (comments/consents.py); the reports stay, with the comment counts they
  make, tied to an account that no longer holds a name, an address or a password.

On `signals.account_data_requested`: the person's comments (status, reason, the moderator's note on a
rejection), votes, reports and consents, and nothing of anybody else (no moderator's name, no reply).

Connected explicitly by `connect()`, which the application factory calls.
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus, Report, Vote
from participation.comments.services import Submitter
from participation.core import signals
from participation.extensions import db

WAITING = (CommentStatus.PENDING, CommentStatus.HIDDEN)
FORMER_VOTER_PREFIX = "x:"  # a deleted account's votes: neither "u:<id>" nor a guest's "g:<id>"


def _withdraw_waiting(user: User) -> list[int]:
    return list(db.session.scalars(
        sa.update(Comment).where(Comment.author_id == user.id, Comment.status.in_(WAITING))
        .values(status=CommentStatus.WITHDRAWN, body="", public_body="")
        .returning(Comment.id).execution_options(synchronize_session=False)))


def _erase_rejected(user: User) -> None:
    db.session.execute(
        sa.update(Comment).where(Comment.author_id == user.id, Comment.status == CommentStatus.REJECTED)
        .values(body="", public_body="").execution_options(synchronize_session=False))


def _unlink_votes(user: User) -> list[int]:
    """The votes stay, under a random key; the items they were on (their maps change)."""
    mine = sa.or_(Vote.voter_key == Submitter(user=user).key, Vote.user_id == user.id)
    item_ids = sorted(db.session.scalars(
        sa.select(Comment.item_id).join(Vote, Vote.comment_id == Comment.id).where(mine).distinct()))
    if item_ids:
        db.session.execute(sa.update(Vote).where(mine)
                           .values(voter_key=FORMER_VOTER_PREFIX + secrets.token_urlsafe(24), user_id=None)
                           .execution_options(synchronize_session=False))
    return item_ids


def _erase_consents(user: User) -> None:
    from participation.comments.consents import Consent

    db.session.execute(sa.delete(Consent).where(Consent.user_id == user.id)
                       .execution_options(synchronize_session=False))


def _forget_changed_rows() -> None:
    """The bulk updates above changed rows the session may hold: read them again when next used."""
    for held in list(db.session.identity_map.values()):
        if isinstance(held, (Comment, Vote)):
            db.session.expire(held)


def _on_user_deleted(user: User, **_) -> None:
    withdrawn_ids = _withdraw_waiting(user)
    _erase_rejected(user)
    item_ids = _unlink_votes(user)
    _erase_consents(user)
    _forget_changed_rows()
    for comment in db.session.scalars(sa.select(Comment).where(Comment.id.in_(withdrawn_ids)).order_by(Comment.id)):
        signals.comment_withdrawn.send(comment)
    if item_ids:
        signals.votes_unlinked.send(user, item_ids=item_ids)


def _moment(value) -> str | None:
    return value.isoformat() if value is not None else None


def _comment_data(comment: Comment) -> dict:
    rejected = comment.status is CommentStatus.REJECTED
    return {
        "id": comment.id, "meeting_id": comment.meeting_id, "meeting_title": comment.meeting.title,
        "item_id": comment.item_id, "item_title": comment.item.title, "anchor": comment.anchor,
        "stance": comment.stance.value, "phase": comment.phase.value,
        "status": comment.status.value, "status_label": comment.status.label,
        "body": comment.body, "public_body": comment.public_body,
        "reject_reason": comment.reject_reason.value if rejected and comment.reject_reason else None,
        "reject_reason_label": comment.reject_reason.label if rejected and comment.reject_reason else None,
        "moderator_note": comment.moderator_note if rejected else None,
        "created_at": _moment(comment.created_at), "decided_at": _moment(comment.decided_at),
        "licence": comment.licence, "votes": comment.vote_counts,
    }


def export_sections(user: User, **_) -> dict:
    """The person's comments, votes and reports, oldest first."""
    comments = db.session.scalars(
        sa.select(Comment).where(Comment.author_id == user.id)
        .options(selectinload(Comment.meeting), selectinload(Comment.item))
        .order_by(Comment.created_at, Comment.id))
    votes = db.session.scalars(sa.select(Vote).where(Vote.voter_key == Submitter(user=user).key)
                               .order_by(Vote.created_at, Vote.comment_id))
    reports = db.session.scalars(sa.select(Report).where(Report.user_id == user.id)
                                 .order_by(Report.created_at, Report.comment_id))
    return {
        "comments": [_comment_data(comment) for comment in comments],
        "votes": [{"comment_id": v.comment_id, "choice": v.choice.value, "phase": v.phase.value,
                   "created_at": _moment(v.created_at), "updated_at": _moment(v.updated_at)} for v in votes],
        "reports": [{"comment_id": r.comment_id, "reason": r.reason, "created_at": _moment(r.created_at)}
                    for r in reports],
    }


def export_consents(user: User, **_) -> dict:
    """The versions of the consent text the person accepted, when and in which language."""
    from participation.comments.consents import Consent

    rows = db.session.scalars(sa.select(Consent).where(Consent.user_id == user.id)
                              .order_by(Consent.accepted_at, Consent.id))
    return {"consents": [{"text_version": c.text_version, "locale": c.locale,
                          "accepted_at": _moment(c.accepted_at)} for c in rows]}


RECEIVERS = (
    (signals.user_deleted, _on_user_deleted),
    (signals.account_data_requested, export_sections),
    (signals.account_data_requested, export_consents),
)


def connect() -> None:
    """Connect every receiver (idempotent: blinker keeps one connection per receiver)."""
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)
