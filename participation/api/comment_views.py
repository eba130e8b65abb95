"""Approved comments as open data: `/api/v1/comments` (filtered by meeting, item, stance, phase, since) and
`/api/v1/meetings/<id>/comments`, one page at a time in the order they became public
(participation/comments/public.py holds what is public and the order; this module only pages and dumps)."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_smorest import Blueprint

from participation.api import cursors, schemas
from participation.api.http import VISITOR
from participation.comments import public as open_comments
from participation.comments import queries
from participation.comments.models import Phase, Stance
from participation.meetings.queries import visible_meeting
from participation.core.permissions import public

bp = Blueprint("api_v1_comments", __name__, description="Approved comments, with their votes and replies.")
LISTING = "comments"
CommentPage = schemas.page_of(schemas.CommentSchema, "CommentPage")


def _page(given: open_comments.CommentFilter, args: dict) -> dict:
    after = cursors.decode(args.get("cursor"), LISTING, (datetime, int))
    settle = timedelta(seconds=current_app.config["API_SETTLE_SECONDS"])
    rows = open_comments.public_comments(given, after, args["limit"] + 1, settle=settle)
    page = cursors.page(LISTING, rows, args["limit"], open_comments.key_of)
    replies = queries.replies_by_comment([c.id for c in page["data"]])
    page["data"] = [schemas.Extended(c, replies=replies.get(c.id, [])) for c in page["data"]]
    return page


def _filter(args: dict, meeting_id: int | None) -> open_comments.CommentFilter:
    return open_comments.CommentFilter(
        meeting_id=meeting_id, item_id=args.get("item"),
        stance=Stance(args["stance"]) if "stance" in args else None,
        phase=Phase(args["phase"]) if "phase" in args else None, since=args.get("since"))


@bp.route("/comments")
@public
@bp.arguments(schemas.CommentArgs, location="query", as_kwargs=False)
@bp.response(200, CommentPage)
def comments(args: dict):
    """Approved comments of every public meeting, in the order they became public."""
    return _page(_filter(args, args.get("meeting")), args)


@bp.route("/meetings/<int:meeting_id>/comments")
@public
@bp.arguments(schemas.CommentArgs(exclude=("meeting",)), location="query", as_kwargs=False)
@bp.response(200, CommentPage)
def meeting_comments(args: dict, meeting_id: int):
    """One public meeting's approved comments (404 for a meeting that is not public)."""
    visible_meeting(meeting_id, VISITOR)
    return _page(_filter(args, meeting_id), args)
