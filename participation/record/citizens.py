"""The citizens' part of a record: under each agenda item, the approved comments with the official
replies under them, the members' written opinions, the figures, and the item's feedback brief (its
figures by stance and phase, its most agreed comments, its themes: feedback/brief.py, the same document
the brief's own page shows).

Rejected and pending texts never appear, only their counts; personal data stays masked as approved
(`public_body`). A comment whose author deleted their account shows the neutral label (`"former": true`):
in a frozen version too, relabelled when it is read (`relabel_former_authors`), its stored bytes unchanged. Official replies are by committee members: with the record's anonymization policy on,
their author shows as `○○○`, like the members' statements and written opinions. A finalized version
freezes this document in its snapshot, so nothing that changes later alters it.
"""
from __future__ import annotations

import sqlalchemy as sa

from participation.accounts.models import User
from participation.comments import queries
from participation.comments.models import Comment
from participation.extensions import db
from participation.feedback import brief
from participation.meetings.models import Meeting
from participation.meetings.services import agenda_of
from participation.record.models import WrittenOpinion

ANONYMOUS = "○○○"


def figures_document(figures: queries.Figures, participants: int) -> dict:
    return {"submitted": figures.submitted, "approved": figures.approved, "rejected": figures.rejected,
            "pending": figures.pending, "hidden": figures.hidden, "participants": participants,
            "rejected_by_reason": {reason.value: count for reason, count in sorted(figures.rejected_by_reason.items())}}


def reply_author(reply, anonymize: bool) -> str:
    """An official reply's author as the public record shows it: `○○○` while the record anonymizes
    members (only members reply), else the member's display name; "" for a deleted account."""
    if reply.author is None:
        return ""
    return ANONYMOUS if anonymize else reply.author.document_name


def _comment(comment: Comment, replies, anonymize: bool) -> dict:
    return {"id": comment.id, **comment.document_author, "guest": comment.is_guest,
            "stance": comment.stance.value, "phase": comment.phase.value, "created_at": comment.created_at.isoformat(),
            "agree_count": comment.agree_count, "body": comment.public_body,
            "replies": [{"author": reply_author(reply, anonymize), "body": reply.body,
                         "created_at": reply.created_at.isoformat()} for reply in replies]}


def _opinions(record_id: int | None, anonymize: bool) -> dict[int, list[dict]]:
    if record_id is None:
        return {}
    by_item: dict[int, list[dict]] = {}
    rows = db.session.scalars(sa.select(WrittenOpinion).where(WrittenOpinion.record_id == record_id)
                              .order_by(WrittenOpinion.created_at, WrittenOpinion.id))
    for row in rows:
        member = ANONYMOUS if anonymize or row.member is None else row.member.document_name
        by_item.setdefault(row.agenda_item_id, []).append(
            {"member": member, "body": row.body, "updated_at": row.updated_at.isoformat()})
    return by_item


def relabel_former_authors(document: dict) -> tuple[int, ...]:
    """In a version's frozen document, show the comments whose authors have since deleted their accounts
    under the neutral label (`Comment.document_author`), as the live draft does; the stored version and
    its hash stay as they are. Returns the ids of the comments relabelled (none: the document as stored)."""
    citizens = document.get("citizens") or {}
    shown = {comment["id"]: comment for item in citizens.get("items", []) for comment in item.get("comments", [])
             if isinstance(comment, dict) and "id" in comment}
    if not shown:
        return ()
    meeting_id = (document.get("meeting") or {}).get("id")
    former = db.session.scalars(  # the meeting's comments by deleted accounts: usually none, one indexed query
        sa.select(Comment).join(User, User.id == Comment.author_id)
        .where(Comment.meeting_id == meeting_id, User.deleted_at.is_not(None)).order_by(Comment.id))
    relabelled = []
    for comment in former:
        if comment.id in shown:
            shown[comment.id].update(comment.document_author)
            relabelled.append(comment.id)
    return tuple(relabelled)


def citizens_part(meeting: Meeting, *, record_id: int | None = None, anonymize: bool = True) -> dict:
    """The whole citizens' part of the meeting, as a plain document (the record's JSON and snapshot)."""
    comments = sorted(queries.approved_for_meeting(meeting.id, every=True), key=lambda c: (c.created_at, c.id))
    replies = queries.replies_by_comment([c.id for c in comments])
    per_item, counted = queries.item_figures(meeting.id), queries.participants(meeting.id)
    opinions = _opinions(record_id, anonymize)
    agenda = agenda_of(meeting)
    briefs = brief.meeting_briefs(meeting, agenda)
    items = []
    for item in agenda:
        items.append({
            "item_id": item.id, "position": item.position, "title": item.title,
            "figures": figures_document(per_item.get(item.id, queries.Figures()), counted.get(item.id, 0)),
            "comments": [_comment(c, replies[c.id], anonymize) for c in comments if c.item_id == item.id],
            "opinions": opinions.get(item.id, []),
            "brief": briefs[item.id],
        })
    return {"figures": figures_document(queries.moderation_figures(meeting.id), counted[None]), "items": items}
