"""The committee's review of its record: members' remarks on the draft's entries (the secretary resolves
each) and the members' written opinions per agenda item (the secretary sees who has answered).

These pages are the committee's own: anyone else gets 404 (a draft's existence is not told), a person of
the committee without the right seat 403. `readable` and `version_arg` serve `final_views` too.
"""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.permissions import roles_required
from participation.core.roles import Role
from participation.core.services import MAX_ID, NotFound, ServiceError
from participation.meetings import queries as meeting_queries
from participation.meetings.manage_common import commit_and_redirect, refuse
from participation.meetings.models import Meeting
from participation.meetings.services import agenda_of
from participation.record import exports, opinions, policies
from participation.record.blueprint import bp
from participation.record.models import Record, RecordEntry
from participation.record.reading import UNKNOWN, record_of_meeting
from participation.record.review_forms import ConfirmForm, OpinionForm, RemarkForm, opinion_form


def readable(meeting_id: int) -> tuple[Meeting, Record | None]:
    """The meeting and its record (None before its first entry) when the user may read the record."""
    meeting = meeting_queries.visible_meeting(meeting_id, current_user)
    record = record_of_meeting(meeting)
    if not policies.may_read(current_user, meeting, has_version=bool(record and record.versions)):
        raise NotFound(UNKNOWN, field="meeting_id")
    return meeting, record


def committee_only(meeting_id: int) -> tuple[Meeting, Record | None]:
    """As `readable`, for pages of the committee's own people only (a final record is public, its review
    is not)."""
    meeting, record = readable(meeting_id)
    if not (policies.serves(current_user, meeting) or policies.sits_on(current_user, meeting)):
        raise NotFound(UNKNOWN, field="meeting_id")
    return meeting, record


def version_arg(name: str) -> int | None:
    """A version number from the query string: ASCII digits, 1..MAX_ID, else 404; None when absent."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
        abort(404)
    return int(raw)


def _entry_of(record: Record | None, entry_id: int) -> RecordEntry:
    entry = next((e for e in record.entries if e.id == entry_id), None) if record else None
    if entry is None:
        raise NotFound(_("Unknown entry."), field="entry_id")
    return entry


def _public(entry: RecordEntry, record: Record) -> dict:
    return exports.public_entry(entry, record.anonymize_members)


# --- Remarks ------------------------------------------------------------------------------------------------

@bp.route("/meetings/<int:meeting_id>/record/remarks")
@roles_required(Role.MEMBER, Role.SECRETARY)
def remarks(meeting_id: int):
    meeting, record = committee_only(meeting_id)
    return render_template(
        "record/remarks.html", meeting=meeting, record=record, remarks=opinions.remarks_of(record),
        entries=[(entry, _public(entry, record)) for entry in record.entries] if record else [],
        may_remark=policies.may_remark(current_user, meeting),
        may_resolve=policies.may_resolve_remarks(current_user, meeting), resolve_form=ConfirmForm())


@bp.route("/meetings/<int:meeting_id>/record/entries/<int:entry_id>/remark", methods=["GET", "POST"])
@roles_required(Role.MEMBER)
def remark(meeting_id: int, entry_id: int):
    meeting, record = committee_only(meeting_id)
    entry = _entry_of(record, entry_id)
    if not policies.may_remark(current_user, meeting):
        abort(403)
    form = RemarkForm()
    if form.validate_on_submit():
        try:
            opinions.add_remark(meeting, entry, current_user, form.body.data)
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("Your remark is sent to the secretary."), "record.remarks",
                                       meeting_id=meeting.id)
    status = 400 if form.is_submitted() else 200
    on_entry = [r for r in opinions.remarks_of(record) if r.entry_id == entry.id]
    return render_template("record/remark.html", meeting=meeting, entry=_public(entry, record), entry_id=entry.id,
                           remarks=on_entry, form=form), status


@bp.route("/meetings/<int:meeting_id>/record/remarks/<int:remark_id>/resolve", methods=["POST"])
@roles_required(Role.SECRETARY)
def resolve_remark(meeting_id: int, remark_id: int):
    meeting, record = committee_only(meeting_id)
    found = opinions.remark_of(record, remark_id)
    if found is None:
        raise NotFound(_("Unknown remark."), field="remark_id")
    if not ConfirmForm().validate():
        abort(400)
    try:
        opinions.resolve_remark(meeting, found, current_user)
    except ServiceError as error:
        refuse(None, error)
        return remarks(meeting_id), 400
    return commit_and_redirect(_("The remark is marked as resolved."), "record.remarks", meeting_id=meeting.id)


# --- Written opinions ---------------------------------------------------------------------------------------

def _opinions_page(meeting: Meeting, record: Record | None, status: int = 200, failed: tuple[int, OpinionForm] | None = None):
    own = opinions.opinions_by_member(record, current_user)
    agenda, forms = agenda_of(meeting), {}
    for item in agenda:
        if failed and failed[0] == item.id:
            forms[item.id] = failed[1]
        else:
            forms[item.id] = opinion_form(item.id, formdata=None, body=own[item.id].body if item.id in own else "")
    return render_template(
        "record/opinions.html", meeting=meeting, record=record, agenda=agenda, own=own, forms=forms,
        deadline=opinions.deadline_of(record), is_open=opinions.opinions_open(meeting, record),
        may_write=opinions.may_write(current_user, meeting, record), sits_on=policies.sits_on(current_user, meeting),
        answers=opinions.answers(meeting, record) if policies.may_follow_opinions(current_user, meeting) else None,
    ), status


@bp.route("/meetings/<int:meeting_id>/record/opinions")
@roles_required(Role.MEMBER, Role.SECRETARY)
def opinions_page(meeting_id: int):
    meeting, record = committee_only(meeting_id)
    return _opinions_page(meeting, record)


@bp.route("/meetings/<int:meeting_id>/record/opinions/<int:item_id>", methods=["POST"])
@roles_required(Role.MEMBER)
def opinion(meeting_id: int, item_id: int):
    meeting, record = committee_only(meeting_id)
    item = meeting_queries.item_of(meeting, item_id)
    form = opinion_form(item.id)
    if not opinions.may_write(current_user, meeting, record):
        flash(_("Written opinions are taken from the committee's members after the meeting, until the deadline."),
              "error")
        return _opinions_page(meeting, record, 403)
    if form.validate_on_submit():
        try:
            opinions.submit_opinion(meeting, item, current_user, form.body.data)
        except ServiceError as error:
            refuse(form, error)
        else:
            response = commit_and_redirect(_("Your written opinion is saved."), "record.opinions_page",
                                           meeting_id=meeting.id)
            response.location = url_for("record.opinions_page", meeting_id=meeting.id, _anchor=f"item-{item.id}")
            return response
    return _opinions_page(meeting, record, 400, failed=(item.id, form))
