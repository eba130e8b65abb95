"""Signals that carry news upward: a lower domain announces, a higher one (live, record, feedback) listens.

Each sends the changed object as `sender`. Receivers run inside the transaction of the change, before
its commit, so what they add to the session is committed (or rolled back) with it.
"""
from blinker import Namespace

_signals = Namespace()

comment_submitted = _signals.signal("comment-submitted")
comment_decided = _signals.signal("comment-decided")  # approved, rejected, hidden by a moderator (kwarg `action`)
comment_hidden = _signals.signal("comment-hidden")
comment_reported = _signals.signal("comment-reported")  # a report that did not hide it (yet)
comment_reports_dismissed = _signals.signal("comment-reports-dismissed")  # kwarg `moderator`
comment_voted = _signals.signal("comment-voted")  # kwargs `previous` (None for a first vote) and `choice`
reply_posted = _signals.signal("reply-posted")
meeting_state_changed = _signals.signal("meeting-state-changed")  # kwarg `previous`: the state it left
meeting_rescheduled = _signals.signal("meeting-rescheduled")  # kwarg `postponement`: the MeetingPostponement
# Accounts: `sender` is the user. Sent by the accounts services; receivers act after commit.
user_roles_changed = _signals.signal("user-roles-changed")  # kwarg `previous`: the roles the user had
user_sessions_ended = _signals.signal("user-sessions-ended")  # kwarg `reason`: "logout", "password_changed", "account_deleted"
# An account was deleted (accounts/deletion.py): sign-in data and name already erased, kwarg `actor` (who
# deleted it: the person or an administrator). Receivers withdraw and unlink what the account left, in the
# same transaction.
user_deleted = _signals.signal("user-deleted")
# The account data export asks every domain for its part: each receiver returns a dict of sections
# (`{"comments": [...]}`), merged into the download. Never anybody else's data.
account_data_requested = _signals.signal("account-data-requested")
# Comments: a deleted account's pending (or hidden) comment was withdrawn; sender the comment.
comment_withdrawn = _signals.signal("comment-withdrawn")
# Comments: a deleted account's votes no longer name it; sender the user, kwarg `item_ids` (their items).
votes_unlinked = _signals.signal("votes-unlinked")
