"""What the secretary's record screens share: the meeting looked up for its editor (404, then 403), and
how a refused use case answers (a status per refusal code, JSON for scripts, the form shown again)."""
from __future__ import annotations

from flask import abort, jsonify
from flask_login import current_user

from participation.core.errors import wants_json
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings.manage_common import meeting_or_404
from participation.meetings.models import Meeting
from participation.record import policies

# A refusal's HTTP status: the rule's reason, not "bad request" for all.
STATUS_OF_CODE = {"unauthorized": 403, "forbidden": 403, "not_found": 404, "closed": 409, "conflict": 409}


def editor_meeting(meeting_id: int) -> Meeting:
    """The meeting whose record the current user opens: 404 for an unknown id, 403 unless they are a
    secretary serving its committee."""
    meeting = meeting_or_404(meeting_id)
    if not policies.may_open_editor(current_user, meeting):
        abort(403)
    return meeting


def refusal_status(error: ServiceError) -> int:
    """Roll the request's changes back and give the status a refused use case answers with; a forbidden
    one ends here as the 403 page."""
    db.session.rollback()
    status = STATUS_OF_CODE.get(error.code, 400)
    if status == 403:
        abort(403)
    return status


def json_refusal(error: ServiceError, status: int):
    """The refusal as the editor's script reads it."""
    return jsonify(ok=False, error={"code": error.code, "message": str(error.message)}), status


def json_wanted() -> bool:
    return wants_json()
