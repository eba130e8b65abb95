"""The secretary's screens for committees and their plan: tasks and each task's public status history."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.permissions import roles_required
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.meetings import queries, services
from participation.meetings.forms import CommitteeForm, TaskEditForm, TaskForm, TaskStatusForm
from participation.meetings.manage_common import (
    bp, commit_and_redirect, committee_or_404, crumbs, refuse, status_of, task_or_404,
)


@bp.route("/committees/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def committee_new():
    form = CommitteeForm()
    if form.validate_on_submit():
        committee = services.create_committee(form.name.data, form.description.data)
        return commit_and_redirect(_("Committee created."), "manage.tasks", committee_id=committee.id)
    return render_template("manage/form.html", form=form, heading=_("New committee"), submit=_("Create committee"),
                           crumbs=crumbs(), cancel=url_for("manage.dashboard")), status_of(form)


@bp.route("/committees/<int:committee_id>/edit", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def committee_edit(committee_id: int):
    committee = committee_or_404(committee_id)
    form = CommitteeForm(obj=committee)
    if form.validate_on_submit():
        services.update_committee(committee, form.name.data, form.description.data)
        return commit_and_redirect(_("Committee saved."), "manage.tasks", committee_id=committee.id)
    return render_template("manage/form.html", form=form, heading=_("Edit committee"), submit=_("Save"),
                           crumbs=crumbs(committee),
                           cancel=url_for("manage.tasks", committee_id=committee.id)), status_of(form)


@bp.route("/committees/<int:committee_id>/tasks")
@roles_required(Role.SECRETARY)
def tasks(committee_id: int):
    committee = committee_or_404(committee_id)
    return render_template("manage/tasks.html", committee=committee, tasks=queries.tasks_of(committee))


@bp.route("/committees/<int:committee_id>/tasks/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def task_new(committee_id: int):
    committee = committee_or_404(committee_id)
    form = TaskForm()
    if form.validate_on_submit():
        try:
            services.create_task(committee, form.code.data, form.title.data, form.department.data or "",
                                 status=form.status.data, changed_on=form.changed_on.data,
                                 reason=form.reason.data or "", actor_id=current_user.id)
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("Task added to the plan."), "manage.tasks", committee_id=committee.id)
    return render_template("manage/form.html", form=form, heading=_("New task"), submit=_("Add task"),
                           crumbs=crumbs(committee),
                           cancel=url_for("manage.tasks", committee_id=committee.id)), status_of(form)


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def task_edit(task_id: int):
    task = task_or_404(task_id)
    form = TaskEditForm(obj=task)
    if form.validate_on_submit():
        services.update_task(task, form.title.data, form.department.data or "")
        return commit_and_redirect(_("Task saved."), "manage.tasks", committee_id=task.committee_id)
    return render_template("manage/form.html", form=form, heading=_("Edit task %(code)s", code=task.code),
                           submit=_("Save"), crumbs=crumbs(task.committee),
                           cancel=url_for("manage.tasks", committee_id=task.committee_id)), status_of(form)


@bp.route("/tasks/<int:task_id>/status", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def task_status(task_id: int):
    task = task_or_404(task_id)
    form = TaskStatusForm(status=task.status)
    if form.validate_on_submit():
        try:
            services.change_task_status(task, form.status.data, form.changed_on.data, form.reason.data,
                                        current_user.id)
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("Status of %(code)s changed.", code=task.code), "manage.task_status",
                                       task_id=task.id)
    return render_template("manage/task_status.html", form=form, task=task,
                           crumbs=crumbs(task.committee)), status_of(form)
