"""The translated UI strings the live page's and the moderation queue's JavaScript needs."""
from __future__ import annotations

from flask_babel import gettext as _

from participation.comments.models import RejectReason, Stance
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
        "agree": _("I agree"),
        "agreed": _("You agree"),
        "agree_count": _("%(n)s agree"),
        "official_reply": _("Official reply"),
        "sending": _("Sending…"),
        "sent": _("Sent. Your comment is waiting for a moderator."),
        "not_sent": _("Your comment was not sent. Please try again."),
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
        "connecting": _("Connecting…"),
        "session_over": _("You were logged out. Reloading the page…"),
        "starts_in": _("(in %(h)s h %(m)s min)"),
        "starting": _("(starting now)"),
        "session_ended": _("The online open session has ended. The comments stay on the agenda item pages and in the meeting's record."),
    }
    strings.update({f"stance_{s.value}": s.label for s in Stance})
    strings.update({f"reason_{r.value}": r.label for r in RejectReason})
    strings.update({f"state_{s.value}": s.label for s in MeetingState})
    return strings
