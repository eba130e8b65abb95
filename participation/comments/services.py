"""Comment use cases, shared by the HTML form, the live socket and the API. Never commit.

Moderation decisions are compare-and-set updates (`... WHERE status IN (...)`), so two moderators,
in one process or several, can never both decide the same comment. Votes and reports count only while
the comment is approved in the database, by the same kind of update.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.accounts.services import display_name_reserved
from participation.comments import consents, personal_data, policies
from participation.comments.models import (
    BODY_MAX, CLIENT_KEY_MAX, NICKNAME_MAX, NOTE_MAX, VOTE_COUNTERS, Comment, CommentStatus, ModerationAction,
    ModerationDecision, Phase, RejectReason, Reply, Report, Stance, Vote, VoteChoice,
)
from participation.core import ratelimit, signals
from participation.core.db import utcnow
from participation.core.services import NotFound, ServiceError, checked_text, is_id, is_whole_number, require
from participation.core.text import ANCHOR_PATTERN
from participation.extensions import db
from participation.meetings import policies as meeting_policies
from participation.meetings.locks import lock_meeting
from participation.meetings.models import AgendaItem, Material, MaterialVersion

CLIENT_KEY = re.compile(r"[A-Za-z0-9_.:-]{1,%d}" % CLIENT_KEY_MAX)
REPORTS_TO_HIDE = 3


@dataclass(frozen=True)
class Submitter:
    """Who submits: a logged-in user, or a guest with a nickname and a session-bound guest id."""

    user: User | None = None
    guest_id: str | None = None
    nickname: str | None = None

    @classmethod
    def of(cls, user, guest_id: str | None = None, nickname: str | None = None) -> "Submitter":
        """The logged-in `user`, or a guest when `user` is anonymous."""
        if user is not None and user.is_authenticated:
            return cls(user=user)
        return cls(guest_id=guest_id, nickname=nickname)

    @property
    def key(self) -> str:
        return f"u:{self.user.id}" if self.user else f"g:{self.guest_id}"


def _choice(enum_cls, value, field: str):
    try:
        return enum_cls(value)
    except (ValueError, TypeError):
        raise ServiceError(_l("Choose one of: %(choices)s.", choices=", ".join(m.label for m in enum_cls)),
                           field=field) from None


def _check_anchor(item: AgendaItem, anchor) -> str | None:
    if anchor in (None, ""):
        return None
    if not isinstance(anchor, str) or not ANCHOR_PATTERN.fullmatch(anchor):
        raise ServiceError(_l("Unknown paragraph."), field="anchor")
    exists = db.session.scalar(
        sa.select(MaterialVersion.id).join(Material)
        .where(Material.meeting_id == item.meeting_id, MaterialVersion.html.contains(f'id="{anchor}"')).limit(1)
    )
    if exists is None:  # well-formed but unknown: `not_found`, like any unknown id (docs/realtime.md)
        raise NotFound(_l("Unknown paragraph."), field="anchor")
    return anchor


def get_comment(comment_id, user) -> Comment:
    """The comment, unless it does not exist or belongs to a meeting `user` may not see."""
    comment = db.session.get(Comment, comment_id) if is_id(comment_id) else None
    if comment is None or not policies.may_see(user, comment):
        raise NotFound(_l("Unknown comment."), field="comment_id")
    return comment


def check_may_comment(item: AgendaItem, submitter: Submitter) -> None:
    """Refuse unless the submitter may comment on the item's meeting now."""
    meeting = item.meeting
    if not meeting_policies.takes_comments(meeting):
        raise ServiceError(_l("This meeting does not take comments now."), code="closed")
    if submitter.user is None and not meeting.allow_guest_comments:
        raise ServiceError(_l("Log in to comment on this meeting."), code="unauthorized")
    require(policies.may_comment(submitter.user, meeting), submitter.user, _l("Only citizens can comment."))


def check_rate(submitter: Submitter, remote_addr: str | None) -> None:
    """Refuse when the submitter (a guest also by address) comments faster than the configured limits."""
    if submitter.user is not None:
        wait = ratelimit.hit("COMMENT_RATE_LIMIT", submitter.key)
    else:
        wait = ratelimit.hit("GUEST_COMMENT_RATE_LIMIT", submitter.key) or \
            ratelimit.hit("GUEST_COMMENT_RATE_LIMIT", f"addr:{remote_addr}")
    if wait:
        raise ServiceError(_l("You are commenting too fast. Try again in %(s)s seconds.", s=wait), code="rate_limited")


def submit(item: AgendaItem, submitter: Submitter, *, body, stance, client_key, anchor=None,
           remote_addr: str | None = None, now: datetime | None = None,
           consent: str | None = None) -> tuple[Comment, bool]:
    """Store a pending comment; `(comment, created)`. The same client_key returns the first comment
    (a client resending after a lost acknowledgement), without counting against the rate limit; so does
    a refused comment. `now` dates it (a loader's; by default the present), as the other use cases'.
    A first comment needs the submitter's consent (consents.py): `consent` is the version of the consent
    text they agreed to with this comment (None when they did not), stored with the comment; without the
    current version's acceptance, before or now, it is refused (`consent_required`)."""
    if not isinstance(client_key, str) or not CLIENT_KEY.fullmatch(client_key):
        raise ServiceError(_l("A client key of 1 to 64 letters, digits or _.:- is required."), field="client_key")
    existing = db.session.scalar(sa.select(Comment).where(Comment.submitter_key == submitter.key,
                                                          Comment.client_key == client_key))
    if existing is not None:
        return existing, False
    # Shared-locked until the commit and read afresh: finalizing the record locks the meeting's row too
    # (meetings/locks.py), so this comment lands before its check or finds the comments closed.
    lock_meeting(item.meeting, shared=True)
    check_may_comment(item, submitter)
    phase = policies.phase_of(item.meeting)
    text = checked_text(body, "body", BODY_MAX, empty_message=_l("Write your comment."))
    stance = _choice(Stance, stance, "stance")
    anchor = _check_anchor(item, anchor)
    nickname = None
    if submitter.user is None:
        nickname = _guest_nickname(submitter.nickname)
    consenting = check_consent(submitter, consent)
    # Counted last: a refused comment changes nothing, not even the count of the submitter's comments.
    check_rate(submitter, remote_addr)
    if consenting:  # in the comment's transaction: both are stored, or neither
        consents.record_consent(**_consent_owner(submitter), now=now)
    comment = Comment(
        meeting_id=item.meeting_id, item_id=item.id, anchor=anchor, author_id=submitter.user.id if submitter.user else None,
        guest_name=nickname, submitter_key=submitter.key, client_key=client_key, body=text,
        public_body=personal_data.mask(text, personal_data.find(text)), stance=stance, phase=phase,
        status=CommentStatus.PENDING, created_at=now or utcnow(), licence=current_app.config["DATA_LICENCE"]["id"],
    )
    try:
        with db.session.begin_nested():
            db.session.add(comment)
    except IntegrityError:  # the same client_key, raced in from another connection
        existing = db.session.scalar(sa.select(Comment).where(Comment.submitter_key == submitter.key,
                                                              Comment.client_key == client_key))
        if existing is None:
            raise
        return existing, False
    signals.comment_submitted.send(comment)
    return comment, True


def _consent_owner(submitter: Submitter) -> dict:
    """Whose consent a submitter's is: the account's, or the guest session's (its `Submitter.key`)."""
    return {"user_id": submitter.user.id} if submitter.user else {"guest_key": submitter.key}


def check_consent(submitter: Submitter, consent: str | None = None) -> bool:
    """Refuse (`consent_required`) unless the submitter accepted the current consent text before or
    accepts it with `consent` (the version they agreed to); stores nothing. True when the acceptance is
    given now and must be stored with the comment."""
    return consents.check(**_consent_owner(submitter), accepted=consent)


def needs_consent(submitter_key: str | None) -> bool:
    """Whether the participant of `submitter_key` (None: a visitor not yet known) must still accept the
    current consent text before commenting: what the comment forms ask."""
    return not consents.has_consented_key(submitter_key)


def _guest_nickname(value) -> str:
    nickname = checked_text(value, "nickname", NICKNAME_MAX, empty_message=_l("Choose a nickname."), name=True)
    if display_name_reserved(nickname):
        raise ServiceError(_l("This name belongs to a member or staff of the committee. Choose another."),
                           field="nickname")
    return nickname


def _decide(comment: Comment, moderator: User, target: CommentStatus, now: datetime | None = None, **values) -> None:
    """Compare-and-set: only a pending (or hidden, for a second look) comment can be decided."""
    update = (
        sa.update(Comment)
        .where(Comment.id == comment.id, Comment.status.in_([CommentStatus.PENDING, CommentStatus.HIDDEN]))
        .values(status=target, decided_by_id=moderator.id, decided_at=now or utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    # A decision runs in a write unit (core/transactions.py): on SQLite its transaction began with the
    # write lock, so it never writes from a snapshot older than another decision's commit.
    result = db.session.execute(update)
    db.session.refresh(comment)
    if result.rowcount != 1:
        who = comment.decided_by.display_name if comment.decided_by else "?"
        raise ServiceError(_l("Already decided by %(name)s.", name=who), code="already_decided")


def _redacted_body(comment: Comment, redactions) -> str:
    if redactions in (None, []):
        return comment.public_body
    if not isinstance(redactions, list) or len(redactions) > 50:
        raise ServiceError(_l("Redactions must be a list of [start, end] pairs."), field="redactions")
    spans = []
    for pair in redactions:
        if (not isinstance(pair, (list, tuple)) or len(pair) != 2
                or not all(is_whole_number(x) for x in pair)
                or not 0 <= pair[0] < pair[1] <= len(comment.body)):
            raise ServiceError(_l("Each redaction is [start, end] within the comment."), field="redactions")
        spans.append((pair[0], pair[1]))
    return personal_data.mask(comment.public_body, spans)


def _note(note) -> str | None:
    if note in (None, ""):
        return None
    return checked_text(note, "note", NOTE_MAX, empty_message=_l("Write a note."))


def approve(comment: Comment, moderator: User, *, redactions=None, note=None, now: datetime | None = None) -> Comment:
    """Approve a pending or hidden comment, masking `redactions` ([start, end] spans of the body)."""
    require(policies.may_moderate(moderator, comment.meeting), moderator)
    public_body = _redacted_body(comment, redactions)
    note = _note(note)
    if redactions and not note:
        raise ServiceError(_l("Say why you redact."), field="note")
    # report_count restarts: after a second look, three new reports are needed to hide it again.
    _decide(comment, moderator, CommentStatus.APPROVED, now, public_body=public_body, reject_reason=None,
            moderator_note=note, report_count=0)
    _log(comment, moderator, ModerationAction.APPROVE, note=note, now=now)
    signals.comment_decided.send(comment, action=ModerationAction.APPROVE)
    return comment


def reject(comment: Comment, moderator: User, *, reason, note=None, now: datetime | None = None) -> Comment:
    """Reject with a reason from the published policy; `other` needs a note."""
    require(policies.may_moderate(moderator, comment.meeting), moderator)
    reason = _choice(RejectReason, reason, "reason")
    note = _note(note)
    if reason is RejectReason.OTHER and not note:
        raise ServiceError(_l("Explain the reason in a note."), field="note")
    _decide(comment, moderator, CommentStatus.REJECTED, now, reject_reason=reason, moderator_note=note)
    _log(comment, moderator, ModerationAction.REJECT, reason=reason, note=note, now=now)
    signals.comment_decided.send(comment, action=ModerationAction.REJECT)
    return comment


def hide(comment: Comment, moderator: User, *, reason, note=None) -> Comment:
    """Take a reported approved comment off the public pages, with a reason from the published policy
    (`other` needs a note), as a rejection: its author sees the reason, the figures count it rejected."""
    require(policies.may_moderate(moderator, comment.meeting), moderator)
    reason = _choice(RejectReason, reason, "reason")
    note = _note(note)
    if reason is RejectReason.OTHER and not note:
        raise ServiceError(_l("Explain the reason in a note."), field="note")
    _decide_reports(comment, status=CommentStatus.REJECTED, reject_reason=reason, moderator_note=note,
                    decided_by_id=moderator.id, decided_at=utcnow())
    _log(comment, moderator, ModerationAction.HIDE, reason=reason, note=note)
    signals.comment_decided.send(comment, action=ModerationAction.HIDE)
    return comment


def dismiss_reports(comment: Comment, moderator: User, *, note=None) -> Comment:
    """Keep a reported comment published: its reports no longer count (the reporters cannot report it
    again), so three new reports are needed to hide it, as after a second look."""
    require(policies.may_moderate(moderator, comment.meeting), moderator)
    note = _note(note)
    _decide_reports(comment, report_count=0)
    _log(comment, moderator, ModerationAction.DISMISS_REPORTS, note=note)
    signals.comment_reports_dismissed.send(comment, moderator=moderator)
    return comment


def _decide_reports(comment: Comment, **values) -> None:
    """Compare-and-set on the reports of a comment: it must still be approved with reports no moderator
    has decided on, so of two moderators deciding them only the first succeeds."""
    result = db.session.execute(
        sa.update(Comment)
        .where(Comment.id == comment.id, Comment.status == CommentStatus.APPROVED, Comment.report_count > 0)
        .values(**values).execution_options(synchronize_session=False)
    )
    db.session.refresh(comment)
    if result.rowcount == 1:
        return
    if comment.status is CommentStatus.PENDING:
        raise ServiceError(_l("This comment waits in the queue: approve or reject it there."), code="conflict")
    last = db.session.scalar(sa.select(ModerationDecision).where(ModerationDecision.comment_id == comment.id)
                             .order_by(ModerationDecision.id.desc()).limit(1))
    if last is not None and last.moderator is None:  # the third report hid it meanwhile
        raise ServiceError(_l("Hidden after three reports meanwhile: decide it in the queue."),
                           code="already_decided")
    who = last.moderator.display_name if last is not None else "?"
    raise ServiceError(_l("Already decided by %(name)s.", name=who), code="already_decided")


def _log(comment: Comment, moderator: User | None, action: ModerationAction, reason=None, note=None,
         now: datetime | None = None) -> None:
    db.session.add(ModerationDecision(comment_id=comment.id, meeting_id=comment.meeting_id,
                                      moderator_id=moderator.id if moderator else None, action=action,
                                      reason=reason, note=note, created_at=now or utcnow()))


def _require_reactable(comment: Comment, user) -> None:
    require(policies.may_react(user), user)
    if not policies.may_react(user, comment):  # not approved (any more): as if it did not exist
        raise NotFound(_l("Unknown comment."), field="comment_id")


def _count_while_approved(comment: Comment, row: Report, counter) -> None:
    """Store `row` and add one to the comment's `counter` column, but only while the comment is approved
    in the database, not just in this session's copy (a compare-and-set, like decisions): a comment hidden
    or rejected meanwhile refuses it, and nothing is stored."""
    with db.session.begin_nested():
        db.session.add(row)
        db.session.flush()  # IntegrityError: this user already reported it
        counted = db.session.execute(
            sa.update(Comment).where(Comment.id == comment.id, Comment.status == CommentStatus.APPROVED)
            .values({counter: counter + 1}).execution_options(synchronize_session=False)
        ).rowcount
        if counted != 1:
            raise NotFound(_l("Unknown comment."), field="comment_id")
    db.session.refresh(comment)


@dataclass(frozen=True)
class VoteResult:
    """What a vote left: the comment's counts by choice code, the voter's choice, and whether the vote
    changed anything (voting the same choice again does not)."""

    comment_id: int
    choice: VoteChoice
    counts: dict[str, int]
    changed: bool

    def as_dict(self) -> dict:
        """`{"comment_id", "agree", "disagree", "pass", "choice"}`: the `comment.vote` ack."""
        return {"comment_id": self.comment_id, **self.counts, "choice": self.choice.value}


class _VoteMoved(Exception):
    """The voter's stored choice is no longer the one read a moment ago (another window voted)."""


def check_voter(voter: Submitter) -> None:
    """Refuse unless `voter` may vote at all, whatever the comment: staff never; a guest needs the guest id
    of its browser's session (an id that changed on every reconnect would vote again as someone else)."""
    if voter.user is not None:
        require(policies.may_vote(voter.user), voter.user,
                _l("Only citizens vote: the votes are the citizens' own, so staff and committee members do not vote."))
    elif not voter.guest_id:
        raise ServiceError(_l("Log in first."), code="unauthorized")


def _phase_of_vote(comment: Comment, voter: Submitter) -> Phase:
    """The phase a vote on `comment` belongs to now; refuses unless `voter` may vote on it now."""
    if comment.status is not CommentStatus.APPROVED or not policies.may_see(voter.user, comment):
        raise NotFound(_l("Unknown comment."), field="comment_id")
    phase = policies.phase_of(comment.meeting)
    if phase is None:
        raise ServiceError(_l("This meeting does not take votes now."), code="closed")
    if voter.user is None and not comment.meeting.allow_guest_comments:
        raise ServiceError(_l("Log in to vote on this meeting's comments."), code="unauthorized")
    if comment.submitter_key == voter.key:
        raise ServiceError(_l("You cannot vote on your own comment."), code="conflict")
    return phase


def check_vote_rate(voter: Submitter) -> None:
    """Refuse when the voter (an account or a guest) votes faster than VOTE_RATE_LIMIT."""
    wait = ratelimit.hit("VOTE_RATE_LIMIT", voter.key)
    if wait:
        raise ServiceError(_l("You are voting too fast. Try again in %(s)s seconds.", s=wait), code="rate_limited")


def vote(comment: Comment, voter: Submitter, choice, *, now: datetime | None = None) -> VoteResult:
    """Vote agree, disagree or pass on an approved comment, or change one's vote: one vote per voter and
    comment, never on one's own comment. Voting the choice one already holds changes nothing and returns
    the current counts (a client resending after a lost acknowledgement gets the same answer); it does
    not count against the rate limit, nor does a refused vote."""
    check_voter(voter)
    choice = _choice(VoteChoice, choice, "choice")
    phase = _phase_of_vote(comment, voter)
    previous = db.session.scalar(sa.select(Vote.choice).where(Vote.comment_id == comment.id,
                                                              Vote.voter_key == voter.key))
    if previous is choice:
        db.session.refresh(comment)  # the counts as they are now, of a comment still approved
        if comment.status is not CommentStatus.APPROVED:
            raise NotFound(_l("Unknown comment."), field="comment_id")
        return VoteResult(comment.id, choice, comment.vote_counts, changed=False)
    check_vote_rate(voter)
    _store_vote(comment, voter, previous, choice, phase, now or utcnow())
    signals.comment_voted.send(comment, previous=previous, choice=choice)
    return VoteResult(comment.id, choice, comment.vote_counts, changed=True)


def _store_vote(comment: Comment, voter: Submitter, previous: VoteChoice | None, choice: VoteChoice,
                phase: Phase, now: datetime) -> None:
    """Store (or move) the vote and the comment's counts together, while the comment is approved in the
    database (a compare-and-set, as `_count_while_approved`): one count up, and on a change the old
    choice's down, in one UPDATE. A comment hidden or rejected meanwhile refuses it, and nothing is stored;
    so does a vote the voter changed meanwhile elsewhere (`conflict`)."""
    up = getattr(Comment, VOTE_COUNTERS[choice])
    counts = {up: up + 1}
    if previous is not None:
        down = getattr(Comment, VOTE_COUNTERS[previous])
        counts[down] = down - 1
    mine = (Vote.comment_id == comment.id, Vote.voter_key == voter.key)
    try:
        with db.session.begin_nested():
            if previous is None:  # IntegrityError: the same voter's first vote, raced in from elsewhere
                db.session.execute(sa.insert(Vote).values(
                    comment_id=comment.id, voter_key=voter.key, user_id=voter.user.id if voter.user else None,
                    choice=choice, phase=phase, created_at=now, updated_at=now))
            elif db.session.execute(
                    sa.update(Vote).where(*mine, Vote.choice == previous)
                    .values(choice=choice, phase=phase, updated_at=now)
                    .execution_options(synchronize_session=False)).rowcount != 1:
                raise _VoteMoved
            counted = db.session.execute(
                sa.update(Comment).where(Comment.id == comment.id, Comment.status == CommentStatus.APPROVED)
                .values(counts).execution_options(synchronize_session=False)
            ).rowcount
            if counted != 1:
                raise NotFound(_l("Unknown comment."), field="comment_id")
    except (IntegrityError, _VoteMoved):
        raise ServiceError(_l("Your vote changed meanwhile in another window. Reload and vote again."),
                           code="conflict") from None
    db.session.refresh(comment)


def agree(comment: Comment, user: User, now: datetime | None = None) -> VoteResult:
    """`user` votes agree: what "I agree" (공감) was before votes had three choices."""
    return vote(comment, Submitter.of(user), VoteChoice.AGREE, now=now)


def report(comment: Comment, user: User, reason) -> bool:
    """Report an approved comment once; moderators see it at once, and the third report (since its last
    approval or dismissal of reports) hides it. True when this report hid it."""
    _require_reactable(comment, user)
    reason = checked_text(reason, "reason", NOTE_MAX, empty_message=_l("Say why you report this comment."))
    try:
        _count_while_approved(comment, Report(comment_id=comment.id, user_id=user.id, reason=reason),
                              Comment.report_count)
    except IntegrityError:
        raise ServiceError(_l("You already reported this comment."), code="conflict") from None
    if comment.report_count < REPORTS_TO_HIDE:
        signals.comment_reported.send(comment)
        return False
    comment.status = CommentStatus.HIDDEN
    _log(comment, None, ModerationAction.AUTO_HIDE)
    signals.comment_hidden.send(comment)
    return True


def post_reply(comment: Comment, member: User, body, now: datetime | None = None) -> Reply:
    """A committee member's official reply to an approved comment."""
    require(policies.may_reply(member), member)
    if not policies.may_reply(member, comment):
        raise NotFound(_l("Unknown comment."), field="comment_id")
    reply = Reply(comment_id=comment.id, author_id=member.id,
                  body=checked_text(body, "body", BODY_MAX, empty_message=_l("Write your reply.")),
                  created_at=now or utcnow())
    db.session.add(reply)
    db.session.flush()
    signals.reply_posted.send(reply)
    return reply
