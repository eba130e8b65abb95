"""What the secretary's view modules share: the `manage` blueprint, lookups that answer 404, form helpers.

The blueprint lives here, not in `manage_views.py`, so that `manage_views`, `manage_plan_views` and
`manage_material_views` can all register routes on it with plain top-of-file imports (no import cycle).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings.models import Committee, Meeting, Task

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.context_processor
def _time_zone() -> dict:
    """The zone the forms' times are in, for the hints beside them."""
    return {"time_zone": str(get_timezone())}


def crumbs(committee: Committee | None = None, meeting: Meeting | None = None) -> list[tuple[str, str]]:
    """The breadcrumb trail above a secretary's page: the dashboard, then the committee or the meeting."""
    trail = [(_("Secretariat"), url_for("manage.dashboard"))]
    if committee is not None:
        trail.append((committee.name, url_for("manage.tasks", committee_id=committee.id)))
    if meeting is not None:
        trail.append((meeting.title, url_for("manage.meeting", meeting_id=meeting.id)))
    return trail


def meeting_or_404(meeting_id: int) -> Meeting:
    return db.session.get(Meeting, meeting_id) or abort(404)


def committee_or_404(committee_id: int) -> Committee:
    return db.session.get(Committee, committee_id) or abort(404)


def task_or_404(task_id: int) -> Task:
    return db.session.get(Task, task_id) or abort(404)


def refuse(form: FlaskForm | None, error: ServiceError) -> None:
    """Show a refused use case: beside its field when the form has it, else as a flash. Nothing is kept."""
    db.session.rollback()
    field = getattr(form, error.field, None) if form is not None and error.field else None
    if field is None:
        flash(str(error.message), "error")
    else:
        field.errors.append(str(error.message))


def status_of(form: FlaskForm) -> int:
    """200 for a first display, 400 for a submitted form shown again (something was wrong)."""
    return 400 if form.is_submitted() else 200


def commit_and_redirect(message: str, endpoint: str, **values):
    """After a successful POST: commit once, say so, and send the browser on with 303 See Other."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, **values), 303)
