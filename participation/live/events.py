"""The event store: public events of a meeting, numbered per meeting, stored, then broadcast after commit.

Also the messages to the moderators' room, which are sent after commit but not stored (they are not
public), and the shapes in which comments travel. `receivers.py` turns domain signals into these.
"""
from __future__ import annotations

import sqlalchemy as sa

from participation.comments.models import Comment, ModerationAction, Reply
from participation.comments import personal_data
from participation.comments.queries import current_reports, replies_by_comment, submitter_history
from participation.core import after_commit
from participation.core.db import utcnow
from participation.extensions import db, socketio
from participation.live.models import LiveEvent, LiveSession

NAMESPACE = "/live"


def meeting_room(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


def moderation_room(meeting_id: int) -> str:
    """A privileged room: every send to it keeps only the sockets still allowed in it (rooms.py)."""
    return f"moderation:{meeting_id}"


def user_room(user_id: int) -> str:
    """Every live socket of a logged-in user, on whichever process (joined on connect, rooms.py)."""
    return f"user:{user_id}"


def guest_room(guest_id: str) -> str:
    """Every live socket of one guest (the guest id of its browser's session; joined on connect, rooms.py)."""
    return f"guest:{guest_id}"


def figures_room(meeting_id: int) -> str:
    """Pages that follow only the meeting's moderation figures (`figures.join`), not counted as viewers."""
    return f"figures:{meeting_id}"


def feedback_room(meeting_id: int) -> str:
    """Feedback dashboards of the meeting (`feedback.join`), not counted as viewers."""
    return f"feedback:{meeting_id}"


def live_session(meeting_id: int) -> LiveSession:
    """The meeting's live state row, created on first use."""
    row = db.session.get(LiveSession, meeting_id)
    if row is None:
        row = LiveSession(meeting_id=meeting_id, last_seq=0)
        db.session.add(row)
        db.session.flush()
    return row


def record(meeting_id: int, type_: str, data: dict) -> LiveEvent:
    """Store a public event with the meeting's next id and broadcast it once the transaction commits."""
    live_session(meeting_id)
    seq = db.session.execute(
        sa.update(LiveSession).where(LiveSession.meeting_id == meeting_id)
        .values(last_seq=LiveSession.last_seq + 1).returning(LiveSession.last_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    event = LiveEvent(meeting_id=meeting_id, seq=seq, type=type_, data=data, created_at=utcnow())
    db.session.add(event)
    db.session.flush()
    payload = event.to_payload()
    after_commit.queue(db.session(), lambda: socketio.emit("event", payload, to=meeting_room(meeting_id),
                                                     namespace=NAMESPACE))
    return event


def events_after(meeting_id: int, last_id: int, limit: int = 5000) -> list[LiveEvent]:
    stmt = (sa.select(LiveEvent).where(LiveEvent.meeting_id == meeting_id, LiveEvent.seq > last_id)
            .order_by(LiveEvent.seq).limit(limit))
    return list(db.session.scalars(stmt))


def to_user(user_id: int, event: str, payload: dict) -> None:
    """Send `event` to every live socket of the user after commit (on every process); not stored."""
    after_commit.queue(db.session(), lambda: socketio.emit(event, payload, to=user_room(user_id), namespace=NAMESPACE))


def to_guest(guest_id: str, event: str, payload: dict) -> None:
    """Send `event` to every live socket of the guest after commit (on every process); not stored."""
    after_commit.queue(db.session(), lambda: socketio.emit(event, payload, to=guest_room(guest_id), namespace=NAMESPACE))


def to_moderators(meeting_id: int, type_: str, data: dict) -> None:
    """Send to the moderators' room after commit; not stored, not replayed. Only the sockets whose user
    may still moderate the meeting at the moment of sending receive it (rooms.py), whenever they joined."""
    payload = {"type": type_, "meeting_id": meeting_id, "at": utcnow().isoformat(), "data": data}
    after_commit.queue(db.session(), lambda: socketio.emit(type_, payload, to=moderation_room(meeting_id),
                                                     namespace=NAMESPACE))


def public_comment(comment: Comment, replies: list[Reply] | None = None) -> dict:
    """What everyone may see of an approved comment."""
    return {
        "id": comment.id, "item_id": comment.item_id, "anchor": comment.anchor, **comment.document_author,
        "guest": comment.is_guest, "stance": comment.stance.value, "phase": comment.phase.value,
        "body": comment.public_body, "agree_count": comment.agree_count,
        "disagree_count": comment.disagree_count, "pass_count": comment.pass_count,
        "created_at": comment.created_at.isoformat(),
        "replies": [public_reply(r) for r in (replies or [])],
    }


def public_reply(reply: Reply) -> dict:
    return {"id": reply.id, "comment_id": reply.comment_id, "author": reply.author.document_name if reply.author else "",
            "body": reply.body, "created_at": reply.created_at.isoformat()}


def queue_of(comments: list[Comment]) -> list[dict]:
    """The moderation queue (or the reported comments) as sent to moderators, the authors' histories
    and the reports read in one query each."""
    histories = submitter_history({c.submitter_key for c in comments})
    reports = current_reports(comments)
    return [queued_comment(c, histories[c.submitter_key], reports.get(c.id, [])) for c in comments]


def queued_comment(comment: Comment, history=None, reports=None) -> dict:
    """What a moderator sees in the queue: the full text, personal data marked, the author's history,
    the published text and the reasons of the reports since the last approval or dismissal."""
    history = history or submitter_history({comment.submitter_key})[comment.submitter_key]
    reports = current_reports([comment]).get(comment.id, []) if reports is None else reports
    return {
        "id": comment.id, "item_id": comment.item_id, "item_title": comment.item.title, "anchor": comment.anchor,
        "author": comment.author_name, "guest": comment.is_guest, "stance": comment.stance.value,
        "status": comment.status.value, "body": comment.body,
        "personal_data": [{"kind": s.kind, "start": s.start, "end": s.end} for s in personal_data.find(comment.body)],
        "history": {"approved": history.approved, "rejected": history.rejected},
        "report_count": comment.report_count, "created_at": comment.created_at.isoformat(),
        "public_body": comment.public_body,
        "reports": [{"reason": r.reason, "created_at": r.created_at.isoformat()} for r in reports],
    }


def withdraw_stored(comment: Comment) -> None:
    """Take a hidden comment's text out of the stored events, so a replay does not serve it again.

    Approving it again on a second look records a fresh `comment.approved`."""
    stmt = sa.select(LiveEvent).where(LiveEvent.meeting_id == comment.meeting_id,
                                      LiveEvent.type == "comment.approved")
    for event in db.session.scalars(stmt):
        if event.data.get("comment", {}).get("id") == comment.id:
            event.data = {"comment": {**event.data["comment"], "body": "", "author": "", "replies": []},
                          "withdrawn": True}
