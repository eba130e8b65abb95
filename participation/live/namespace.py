"""The Socket.IO namespace `/live`: the real-time protocol of docs/realtime.md.

Each client call is validated, checked against the caller's role, run through the same services as
the HTML forms, committed, and only then acknowledged: `{"ok": true, ...}` or
`{"ok": false, "error": {"code", "message"}}` with the message in the caller's language.
Broadcasts leave after the commit (see core/after_commit.py).
"""
from __future__ import annotations

from contextlib import nullcontext
from typing import Callable

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import Namespace, emit, join_room, leave_room

from participation.comments import policies as comment_policies
from participation.comments import queries as comment_queries
from participation.comments.models import Comment, VoteChoice
from participation.comments import services as comments
from participation.comments.services import Submitter
from participation.core import ratelimit
from participation.core.services import ServiceError, require
from participation.core.transactions import write_transaction
from participation.extensions import db, socketio
from participation.live import events, feedback, figures, limits, presence, rooms
from participation.live import services as live
from participation.live.payloads import PayloadError, integer, optional_integer, require_field
from participation.meetings import queries as meeting_queries
from participation.meetings.models import Meeting


def ok(**data) -> dict:
    return {"ok": True, **data}


def failure(code: str, message, field: str | None = None, **details) -> dict:
    error = {"code": code, "message": str(message)}
    if field:
        error["field"] = field
    error.update(details)  # a refusal's own fields: `consent_required` carries the text to ask and its version
    return {"ok": False, "error": error}


def rate_identity() -> tuple[str, str]:
    """Whose socket events these are, and the limit that applies: a user's, a guest's (the id its pages
    set in the session), or, for a socket without a guest id, its address's: a reconnect cannot reset
    that one, and its own limit leaves room for the many people behind one carrier's address.

    The user is read from the signed session (Flask-Login's `<id>:<token>`), not loaded: the call then
    loads them inside its write unit, fresh (a transaction begun before the unit would end at its start
    and leave the user to load twice); whether the session is still valid is the call's to check."""
    user_id = str(session.get("_user_id") or "").partition(":")[0]
    if user_id.isdigit():
        return "SOCKET_EVENT_RATE_LIMIT", f"u:{user_id}"
    if session.get("guest_id"):
        return "SOCKET_EVENT_RATE_LIMIT", f"g:{session['guest_id']}"
    return "ADDRESS_SOCKET_EVENT_RATE_LIMIT", f"a:{request.remote_addr}"


def _guest_id() -> str:
    # Pages set session["guest_id"]; a socket without one gets an id for its own connection.
    return session.get("guest_id") or f"sid-{request.sid}"


def _voter() -> Submitter:
    """Who votes: the user, or the guest of the session's guest id. Not the id of a connection: it
    changes on every reconnect, and the same person would vote again (comments.check_voter refuses)."""
    return Submitter.of(_user(), guest_id=session.get("guest_id"))


def _user():
    return current_user._get_current_object()


def _meeting(payload: dict, key: str = "meeting_id") -> Meeting:
    return meeting_queries.visible_meeting(integer(payload, key), _user(), field=key)


def _comment(payload: dict, may: Callable) -> Comment:
    """The comment the call is about. Who may make the call at all (`may(user)`, the policy the service
    enforces again on the comment itself) is answered first, so a visitor learns "log in first" rather
    than whether an id exists."""
    require(may(current_user), current_user)
    return comments.get_comment(integer(payload, "comment_id"), _user())


def _consent(payload: dict) -> str | None:
    """The version of the consent text the submitter agrees to with this comment (`consent: true` and
    `consent_version`), or None; the comment service decides whether it is needed and current."""
    consent = payload.get("consent")
    if consent is None or consent is False:
        return None
    if consent is not True:
        raise PayloadError("consent", _("The answer to the consent question must be yes or no."))
    version = payload.get("consent_version")
    if not isinstance(version, str) or not version:
        raise PayloadError("consent_version", _("Send the version of the consent text that was agreed to."))
    return version


def reads_only(handler: Callable[[dict], dict]) -> Callable[[dict], dict]:
    """Mark a call that writes nothing in the database: it runs outside a write unit, so that on SQLite a
    crowd joining does not queue one by one for the write lock (core/transactions.py)."""
    handler.reads_only = True
    return handler


def _vote(payload: dict, choice) -> comments.VoteResult:
    """The voter's vote on the comment of the payload. Staff learn "forbidden" before anything about the id,
    as `_comment` answers first who may call; a guest's meeting decides after the lookup, as for comments."""
    voter = _voter()
    comments.check_voter(voter)
    comment = comments.get_comment(integer(payload, "comment_id"), _user())
    return comments.vote(comment, voter, choice)


class LiveNamespace(Namespace):
    """Handlers are looked up by the dotted event name (`comment.submit` -> `comment_submit`)."""

    def trigger_event(self, event, sid, *args):
        if event in ("connect", "disconnect"):
            return super().trigger_event(event, sid, *args)
        name = str(event or "")
        # Only the documented dotted names: `comment_submit` is not an alias of `comment.submit`.
        handler = None if "_" in name else getattr(self, "call_" + name.replace(".", "_"), None)
        unit = nullcontext if getattr(handler, "reads_only", False) else write_transaction
        handler = limits.checked(handler, event, args)  # `too_large` over 32 KiB, `malformed` (limits.py)
        return self.socketio._handle_event(self._guarded(handler, event, unit), event, self.namespace, sid,
                                           *args[:1])

    def _guarded(self, handler: Callable[[dict], dict] | None, event, unit=write_transaction) -> Callable:
        def run(payload=None, *_extra):
            try:
                # Every call counts, also unknown and malformed ones ("120 calls of any kind a minute").
                wait = ratelimit.hit(*rate_identity())
                if wait:
                    return failure("rate_limited", _("Too many messages. Try again in %(s)s seconds.", s=wait))
                if handler is None:
                    return failure("unknown_event", _("Unknown event “%(name)s”.", name=str(event)[:40]))
                if not isinstance(payload, dict):
                    return failure("invalid", _("The message must be a JSON object."))
                with unit():  # one writer at a time on SQLite (core/transactions.py), unless `reads_only`
                    result = handler(payload)
                    db.session.commit()
                return ok(**result)
            except PayloadError as error:
                db.session.rollback()
                return failure("invalid", error.message, error.field)
            except ServiceError as error:
                db.session.rollback()
                return failure(error.code, error.message, error.field, **getattr(error, "details", {}))
            except Exception:  # noqa: BLE001 - a client must get an answer, never a dropped call
                db.session.rollback()
                current_app.logger.exception("live event failed")
                return failure("server_error", _("Something went wrong on our side. Please try again."))

        return run

    def on_connect(self, auth=None):
        # Connections count against the same limit as calls: reconnecting does not start afresh.
        try:
            wait = ratelimit.hit(*rate_identity())
        except Exception:  # noqa: BLE001 - Redis away a moment: the client is refused with a reason, not left hanging
            current_app.logger.exception("live connect failed")
            raise ConnectionRefusedError(failure(
                "server_error", _("Something went wrong on our side. Please try again."))["error"]) from None
        if wait:
            raise ConnectionRefusedError(
                failure("rate_limited", _("Too many messages. Try again in %(s)s seconds.", s=wait))["error"])
        presence.ensure_broadcaster()
        # The user's own room (told and evicted when the account changes), or the guest's own room.
        rooms.enter(_user(), guest_id=_guest_id())

    def on_disconnect(self, reason=None):
        ratelimit.hit(*rate_identity())
        presence.leave(request.sid)

    # Viewers

    @reads_only
    def call_join(self, payload: dict) -> dict:
        meeting_id = live.watchable(integer(payload, "meeting_id"), _user())
        last_event_id = optional_integer(payload, "last_event_id", minimum=0)
        # Joined first, then the state and the replay read in a transaction begun after the join (one
        # snapshot): an event committed later reaches the socket live, nothing falls between the two.
        db.session.commit()
        join_room(events.meeting_room(meeting_id))
        presence.join(meeting_id, request.sid)
        replayed = 0
        if last_event_id is not None:
            for event in events.events_after(meeting_id, last_event_id):
                emit("event", event.to_payload(), to=request.sid, ignore_queue=True)
                replayed += 1
        state = live.viewer_state(meeting_id)
        return {**state, "viewers": presence.count(meeting_id), "replayed": replayed}

    @reads_only
    def call_leave(self, payload: dict) -> dict:
        meeting = _meeting(payload)
        leave_room(events.meeting_room(meeting.id))
        presence.leave(request.sid, meeting.id)
        return {}

    @reads_only
    def call_figures_join(self, payload: dict) -> dict:
        """Follow only the meeting's moderation figures (the meeting page): not a viewer of the live page."""
        meeting = _meeting(payload)
        join_room(events.figures_room(meeting.id))
        return {"meeting_id": meeting.id, "figures": figures.public_figures(meeting.id)}

    @reads_only
    def call_feedback_join(self, payload: dict) -> dict:
        """Follow the meeting's feedback dashboard (`feedback.changed`): not a viewer of the live page."""
        meeting = _meeting(payload)
        join_room(events.feedback_room(meeting.id))
        feedback.follow(meeting.id)
        return {"meeting_id": meeting.id, "feedback": feedback.dashboard_figures(meeting)}

    # Citizens

    def call_comment_submit(self, payload: dict) -> dict:
        item = meeting_queries.visible_item(integer(payload, "item_id"), _user())
        submitter = Submitter.of(_user(), guest_id=_guest_id(), nickname=payload.get("nickname"))
        comment, _created = comments.submit(item, submitter, body=payload.get("body"), stance=payload.get("stance"),
                                            client_key=payload.get("client_key"), anchor=payload.get("anchor"),
                                            remote_addr=request.remote_addr, consent=_consent(payload))
        return {"comment_id": comment.id, "status": comment.status.value}

    def call_comment_vote(self, payload: dict) -> dict:
        return _vote(payload, payload.get("choice")).as_dict()

    def call_comment_agree(self, payload: dict) -> dict:
        """Voting agree, as `comment.agree` did before votes had three choices: also `count`."""
        result = _vote(payload, VoteChoice.AGREE)
        return {**result.as_dict(), "count": result.counts[VoteChoice.AGREE.value]}

    def call_comment_report(self, payload: dict) -> dict:
        comment = _comment(payload, comment_policies.may_react)
        comments.report(comment, _user(), payload.get("reason"))
        return {"comment_id": comment.id}

    # Moderators

    @reads_only
    def call_moderation_join(self, payload: dict) -> dict:
        meeting = _meeting(payload)
        require(comment_policies.may_moderate(current_user, meeting), current_user)
        join_room(events.moderation_room(meeting.id))
        queue = comment_queries.pending_queue(meeting.id)
        reported = comment_queries.reported_queue(meeting.id)
        return {"meeting_id": meeting.id, "queue": events.queue_of(queue), "reported": events.queue_of(reported)}

    def call_comment_approve(self, payload: dict) -> dict:
        comment = _comment(payload, comment_policies.may_moderate)
        comments.approve(comment, _user(), redactions=payload.get("redactions"), note=payload.get("note"))
        return {"comment_id": comment.id, "status": comment.status.value}

    def call_comment_reject(self, payload: dict) -> dict:
        comment = _comment(payload, comment_policies.may_moderate)
        comments.reject(comment, _user(), reason=payload.get("reason"), note=payload.get("note"))
        return {"comment_id": comment.id, "status": comment.status.value}

    def call_comment_hide(self, payload: dict) -> dict:
        comment = _comment(payload, comment_policies.may_moderate)
        comments.hide(comment, _user(), reason=payload.get("reason"), note=payload.get("note"))
        return {"comment_id": comment.id, "status": comment.status.value}

    def call_reports_dismiss(self, payload: dict) -> dict:
        comment = _comment(payload, comment_policies.may_moderate)
        comments.dismiss_reports(comment, _user(), note=payload.get("note"))
        return {"comment_id": comment.id, "status": comment.status.value, "report_count": comment.report_count}

    # Committee members

    def call_reply_post(self, payload: dict) -> dict:
        comment = _comment(payload, comment_policies.may_reply)
        reply = comments.post_reply(comment, _user(), payload.get("body"))
        return {"reply_id": reply.id, "comment_id": comment.id}

    # Secretary

    def call_session_start(self, payload: dict) -> dict:
        meeting = _meeting(payload)
        live.start(meeting, _user())
        return live.state_of(meeting)

    def call_session_advance(self, payload: dict) -> dict:
        item = meeting_queries.visible_item(integer(payload, "item_id"), _user())
        # The payload names the item; a client that also names its meeting (the live page does) must
        # not move another meeting's pointer.
        meeting = _meeting(payload) if payload.get("meeting_id") is not None else item.meeting
        live.advance(meeting, _user(), item.id)
        return live.state_of(meeting)

    def call_session_spotlight(self, payload: dict) -> dict:
        meeting = _meeting(payload)
        require_field(payload, "comment_id")  # required; null clears
        live.spotlight(meeting, _user(), optional_integer(payload, "comment_id"))
        return live.state_of(meeting)

    def call_session_end(self, payload: dict) -> dict:
        meeting = _meeting(payload)
        live.end(meeting, _user())
        return live.state_of(meeting)


def register(app) -> None:
    """Serve the namespace on the app's Socket.IO server."""
    socketio.on_namespace(LiveNamespace(events.NAMESPACE))
