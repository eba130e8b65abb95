"""Comments over plain HTML: the form on the agenda item page (no JavaScript needed), voting (beside each
comment, and one comment at a time on an item's voting page), reporting, the author's own comments, and
the published moderation policy."""
from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.comments import consents, policies, queries, services
from participation.comments.forms import CommentForm, ReportForm
from participation.comments.models import RejectReason, Stance, VoteChoice
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
    """The key of this browser's participant (`Submitter.key`): the account's, else the guest id's, if any."""
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
        "key": key,
        "votes": queries.votes_of(key, [c.id for c in approved]),
        "may_vote": policies.may_vote(current_user, item.meeting),
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
            "vote_choices": list(VoteChoice),
            "may_comment": lambda meeting: policies.may_comment(current_user, meeting),
            "needs_consent": lambda: services.needs_consent(submitter_key()),
            "consent_version": consents.CONSENT_VERSION, "consent_text": consents.statement,
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
    if not form.validate_on_submit():
        try:  # the consent is asked at once too, not only after the other fields are right
            services.check_consent(submitter, form.accepted_consent)
        except ServiceError as error:
            form.consent.errors = [*form.consent.errors, str(error.message)]
    else:
        try:
            services.submit(item, submitter, body=form.body.data, stance=form.stance.data,
                            client_key=form.client_key.data, anchor=form.anchor.data or None,
                            remote_addr=request.remote_addr, consent=form.accepted_consent)
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
    """The comment a logged-in user reports; 404 unless it is approved and visible."""
    comment = services.get_comment(comment_id, current_user)
    if not policies.may_react(current_user, comment):
        abort(404)
    return comment


def _voter() -> Submitter:
    """Who votes from this browser: the account, or the guest of its session (given an id now)."""
    anonymous = not current_user.is_authenticated
    return Submitter.of(current_user._get_current_object(), guest_id=guest_id() if anonymous else None)


def _vote_page_url(item: AgendaItem) -> str:
    return url_for("comments.vote_page", meeting_id=item.meeting_id, item_id=item.id, _anchor="statement")


# What the vote form's `back` field may name: where to go after the vote (nothing else, no open redirect).
VOTE_RETURNS = {"item": lambda comment: _item_url(comment.item, f"comment-{comment.id}"),
                "focus": lambda comment: _vote_page_url(comment.item)}
# The status of a refused vote, by the service's code ("unauthorized" sends a visitor to log in).
VOTE_REFUSALS = {"invalid": 400, "forbidden": 403, "not_found": 404, "conflict": 409, "closed": 409,
                 "rate_limited": 429}


@bp.route("/comments/<int:comment_id>/vote", methods=["POST"])
@public
def vote(comment_id: int):
    """Vote agree, disagree or pass (form field `choice`) on an approved comment; back to the item page
    or, with `back=focus`, to the item's next comment to vote on."""
    comment = services.get_comment(comment_id, current_user)
    back = VOTE_RETURNS.get(request.form.get("back", "item"), VOTE_RETURNS["item"])(comment)
    try:
        services.vote(comment, _voter(), request.form.get("choice"))
    except ServiceError as error:
        if error.code == "unauthorized":
            flash(str(error.message), "info")
            return redirect(url_for("accounts.login", next=back))
        status = VOTE_REFUSALS.get(error.code, 400)
        return render_template("errors/error.html", status=status, message=str(error.message)), status
    db.session.commit()
    flash(_("Vote saved."), "success")
    return redirect(back, 303)


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/vote")
@public
def vote_page(meeting_id: int, item_id: int):
    """One approved comment of the item at a time that the participant has not voted on yet, with the
    three choices (keys 1, 2, 3 with static/js/vote.js); says so when none is left."""
    meeting = meeting_queries.visible_meeting(meeting_id, current_user)
    item = meeting_queries.item_of(meeting, item_id)
    may_vote = policies.may_vote(current_user, meeting)
    key = _voter().key if may_vote else None
    statement = queries.next_unvoted(item.id, key) if key else None
    voted, total = queries.voting_progress(item.id, key) if key else (0, 0)
    return render_template("comments/vote.html", meeting=meeting, item=item, may_vote=may_vote,
                           statement=statement, voted=voted, total=total,
                           staff=policies.is_staff(current_user), open=meeting_policies.takes_comments(meeting))


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


@bp.route("/privacy")
@public
def privacy():
    """What the platform stores, for how long, who sees it, and how to delete it or take it along."""
    return render_template("comments/privacy.html", consent_text=consents.statement())
