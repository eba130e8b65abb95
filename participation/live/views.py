"""Pages of the live session: the public live page, the moderators' queue, the audit log and its export."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user

from participation.comments import policies as comment_policies
from participation.comments import queries as comment_queries
from participation.comments.forms import CommentForm
from participation.comments.models import RejectReason, Stance
from participation.comments.views import anchors_of, guest_id, submitter_key
from participation.core.permissions import public, roles_required
from participation.core.roles import Role
from participation.live import events, figures, presence
from participation.live import services as live
from participation.live.strings import client_strings
from participation.meetings import policies as meeting_policies
from participation.meetings import queries as meeting_queries
from participation.meetings.services import agenda_of
from participation.core.spreadsheets import safe_cell

bp = Blueprint("live", __name__)


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"client_strings": client_strings, "figures_may_change": figures.may_change}


@bp.route("/meetings/<int:meeting_id>/live")
@public
def live_page(meeting_id: int):
    meeting = meeting_queries.visible_meeting(meeting_id, current_user)
    if not meeting_policies.has_part_2(meeting):  # no online open session, no live page
        abort(404)
    if comment_policies.may_comment(current_user, meeting) and not current_user.is_authenticated:
        guest_id()  # a guest's comments and votes are its browser's session's
    may_vote = comment_policies.may_vote(current_user, meeting)
    state = live.state_of(meeting)
    agenda = agenda_of(meeting)
    current = next((i for i in agenda if i.id == state["current_item_id"]), agenda[0] if agenda else None)
    approved = comment_queries.approved_for_meeting(meeting.id)
    key = submitter_key()
    return render_template(
        "live/live.html", meeting=meeting, agenda=agenda, state=state, current=current, approved=approved,
        replies=comment_queries.replies_by_comment([c.id for c in approved]),
        votes=comment_queries.votes_of(key, [c.id for c in approved]), may_vote=may_vote,
        reported=comment_queries.reported_by(current_user, [c.id for c in approved]),
        own=comment_queries.own_comments_of_meeting(key, meeting.id) if key else [],
        form=CommentForm(anchors=anchors_of(current) if current else ()), stances=list(Stance),
        figures=comment_queries.moderation_figures(meeting.id), viewers=presence.count(meeting.id),
        is_secretary=meeting_policies.may_manage(current_user), is_member=comment_policies.may_reply(current_user),
    )


@bp.route("/meetings/<int:meeting_id>/moderate")
@roles_required(Role.MODERATOR)
def moderate(meeting_id: int):
    meeting = meeting_queries.visible_meeting(meeting_id, current_user)
    queue = events.queue_of(comment_queries.pending_queue(meeting.id))
    reported = events.queue_of(comment_queries.reported_queue(meeting.id))
    return render_template("live/moderate.html", meeting=meeting, queue=queue, reported=reported,
                           reasons=list(RejectReason),
                           stances={s.value: s.label for s in Stance})


@bp.route("/meetings/<int:meeting_id>/moderation/audit")
@roles_required(Role.SECRETARY)
def audit(meeting_id: int):
    meeting = meeting_queries.visible_meeting(meeting_id, current_user)
    return render_template("live/audit.html", meeting=meeting, decisions=comment_queries.audit_log(meeting.id),
                           figures=comment_queries.moderation_figures(meeting.id))


AUDIT_COLUMNS = ["decision_id", "at", "comment_id", "item_id", "action", "reason", "note", "moderator"]


@bp.route("/meetings/<int:meeting_id>/moderation/audit.csv")
@roles_required(Role.SECRETARY)
def audit_csv(meeting_id: int):
    meeting = meeting_queries.visible_meeting(meeting_id, current_user)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AUDIT_COLUMNS)
    for d in comment_queries.audit_log(meeting.id):
        writer.writerow([d.id, d.created_at.isoformat(), d.comment_id, d.comment.item_id, d.action.value,
                         d.reason.value if d.reason else "", safe_cell(d.note or ""),
                         safe_cell(d.moderator.public_name if d.moderator else "")])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=meeting-{meeting.id}-moderation-audit.csv"})
