"""The Socket.IO namespace `/live`: the real-time protocol of docs/realtime.md.

Each client call is validated, checked against the caller's role, run through the same services as
the HTML forms, committed, and only then acknowledged: `{"ok": true, ...}` or
`{"ok": false, "error": {"code", "message"}}` with the message in the caller's language.
Broadcasts leave after the commit (see outbox.py).
"""
from __future__ import annotations

from typing import Callable

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import Namespace, emit, join_room, leave_room

from participation.comments import queries as comment_queries
from participation.comments import services as comments
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.core.services import NotFound, ServiceError
from participation.extensions import db, socketio
from participation.live import events, presence
from participation.live import services as live
from participation.live.payloads import PayloadError, integer, optional_integer
from participation.core import ratelimit
from participation.meetings.models import Meeting


def ok(**data) -> dict:
    return {"ok": True, **data}


def failure(code: str, message, field: str | None = None) -> dict:
    error = {"code": code, "message": str(message)}
    if field:
        error["field"] = field
    return {"ok": False, "error": error}


def _identity() -> str:
    if current_user.is_authenticated:
        return f"u:{current_user.id}"
    return f"g:{_guest_id()}:{request.remote_addr}"


def _guest_id() -> str:
    # Pages set session["guest_id"]; a socket without one gets an id for its own connection.
    return session.get("guest_id") or f"sid-{request.sid}"


def _meeting(payload: dict, key: str = "meeting_id") -> Meeting:
    meeting = db.session.get(Meeting, integer(payload, key))
    secretary = current_user.is_authenticated and current_user.has_role(Role.SECRETARY)
    if meeting is None or not (meeting.is_public or secretary):
        raise NotFound(_("Unknown meeting."), field=key)
    return meeting


def _need(*roles: Role) -> None:
    if not current_user.is_authenticated:
        raise ServiceError(_("Log in first."), code="unauthorized")
    if roles and not any(current_user.has_role(role) for role in roles):
        raise ServiceError(_("You do not have permission to do this."), code="forbidden")


class LiveNamespace(Namespace):
    """Handlers are looked up by the dotted event name (`comment.submit` -> `comment_submit`)."""

    def trigger_event(self, event, sid, *args):
        if event in ("connect", "disconnect"):
            return super().trigger_event(event, sid, *args)
        name = str(event or "")
        # Only the documented dotted names: `comment_submit` is not an alias of `comment.submit`.
        handler = None if "_" in name else getattr(self, "call_" + name.replace(".", "_"), None)
        return self.socketio._handle_event(self._guarded(handler, event), event, self.namespace, sid, *args[:1])

    def _guarded(self, handler: Callable[[dict], dict] | None, event) -> Callable:
        def run(payload=None, *_extra):
            try:
                # Every call counts, also unknown and malformed ones ("120 calls of any kind a minute").
                wait = ratelimit.hit("SOCKET_EVENT_RATE_LIMIT", _identity())
                if wait:
                    return failure("rate_limited", _("Too many messages. Try again in %(s)s seconds.", s=wait))
                if handler is None:
                    return failure("unknown_event", _("Unknown event “%(name)s”.", name=str(event)[:40]))
                if not isinstance(payload, dict):
                    return failure("invalid", _("The message must be a JSON object."))
                result = handler(payload)
                db.session.commit()
                return ok(**result)
            except PayloadError as error:
                db.session.rollback()
                return failure("invalid", error.message, error.field)
            except ServiceError as error:
                db.session.rollback()
                return failure(error.code, error.message, error.field)
            except Exception:  # noqa: BLE001 - a client must get an answer, never a dropped call
                db.session.rollback()
                current_app.logger.exception("live event failed")
                return failure("server_error", _("Something went wrong on our side. Please try again."))

        return run

    def on_connect(self, auth=None):
        presence.ensure_broadcaster()

    def on_disconnect(self, reason=None):
        presence.leave(request.sid)

    # Viewers

    def call_join(self, payload: dict) -> dict:
        meeting = _meeting(payload)
        last_event_id = optional_integer(payload, "last_event_id", minimum=0)
        join_room(events.meeting_room(meeting.id))
        presence.join(meeting.id, request.sid)
        replayed = 0
        if last_event_id is not None:
            # Joined first, then replayed from the store: nothing falls between the two.
            for event in events.events_after(meeting.id, last_event_id):
                emit("event", event.to_payload(), to=request.sid, ignore_queue=True)
                replayed += 1
        state = live.state_of(meeting)
        return {**state, "viewers": presence.count(meeting.id), "replayed": replayed}

    def call_leave(self, payload: dict) -> dict:
        meeting = _meeting(payload)
        leave_room(events.meeting_room(meeting.id))
        presence.leave(request.sid, meeting.id)
        return {}

    # Citizens

    def call_comment_submit(self, payload: dict) -> dict:
        item = comments.get_item(integer(payload, "item_id"))
        if current_user.is_authenticated:
            _need(Role.CITIZEN)
            submitter = Submitter(user=current_user._get_current_object())
        elif not item.meeting.allow_guest_comments:
            raise ServiceError(_("Log in first."), code="unauthorized")  # no guests here
        else:
            submitter = Submitter(guest_id=_guest_id(), nickname=payload.get("nickname"))
        comment, _created = comments.submit(item, submitter, body=payload.get("body"), stance=payload.get("stance"),
                                            client_key=payload.get("client_key"), anchor=payload.get("anchor"),
                                            remote_addr=request.remote_addr)
        return {"comment_id": comment.id, "status": comment.status.value}

    def call_comment_agree(self, payload: dict) -> dict:
        _need()
        comment = comments.get_comment(integer(payload, "comment_id"))
        return {"comment_id": comment.id, "count": comments.agree(comment, current_user._get_current_object())}

    def call_comment_report(self, payload: dict) -> dict:
        _need()
        comment = comments.get_comment(integer(payload, "comment_id"))
        comments.report(comment, current_user._get_current_object(), payload.get("reason"))
        return {"comment_id": comment.id}

    # Moderators

    def call_moderation_join(self, payload: dict) -> dict:
        _need(Role.MODERATOR)
        meeting = _meeting(payload)
        join_room(events.moderation_room(meeting.id))
        queue = comment_queries.pending_queue(meeting.id)
        return {"meeting_id": meeting.id, "queue": events.queue_of(queue)}

    def call_comment_approve(self, payload: dict) -> dict:
        _need(Role.MODERATOR)
        comment = comments.get_comment(integer(payload, "comment_id"))
        comments.approve(comment, current_user._get_current_object(), redactions=payload.get("redactions"),
                         note=payload.get("note"))
        return {"comment_id": comment.id, "status": comment.status.value}

    def call_comment_reject(self, payload: dict) -> dict:
        _need(Role.MODERATOR)
        comment = comments.get_comment(integer(payload, "comment_id"))
        comments.reject(comment, current_user._get_current_object(), reason=payload.get("reason"),
                        note=payload.get("note"))
        return {"comment_id": comment.id, "status": comment.status.value}

    # Committee members

    def call_reply_post(self, payload: dict) -> dict:
        _need(Role.MEMBER)
        comment = comments.get_comment(integer(payload, "comment_id"))
        reply = comments.post_reply(comment, current_user._get_current_object(), payload.get("body"))
        return {"reply_id": reply.id, "comment_id": comment.id}

    # Secretary

    def call_session_start(self, payload: dict) -> dict:
        _need(Role.SECRETARY)
        meeting = _meeting(payload)
        live.start(meeting, current_user._get_current_object())
        return live.state_of(meeting)

    def call_session_advance(self, payload: dict) -> dict:
        _need(Role.SECRETARY)
        item = comments.get_item(integer(payload, "item_id"))
        # The payload names the item; a client that also names its meeting (the live page does) must
        # not move another meeting's pointer.
        meeting = _meeting(payload) if payload.get("meeting_id") is not None else item.meeting
        live.advance(meeting, current_user._get_current_object(), item.id)
        return live.state_of(meeting)

    def call_session_spotlight(self, payload: dict) -> dict:
        _need(Role.SECRETARY)
        meeting = _meeting(payload)
        if "comment_id" not in payload:  # required; null clears
            raise PayloadError("comment_id", _("“%(field)s” is required.", field="comment_id"))
        live.spotlight(meeting, current_user._get_current_object(), optional_integer(payload, "comment_id"))
        return live.state_of(meeting)

    def call_session_end(self, payload: dict) -> dict:
        _need(Role.SECRETARY)
        meeting = _meeting(payload)
        live.end(meeting, current_user._get_current_object())
        return live.state_of(meeting)


def register(app) -> None:
    """Serve the namespace on the app's Socket.IO server."""
    socketio.on_namespace(LiveNamespace(events.NAMESPACE))
