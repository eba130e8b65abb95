"""Who sits on a committee: its seats (name, seat, title, term), adding a seat and ending one, and the
trail of those changes (who added or ended which seat, when).

Kept by a secretary serving the committee or by an administrator (`meetings.policies.
may_manage_membership`); the record's speakers, its draft readers and its editor follow these seats.
"""
from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from participation.accounts.models import User
from participation.core.db import utcnow
from participation.core.permissions import roles_required
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.core.templating import format_day
from participation.extensions import db
from participation.meetings import membership
from participation.meetings import policies as meeting_policies
from participation.meetings.manage_common import commit_and_redirect, committee_or_404, refuse
from participation.meetings.models import Committee, CommitteeMembership
from participation.record import history
from participation.record.blueprint import bp
from participation.record.editor_forms import SEAT_TITLES, EndMembershipForm, MembershipForm

MEMBERS = "/manage/committees/<int:committee_id>/members"


@bp.record_once
def _template_globals(state) -> None:
    # The committee's public page links its seats screen for those who keep them (administrators, the
    # serving secretary): an administrator has no secretariat page to find it from.
    state.app.jinja_env.globals.update(may_keep_seats=meeting_policies.may_manage_membership)


def _committee(committee_id: int) -> Committee:
    """404 for an unknown committee, 403 unless the user keeps its seats."""
    committee = committee_or_404(committee_id)
    if not meeting_policies.may_manage_membership(current_user, committee):
        abort(403)
    return committee


def _add_form(form: MembershipForm | None = None) -> MembershipForm:
    form = form or MembershipForm(formdata=None)
    form.user_id.choices = [SelectChoice("", _("Choose a person"))] + [
        SelectChoice(str(person.id), _("%(name)s (%(email)s): %(roles)s", name=person.display_name,
                                       email=person.email, roles=", ".join(r.label for r in sorted(person.roles)
                                                                             if r in membership.ROLE_OF_SEAT.values())))
        for person in membership.seat_candidates()]
    return form


def _members_page(committee: Committee, status: int = 200, add_form: MembershipForm | None = None,
                  end_form: EndMembershipForm | None = None, end_row: int | None = None):
    if current_user.has_role(Role.SECRETARY):
        trail = [(_("Secretariat"), url_for("manage.dashboard")),
                 (committee.name, url_for("manage.tasks", committee_id=committee.id))]
    else:  # an administrator came from the committee's page
        trail = [(committee.name, url_for("meetings.committee", committee_id=committee.id))]
    return render_template("record/members.html", committee=committee, rows=membership.memberships(committee),
                           today=utcnow().date(), add_form=_add_form(add_form), end_form=end_form,
                           end_row=end_row, fresh_end_form=EndMembershipForm(formdata=None),
                           titles=SEAT_TITLES, crumbs=trail, history=history.of_committee(committee.id)), status


@bp.route(MEMBERS)
@roles_required(Role.SECRETARY, Role.ADMIN)
def members(committee_id: int):
    return _members_page(_committee(committee_id))


@bp.route(MEMBERS + "/add", methods=["POST"])
@roles_required(Role.SECRETARY, Role.ADMIN)
def member_add(committee_id: int):
    committee = _committee(committee_id)
    form = _add_form(MembershipForm())
    if form.validate():
        person = db.session.get(User, form.user_id.data)
        try:
            membership.add_membership(committee, person, form.role.data, title=form.title.data or "",
                                      starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                                      actor=current_user)
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("%(name)s now holds a seat: %(seat)s.", name=person.display_name,
                                         seat=form.role.data.label), "record.members", committee_id=committee.id)
    return _members_page(committee, 400, add_form=form)


@bp.route(MEMBERS + "/<int:membership_id>/end", methods=["POST"])
@roles_required(Role.SECRETARY, Role.ADMIN)
def member_end(committee_id: int, membership_id: int):
    committee = _committee(committee_id)
    row = db.session.get(CommitteeMembership, membership_id)
    if row is None or row.committee_id != committee.id:
        abort(404)
    form = EndMembershipForm()
    if form.validate():
        try:
            membership.end_membership(row, form.ends_on.data, actor=current_user)
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("The seat of %(name)s ends on %(day)s.", name=row.user.display_name,
                                         day=format_day(form.ends_on.data)),
                                       "record.members", committee_id=committee.id)
    return _members_page(committee, 400, end_form=form, end_row=row.id)
