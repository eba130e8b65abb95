"""The translated UI strings the live page's and the moderation queue's JavaScript needs."""
from __future__ import annotations

from flask_babel import gettext as _

from participation.comments.models import CommentStatus, RejectReason, Stance, VoteChoice
from participation.meetings.models import MeetingState


def client_strings() -> dict[str, str]:
    strings = {
        "connected": _("Connected"),
        "reconnecting": _("Connection lost, reconnecting…"),
        "new_comment": _("New comment from %(author)s"),
        "new_reply": _("Official reply from %(author)s"),
        "now_discussing": _("Now discussing: %(title)s"),
        "spotlight": _("The committee is answering a comment."),
        "watching": _("%(n)s watching"),
        # Votes on comments (the labels are VoteChoice's, below).
        "count_agree": _("%(n)s agree"),
        "count_disagree": _("%(n)s disagree"),
        "count_pass": _("%(n)s pass"),
        "your_vote": _("Your vote on comment #%(id)s"),
        "vote_saved": _("Vote saved."),
        "official_reply": _("Official reply"),
        "sending": _("Sending…"),
        "sent": _("Sent. Your comment is waiting for a moderator."),
        "not_sent": _("Your comment was not sent. Please try again."),
        "consent_not_sent": _("Your comment was not sent: a first comment needs your agreement to how comments are published."),
        "too_large": _("The message is too large to send. Shorten it and try again."),
        "no_answer": _("No answer from the server: check your connection and try again."),
        "reply_posted": _("Reply posted."),
        "done": _("Done."),
        "confirm_end": _("End the online open session now?"),
        "queued": _("New comment in the queue"),
        "decided_by": _("Decided by %(name)s"),
        "approved": _("Approved."),
        "rejected": _("Rejected."),
        "choose_reason": _("Choose a reason with 1 to 6, then press Enter."),
        "history": _("approved %(a)s, rejected %(r)s so far"),
        "hidden_reports": _("hidden after %(n)s reports"),
        "masked": _("Masked. Approve to publish the masked text."),
        "select_text": _("Select text in the comment first."),
        "spotlight_button": _("Spotlight"),
        "reply_button": _("Reply"),
        "guest": _("guest"),
        "former_participant": _("former participant"),  # a deleted account's comments (`former` in payloads)
        "connecting": _("Connecting…"),
        "session_over": _("You were logged out. Reloading the page…"),
        "starts_in": _("(in %(h)s h %(m)s min)"),
        "starting": _("(starting now)"),
        "session_ended": _("The online open session has ended. The comments stay on the agenda item pages and in the meeting's record."),
        # Reports: the live page's report dialog, the moderators' reported list.
        "report_button": _("Report this comment"),
        "report_done": _("You reported this comment"),
        "report_thanks": _("Thank you. A moderator will look at this comment."),
        "report_reason_needed": _("Say why you report this comment."),
        "report_of": _("Comment #%(id)s by %(author)s"),
        "report_count": _("reports: %(n)s"),
        "report_reasons": _("Reasons given by readers"),
        "reported_new": _("A published comment was reported"),
        "hidden_done": _("Hidden."),
        "dismissed": _("Reports dismissed; the comment stays published."),
        # Postponing and cancelling (`meeting.rescheduled`, `session.state` cancelled).
        "part2_starts": _("Part 2, the online open session, starts %(when)s."),
        "postponed": _("This meeting was postponed."),
        "postponed_from_to": _("Postponed from %(old)s to %(new)s: %(reason)s"),
        "cancelled": _("This meeting was cancelled."),
        "cancelled_on": _("Cancelled on %(when)s. Reason: %(reason)s"),
        "no_session": _("There will be no online open session."),
        # The author's own comments (live/_own_comments.html) and their `comment.decided`.
        "your_stance": _("Your stance"),
        "reason": _("Reason"),
        "policy_link": _("moderation policy"),
        "decided_approved": _("Your comment was approved and is now public."),
        "decided_rejected": _("Your comment was rejected. Reason: %(reason)s"),
        "decided_hidden": _("Your comment was hidden after reports until a moderator looks at it again."),
        "decided_hidden_reason": _("Your comment was hidden. Reason: %(reason)s"),
        # The feedback dashboard (`feedback.changed`).
        "feedback_live": _("Live: these figures follow the comments as moderators decide."),
        # An item's opinion map page (`feedback.changed`, the item's map version).
        "map_live": _("Live: this map follows the votes; the worker redraws it every few seconds."),
    }
    strings.update({f"stance_{s.value}": s.label for s in Stance})
    strings.update({f"vote_{c.value}": c.label for c in VoteChoice})
    strings.update({f"reason_{r.value}": r.label for r in RejectReason})
    strings.update({f"status_{s.value}": s.label for s in CommentStatus})
    strings.update({f"state_{s.value}": s.label for s in MeetingState})
    return strings
