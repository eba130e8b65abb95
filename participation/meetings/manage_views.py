"""The secretary's screens: the dashboard, meetings with their state moves (postponing and cancelling
too), and agenda items.

Committees and tasks are in `manage_plan_views`, materials in `manage_material_views`; all register on the
same `manage` blueprint, defined in `manage_common`; importing them here registers their routes whenever
the app imports `bp` from this module.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from participation.core.permissions import roles_required
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import manage_material_views, manage_plan_views  # noqa: F401  (register routes)
from participation.meetings import policies, queries, services
from participation.meetings.forms import (
    AgendaItemForm, CancelForm, MeetingCreateForm, MeetingForm, MoveItemForm, PostponeForm, TransitionForm,
    task_choices,
)
from participation.meetings.manage_common import (
    bp, commit_and_redirect, crumbs, meeting_or_404, refuse, status_of,
)
from participation.meetings.models import Meeting, MeetingState

__all__ = ["bp"]

# What each forward move is called on its button, and what it does, said before the secretary presses it.
TRANSITION_ACTIONS = {
    MeetingState.PUBLISHED: (_l("Publish the meeting"),
                             _l("The meeting, its agenda and its materials become visible to everyone. "
                                "Agenda items can no longer be deleted.")),
    MeetingState.LIVE: (_l("Start the live session"),
                        _l("The meeting is shown as live now and the online open session begins.")),
    MeetingState.CLOSED: (_l("Close the meeting"),
                          _l("The meeting ends; it cannot be opened again.")),
}
# "Record final" is not a button of the state form: finalizing freezes the record as its version 1 and has
# its own page (the record's `finalize`), which checks that no comment still waits for a moderator.
FINALIZED_ELSEWHERE = MeetingState.RECORD_FINAL


@bp.route("/")
@roles_required(Role.SECRETARY)
def dashboard():
    meetings = db.session.scalars(
        sa.select(Meeting).options(selectinload(Meeting.committee)).order_by(Meeting.starts_at.desc())
    ).all()
    by_state = [(state, [m for m in meetings if m.state is state]) for state in MeetingState]
    return render_template("manage/dashboard.html", committees=queries.committees(), by_state=by_state)


def _meeting_page(meeting: Meeting, status: int = 200, postpone_form: PostponeForm | None = None,
                  cancel_form: CancelForm | None = None):
    """The meeting's page; its postpone and cancel forms only where the policies allow them (a refused
    one comes back with its errors)."""
    if policies.may_postpone(meeting):
        postpone_form = postpone_form or PostponeForm(formdata=None, starts_at=meeting.starts_at)
    if policies.may_cancel(meeting):
        cancel_form = cancel_form or CancelForm(formdata=None)
    return render_template(
        "manage/meeting.html", meeting=meeting, agenda=services.agenda_of(meeting),
        materials=queries.materials_of(meeting),
        # Cancelling has its own form (it needs a reason); the other moves are one button each.
        transitions=[(state, *TRANSITION_ACTIONS[state]) for state in policies.next_states(meeting)
                     if state in TRANSITION_ACTIONS],
        postpone_form=postpone_form if policies.may_postpone(meeting) else None,
        cancel_form=cancel_form if policies.may_cancel(meeting) else None,
    ), status


@bp.route("/meetings/<int:meeting_id>")
@roles_required(Role.SECRETARY)
def meeting(meeting_id: int):
    return _meeting_page(meeting_or_404(meeting_id))


@bp.route("/meetings/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def meeting_new():
    committees = queries.committees()
    form = MeetingCreateForm(committee_id=request.args.get("committee_id", type=int))
    form.committee_id.choices = [SelectChoice(str(c.id), c.name) for c in committees]
    if form.validate_on_submit():
        committee = next(c for c in committees if c.id == form.committee_id.data)
        try:
            meeting = services.create_meeting(committee, **form.service_fields())
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("Meeting created as a draft."), "manage.meeting", meeting_id=meeting.id)
    return render_template("manage/meeting_form.html", form=form, meeting=None,
                           no_committee=not committees), status_of(form)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def meeting_edit(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = MeetingForm(obj=meeting)
    if form.validate_on_submit():
        try:
            services.update_meeting(meeting, **form.service_fields())
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("Meeting saved."), "manage.meeting", meeting_id=meeting.id)
    return render_template("manage/meeting_form.html", form=form, meeting=meeting), status_of(form)


@bp.route("/meetings/<int:meeting_id>/state", methods=["POST"])
@roles_required(Role.SECRETARY)
def meeting_transition(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = TransitionForm()
    if not form.validate():
        flash(_("Unknown meeting state."), "error")
        return _meeting_page(meeting, 400)
    if form.target.data is FINALIZED_ELSEWHERE and FINALIZED_ELSEWHERE in policies.next_states(meeting):
        flash(_("A record is finalized on its own page, which freezes it as version 1: use “Finalize the record”."),
              "error")
        return _meeting_page(meeting, 400)
    try:
        services.move_meeting(meeting, form.target.data)
    except ServiceError as error:
        refuse(form, error)
        return _meeting_page(meeting, 400)
    return commit_and_redirect(_("The meeting is now “%(state)s”.", state=meeting.state.label),
                               "manage.meeting", meeting_id=meeting.id)


@bp.route("/meetings/<int:meeting_id>/postpone", methods=["POST"])
@roles_required(Role.SECRETARY)
def meeting_postpone(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    if not policies.may_postpone(meeting):
        flash(_("Only a published meeting that has not started can be postponed."), "error")
        return _meeting_page(meeting, 400)
    form = PostponeForm()
    if form.validate():
        try:
            services.postpone_meeting(meeting, actor_id=current_user.id, **form.service_fields())
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("The meeting is postponed; its pages and the live page say so."),
                                       "manage.meeting", meeting_id=meeting.id)
    return _meeting_page(meeting, 400, postpone_form=form)


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@roles_required(Role.SECRETARY)
def meeting_cancel(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    if not policies.may_cancel(meeting):
        flash(_("Only a published meeting that has not started can be cancelled."), "error")
        return _meeting_page(meeting, 400)
    form = CancelForm()
    if form.validate():
        try:
            services.move_meeting(meeting, MeetingState.CANCELLED, reason=form.reason.data, actor_id=current_user.id)
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("The meeting is cancelled; its pages stay and say so."),
                                       "manage.meeting", meeting_id=meeting.id)
    return _meeting_page(meeting, 400, cancel_form=form)


def _item_form(meeting: Meeting, **kwargs) -> AgendaItemForm:
    form = AgendaItemForm(**kwargs)
    form.task_id.choices = task_choices(queries.tasks_of(meeting.committee), _("No task"))
    return form


@bp.route("/meetings/<int:meeting_id>/items/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def item_new(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = _item_form(meeting)
    if form.validate_on_submit():
        try:
            services.add_agenda_item(meeting, **form.service_fields())
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("Agenda item added."), "manage.meeting", meeting_id=meeting.id)
    return render_template("manage/form.html", form=form, heading=_("New agenda item"), submit=_("Add item"),
                           crumbs=crumbs(meeting=meeting),
                           cancel=url_for("manage.meeting", meeting_id=meeting.id)), status_of(form)


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def item_edit(meeting_id: int, item_id: int):
    meeting = meeting_or_404(meeting_id)
    item = queries.item_of(meeting, item_id)
    form = _item_form(meeting, obj=item)
    if form.validate_on_submit():
        try:
            services.update_agenda_item(item, **form.service_fields())
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("Agenda item saved."), "manage.meeting", meeting_id=meeting.id)
    return render_template("manage/form.html", form=form, heading=_("Edit agenda item"), submit=_("Save"),
                           crumbs=crumbs(meeting=meeting),
                           cancel=url_for("manage.meeting", meeting_id=meeting.id)), status_of(form)


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/move", methods=["POST"])
@roles_required(Role.SECRETARY)
def item_move(meeting_id: int, item_id: int):
    meeting = meeting_or_404(meeting_id)
    item = queries.item_of(meeting, item_id)
    form = MoveItemForm()
    if not form.validate():
        flash(_("Choose to move the item up or down."), "error")
        return _meeting_page(meeting, 400)
    services.move_agenda_item(item, -1 if form.direction.data == "up" else 1)
    return commit_and_redirect(_("Agenda order saved."), "manage.meeting", meeting_id=meeting.id)


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/delete", methods=["POST"])
@roles_required(Role.SECRETARY)
def item_delete(meeting_id: int, item_id: int):
    meeting = meeting_or_404(meeting_id)
    item = queries.item_of(meeting, item_id)
    title = item.title
    try:
        services.delete_agenda_item(item)
    except ServiceError as error:
        refuse(None, error)
        return _meeting_page(meeting, 400)
    return commit_and_redirect(_("Agenda item “%(title)s” deleted.", title=title), "manage.meeting",
                               meeting_id=meeting.id)
