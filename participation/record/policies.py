"""Who may read and write a meeting's record, and what its state allows: the one home of each rule.

The committee's own people decide: a secretary edits only the records of the committees they serve,
and a draft record is read by that secretary and by the members who sit on that committee. The public
reads a record from its version 1 on.
"""
from __future__ import annotations

from datetime import date

from participation.core.db import utcnow
from participation.core.roles import Role
from participation.meetings import membership
from participation.meetings import policies as meeting_policies
from participation.meetings.models import Meeting, MeetingState, SeatRole


def _days(meeting: Meeting) -> tuple[date, date]:
    """The meeting's day and today: a seat held on either counts (a member who has since left still
    reads the record of a meeting they sat in, a new one reads the committee's drafts)."""
    return meeting.starts_at.date(), utcnow().date()


def _holds(user, meeting: Meeting, seat: SeatRole) -> bool:
    return membership.holds(user, meeting.committee_id, seat, *_days(meeting))


def sits_on_among(member_seats: list, meeting: Meeting) -> bool:
    """`sits_on`, decided over the user's member seats read beforehand
    (`membership.seats_of(user, SeatRole.MEMBER)`: one query for a page of many meetings)."""
    return membership.holds_among(member_seats, meeting.committee_id, *_days(meeting))


def serves(user, meeting: Meeting) -> bool:
    """The user is a secretary serving the meeting's committee (on the meeting's day or today)."""
    return _holds(user, meeting, SeatRole.SECRETARY)


def sits_on(user, meeting: Meeting) -> bool:
    """The user is a member of the meeting's committee (on the meeting's day or today)."""
    return _holds(user, meeting, SeatRole.MEMBER)


def takes_edits(meeting: Meeting) -> bool:
    """The record is a draft: entries may be added, changed, reordered and deleted (a published meeting's
    record is written during and after the meeting; a final one changes only by a correction)."""
    return meeting_policies.is_public(meeting) and meeting.state is not MeetingState.RECORD_FINAL


def may_edit(user, meeting: Meeting) -> bool:
    """The committee's secretary writes its record while it is a draft."""
    return takes_edits(meeting) and serves(user, meeting)


def may_open_editor(user, meeting: Meeting) -> bool:
    """The committee's secretary opens the record's editor in every state (it is read-only unless
    `may_edit`: before the meeting is published and once the record is final)."""
    return serves(user, meeting)


def may_speak_in(user, meeting: Meeting) -> bool:
    """An account a statement of the record may be attributed to: a member sitting on the committee
    (officials and the secretariat are written by their title, as a free label)."""
    return sits_on(user, meeting)


def may_read_draft(user, meeting: Meeting) -> bool:
    """Before version 1: the committee's secretary and its members."""
    return meeting_policies.is_public(meeting) and (serves(user, meeting) or sits_on(user, meeting))


def may_read(user, meeting: Meeting, has_version: bool) -> bool:
    """A record with a version is public wherever its meeting is; a draft only to the committee's people."""
    return meeting_policies.may_view(user, meeting) if has_version else may_read_draft(user, meeting)


# --- Review, finalizing and corrections (versions.py), remarks and written opinions (opinions.py) ---------

def may_finalize(user, meeting: Meeting) -> bool:
    """The committee's serving secretary finalizes the record of a closed meeting (what must be decided
    first, pending comments, is the service's check)."""
    return meeting.state is MeetingState.CLOSED and serves(user, meeting)


def may_correct(user, meeting: Meeting) -> bool:
    """A final record changes only by a correction of its serving secretary: a new version with a note."""
    return meeting.state is MeetingState.RECORD_FINAL and serves(user, meeting)


def may_remark(user, meeting: Meeting) -> bool:
    """Members sitting on the committee leave remarks on the entries of the draft record."""
    return takes_edits(meeting) and sits_on(user, meeting)


def may_resolve_remarks(user, meeting: Meeting) -> bool:
    """The serving secretary resolves the members' remarks (also after finalizing: a remark may lead to a
    correction)."""
    return serves(user, meeting)


def opinions_open(meeting: Meeting, deadline: date | None, today: date) -> bool:
    """Written opinions are taken after the meeting until the action items' deadline (its last day
    included, even once the record is final: they enter its next version); without a deadline, until the
    record is final."""
    if meeting.state is MeetingState.CLOSED:
        return deadline is None or today <= deadline
    if meeting.state is MeetingState.RECORD_FINAL:
        return deadline is not None and today <= deadline
    return False


def may_write_opinion(user, meeting: Meeting, deadline: date | None, today: date) -> bool:
    """A member sitting on the committee writes (and rewrites) one opinion per agenda item while they are
    taken."""
    return opinions_open(meeting, deadline, today) and sits_on(user, meeting)


def may_follow_opinions(user, meeting: Meeting) -> bool:
    """The serving secretary sees who has and has not answered, per item."""
    return serves(user, meeting)


def may_see_record_audit(user, meeting: Meeting) -> bool:
    """Who finalized and who corrected, by name, and the trail of the record's edits and the committee's
    seat changes (`history.py`): the committee's people and administrators (the public sees each version's
    date, note and hash)."""
    if user is not None and getattr(user, "is_authenticated", False) and user.has_role(Role.ADMIN):
        return True
    return serves(user, meeting) or sits_on(user, meeting)
