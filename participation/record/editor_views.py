"""The serving secretary's record editor: the entries in order (add, rewrite, move up and down, delete),
the record's settings, and the citizens' part read-only under each agenda item.

Every screen works without JavaScript (plain forms, 303 redirects back to the entry); `record-editor.js`
adds moving an entry by keyboard (Alt+ArrowUp/Down), which posts to the same move URL asking for JSON.
The import is in `import_views`, the committee's seats in `membership_views`; importing them here
registers their routes whenever `views.py` imports this module.
"""
from __future__ import annotations

from datetime import datetime

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from participation.comments.models import Phase, Stance
from participation.core.permissions import roles_required
from participation.core.roles import Role
from participation.core.services import ServiceError, is_id
from participation.extensions import db
from participation.meetings.manage_common import crumbs, status_of
from participation.meetings.models import Meeting
from participation.meetings.services import agenda_of
from participation.record import citizens, policies, services
from participation.record import import_views, membership_views  # noqa: F401  (their routes, on bp)
from participation.record.blueprint import bp
from participation.record.editor_common import editor_meeting, json_refusal, json_wanted, refusal_status
from participation.record.editor_forms import DeleteEntryForm, EntryForm, MoveEntryForm, SettingsForm
from participation.record.kinds import EntryType
from participation.record.models import Record, RecordEntry

EDITOR = "/manage/meetings/<int:meeting_id>/record"
ENTRY = EDITOR + "/entries/<int:entry_id>"


def _citizens(meeting: Meeting, record: Record | None) -> list[dict]:
    """The citizens' part per agenda item as the editor shows it (times and labels ready to print)."""
    part = citizens.citizens_part(meeting, record_id=record.id if record else None, anonymize=False)
    for item in part["items"]:
        for comment in item["comments"]:
            comment["created"] = datetime.fromisoformat(comment["created_at"])
            comment["stance_label"] = Stance(comment["stance"]).label
            comment["phase_label"] = Phase(comment["phase"]).label
    return part["items"]


def editor_page(meeting: Meeting, status: int = 200, settings_form: SettingsForm | None = None):
    """The editor; read-only (no forms) unless the record takes edits now."""
    record = services.find_record(meeting)
    if settings_form is None:
        settings_form = SettingsForm(formdata=None, obj=record) if record else \
            SettingsForm(formdata=None, anonymize_members=True)
    return render_template(
        "record/editor.html", meeting=meeting, record=record, entries=record.entries if record else [],
        editable=policies.may_edit(current_user, meeting), settings_form=settings_form,
        agenda={item.id: item for item in agenda_of(meeting)}, citizens=_citizens(meeting, record),
        crumbs=crumbs(meeting=meeting),
    ), status


def _edit_refusal(meeting: Meeting):
    """None when the current user may write the record now, else the answer that says why not."""
    try:
        services.check_may_edit(current_user, meeting)
    except ServiceError as error:
        status = refusal_status(error)
        if json_wanted():
            return json_refusal(error, status)
        flash(str(error.message), "error")
        return editor_page(meeting, status)
    return None


def _with_choices(form: EntryForm, meeting: Meeting, entry: RecordEntry | None = None) -> EntryForm:
    """The agenda items and the members who may speak, and the entry's own speaker even if their seat has
    since ended (so an unchanged statement still saves)."""
    form.agenda_item_id.choices = [SelectChoice("", _("No agenda item"))] + [
        SelectChoice(str(item.id), f"{item.position}. {item.title}") for item in agenda_of(meeting)]
    people = services.speaker_choices(meeting)
    if entry is not None and entry.speaker is not None and all(p.id != entry.speaker_id for p, _t in people):
        people.append((entry.speaker, ""))
    form.speaker_id.choices = [SelectChoice("", _("No account: the speaker as written below"))] + [
        SelectChoice(str(person.id), f"{person.display_name} ({title})" if title else person.display_name)
        for person, title in people]
    return form


def _field_refusal(form: EntryForm, error: ServiceError) -> int:
    status = refusal_status(error)
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        flash(str(error.message), "error")
    else:
        field.errors.append(str(error.message))
    return status


def _entry_page(meeting: Meeting, form: EntryForm, entry: RecordEntry | None, status: int, after=None):
    heading = _("Edit entry %(n)s", n=entry.position) if entry else _("New entry")
    return render_template("record/entry_form.html", meeting=meeting, form=form, entry=entry, after=after,
                           heading=heading, crumbs=crumbs(meeting=meeting) + [
                               (_("Record"), url_for("record.editor", meeting_id=meeting.id))]), status


def _to_entry(meeting: Meeting, entry: RecordEntry):
    return redirect(url_for("record.editor", meeting_id=meeting.id, _anchor=f"entry-{entry.id}"), 303)


@bp.route(EDITOR)
@roles_required(Role.SECRETARY)
def editor(meeting_id: int):
    return editor_page(editor_meeting(meeting_id))


@bp.route(EDITOR + "/settings", methods=["POST"])
@roles_required(Role.SECRETARY)
def settings(meeting_id: int):
    meeting = editor_meeting(meeting_id)
    if (refusal := _edit_refusal(meeting)) is not None:
        return refusal
    form = SettingsForm()
    if form.validate():
        try:
            services.update_settings(current_user, meeting, anonymize_members=form.anonymize_members.data,
                                     attendance=form.attendance.data or "")
        except ServiceError as error:
            return editor_page(meeting, _field_refusal(form, error), settings_form=form)
        db.session.commit()
        flash(_("Record settings saved."), "success")
        return redirect(url_for("record.editor", meeting_id=meeting.id, _anchor="settings"), 303)
    return editor_page(meeting, 400, settings_form=form)


def _after(meeting: Meeting) -> RecordEntry | None:
    """The entry a new one goes after (`?after=<entry id>` or the form's hidden field); None: at the end."""
    value = request.values.get("after", "")
    return services.entry_of(meeting, int(value)) if value.isdigit() and is_id(int(value)) else None


@bp.route(EDITOR + "/entries/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def entry_new(meeting_id: int):
    meeting = editor_meeting(meeting_id)
    if (refusal := _edit_refusal(meeting)) is not None:
        return refusal
    after = _after(meeting)
    form = _with_choices(EntryForm(), meeting)
    if not form.is_submitted():
        form.type.data = EntryType.STATEMENT
        form.after.data = str(after.id) if after else ""
        form.agenda_item_id.data = after.agenda_item_id if after else None
    if form.validate_on_submit():
        try:
            entry = services.add_entry(current_user, meeting, form.fields(), after=after)
        except ServiceError as error:
            return _entry_page(meeting, form, None, _field_refusal(form, error), after)
        db.session.commit()
        flash(_("Entry added at position %(n)s.", n=entry.position), "success")
        if "add_next" in request.form:
            return redirect(url_for("record.entry_new", meeting_id=meeting.id, after=entry.id), 303)
        return _to_entry(meeting, entry)
    return _entry_page(meeting, form, None, status_of(form), after)


@bp.route(ENTRY + "/edit", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def entry_edit(meeting_id: int, entry_id: int):
    meeting = editor_meeting(meeting_id)
    entry = services.entry_of(meeting, entry_id)
    if (refusal := _edit_refusal(meeting)) is not None:
        return refusal
    form = _with_choices(EntryForm(obj=entry), meeting, entry)
    if not form.is_submitted() and entry.speaker_id is not None:
        form.speaker_label.data = ""  # the account names the speaker
    if form.validate_on_submit():
        try:
            services.update_entry(current_user, entry, form.fields())
        except ServiceError as error:
            return _entry_page(meeting, form, entry, _field_refusal(form, error))
        db.session.commit()
        flash(_("Entry %(n)s saved.", n=entry.position), "success")
        return _to_entry(meeting, entry)
    return _entry_page(meeting, form, entry, status_of(form))


@bp.route(ENTRY + "/move", methods=["POST"])
@roles_required(Role.SECRETARY)
def entry_move(meeting_id: int, entry_id: int):
    meeting = editor_meeting(meeting_id)
    entry = services.entry_of(meeting, entry_id)
    if (refusal := _edit_refusal(meeting)) is not None:
        return refusal
    form = MoveEntryForm()
    if not form.validate():
        error = ServiceError(_("Choose to move the entry up or down."), field="direction")
        if json_wanted():
            return json_refusal(error, 400)
        flash(str(error.message), "error")
        return editor_page(meeting, 400)
    before = entry.position
    try:
        position = services.move_entry(current_user, entry, form.offset)
    except ServiceError as error:
        status = refusal_status(error)
        return json_refusal(error, status) if json_wanted() else editor_page(meeting, status)
    count = len(services.find_record(meeting).entries)
    db.session.commit()
    if position == before:
        message = _("The entry is already the first.") if form.offset < 0 else _("The entry is already the last.")
    else:
        message = _("Entry moved to position %(n)s of %(count)s.", n=position, count=count)
    if json_wanted():
        return jsonify(ok=True, moved=position != before, position=position, count=count, message=message)
    flash(message, "success")
    return _to_entry(meeting, entry)


@bp.route(ENTRY + "/delete", methods=["POST"])
@roles_required(Role.SECRETARY)
def entry_delete(meeting_id: int, entry_id: int):
    meeting = editor_meeting(meeting_id)
    entry = services.entry_of(meeting, entry_id)
    if (refusal := _edit_refusal(meeting)) is not None:
        return refusal
    if not DeleteEntryForm().validate():
        return editor_page(meeting, 400)
    position = entry.position
    try:
        services.delete_entry(current_user, entry)
    except ServiceError as error:
        return editor_page(meeting, refusal_status(error))
    db.session.commit()
    flash(_("Entry %(n)s deleted; the entries after it moved up.", n=position), "success")
    return redirect(url_for("record.editor", meeting_id=meeting.id, _anchor="entries"), 303)
