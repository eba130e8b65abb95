"""Comments over plain HTML: the form on the agenda item page (no JavaScript needed), agreeing and
reporting, the author's own comments, and the published moderation policy."""
from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.comments import policies, queries, services
from participation.comments.forms import CommentForm, ReportForm
from participation.comments.models import RejectReason, Stance
from participation.comments.services import Submitter
from participation.core.permissions import login_required, public
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import materials
from participation.meetings import policies as meeting_policies
from participation.meetings import queries as meeting_queries
from participation.meetings.models import AgendaItem, MaterialKind
from participation.meetings.public_views import render_item

bp = Blueprint("comments", __name__)


def guest_id() -> str:
    """A random id for this browser's guest comments (kept in the session cookie)."""
    if "guest_id" not in session:
        session["guest_id"] = uuid.uuid4().hex
    return session["guest_id"]


def submitter_key() -> str | None:
    if current_user.is_authenticated:
        return f"u:{current_user.id}"
    return f"g:{session['guest_id']}" if "guest_id" in session else None


def anchors_of(item: AgendaItem) -> list:
    """(material title, anchor) for every paragraph of the item's documents."""
    out = []
    for material in meeting_queries.materials_of(item.meeting, item):
        if material.kind is MaterialKind.DOCUMENT:
            out.extend((material.title, a) for a in materials.anchors_of_version(material.current))
    return out


def item_comments(item: AgendaItem, form: CommentForm | None = None) -> dict:
    """Everything the item page shows about comments (a template helper)."""
    approved = queries.approved_for_item(item.id)
    key = submitter_key()
    return {
        "approved": approved,
        "replies": queries.replies_by_comment([c.id for c in approved]),
        "agreed": queries.agreed_by(current_user, [c.id for c in approved]),
        "own": queries.own_comments(key, item.id) if key else [],
        "form": form or CommentForm(anchors=anchors_of(item)),
        "report_form": ReportForm(),
        "open": meeting_policies.takes_comments(item.meeting),
        "may_comment": policies.may_comment(current_user, item.meeting),
        "stances": list(Stance),
    }


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"item_comments": item_comments, "moderation_figures": queries.moderation_figures,
            "may_comment": lambda meeting: policies.may_comment(current_user, meeting),
            "may_moderate": lambda meeting: policies.may_moderate(current_user, meeting)}


def _item_url(item: AgendaItem, anchor: str = "comments") -> str:
    return url_for("meetings.item", meeting_id=item.meeting_id, item_id=item.id, _anchor=anchor)


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/comments", methods=["POST"])
@public
def post_comment(meeting_id: int, item_id: int):
    meeting = meeting_queries.visible_meeting(meeting_id, current_user)
    item = meeting_queries.item_of(meeting, item_id)
    anonymous = not current_user.is_authenticated
    submitter = Submitter.of(current_user._get_current_object(), guest_id=guest_id() if anonymous else None,
                             nickname=request.form.get("nickname", ""))
    try:
        services.check_may_comment(item, submitter)
    except ServiceError as error:
        if error.code == "unauthorized":
            flash(str(error.message), "info")
            return redirect(url_for("accounts.login", next=_item_url(item)))
        if error.code == "forbidden":
            abort(403)
        # Any other refusal (the meeting takes no comments now) is shown beside the form below.
    form = CommentForm(anchors=anchors_of(item))
    status = 400
    if form.validate_on_submit():
        try:
            services.submit(item, submitter, body=form.body.data, stance=form.stance.data,
                            client_key=form.client_key.data, anchor=form.anchor.data or None,
                            remote_addr=request.remote_addr)
        except ServiceError as error:
            status = 429 if error.code == "rate_limited" else 400
            # Beside the field it is about, unless the page does not show that field (the client_key).
            target = getattr(form, error.field, None) if error.field else None
            visible = target is not None and target.type != "HiddenField"
            (target.errors if visible else form.form_errors).append(str(error.message))
        else:
            db.session.commit()
            flash(_("Thank you. Your comment is waiting for a moderator."), "success")
            return redirect(_item_url(item, "your-comments"), 303)
    return render_item(meeting, item, status=status, comment_form=form)


def _reactable_comment(comment_id: int):
    """The comment a logged-in user agrees with or reports; 404 unless it is approved and visible."""
    comment = services.get_comment(comment_id, current_user)
    if not policies.may_react(current_user, comment):
        abort(404)
    return comment


@bp.route("/comments/<int:comment_id>/agree", methods=["POST"])
@login_required
def agree(comment_id: int):
    comment = _reactable_comment(comment_id)
    try:
        services.agree(comment, current_user._get_current_object())
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("You agree with this comment."), "success")
    return redirect(_item_url(comment.item, f"comment-{comment.id}"), 303)


@bp.route("/comments/<int:comment_id>/report", methods=["POST"])
@login_required
def report(comment_id: int):
    comment = _reactable_comment(comment_id)
    form = ReportForm()
    if not form.validate_on_submit():
        flash(_("Say why you report this comment."), "error")
        return redirect(_item_url(comment.item, f"comment-{comment.id}"), 303)
    try:
        services.report(comment, current_user._get_current_object(), form.reason.data)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("Thank you. A moderator will look at this comment."), "success")
    return redirect(_item_url(comment.item, "comments"), 303)


@bp.route("/my/comments")
@login_required
def my_comments():
    comments = queries.comments_of_submitter(f"u:{current_user.id}")
    return render_template("comments/mine.html", comments=comments)


@bp.route("/moderation-policy")
@public
def policy():
    return render_template("comments/policy.html", reasons=list(RejectReason))
