"""What a meeting's record allows now: the one home of each rule (who may read and write it comes with
the record's pages and the committee's membership)."""
from __future__ import annotations

from participation.meetings import policies as meeting_policies
from participation.meetings.models import Meeting, MeetingState


def takes_edits(meeting: Meeting) -> bool:
    """The record is a draft: entries may be added, changed, reordered and deleted (a published meeting's
    record is written during and after the meeting; a final one changes only by a correction)."""
    return meeting_policies.is_public(meeting) and meeting.state is not MeetingState.RECORD_FINAL
