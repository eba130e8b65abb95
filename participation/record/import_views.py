"""Importing minutes from the secretary's screen: upload, preview (nothing saved), confirm and save.

The preview lists what the importer read (counts, every page-break join, skipped lines, the proposed
decisions with a checkbox, a kind and a deadline each). The file's bytes go on to the save step in a
signed hidden field (`carry.py`), so the save reads exactly what was previewed and nothing is kept on
the server in between.
"""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.permissions import roles_required
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings.manage_common import crumbs, status_of
from participation.meetings.models import Meeting
from participation.record import carry, importer, services
from participation.record.blueprint import bp
from participation.record.editor_common import editor_meeting, refusal_status
from participation.record.editor_forms import ImportSaveForm, ImportUploadForm
from participation.record.importer import ParsedMinutes
from participation.record.kinds import EntryType

IMPORT = "/manage/meetings/<int:meeting_id>/record/import"


def _trail(meeting: Meeting) -> list[tuple[str, str]]:
    return crumbs(meeting=meeting) + [(_("Record"), url_for("record.editor", meeting_id=meeting.id))]


def _upload_page(meeting: Meeting, form: ImportUploadForm | None, status: int, refusal: str | None = None):
    """The upload form, or only the reason why there is none (`refusal`)."""
    return render_template("record/import_upload.html", meeting=meeting, form=form, refusal=refusal,
                           max_mb=importer.MAX_BYTES // (1024 * 1024), crumbs=_trail(meeting)), status


def _import_refusal(meeting: Meeting):
    """None when the current user may import into the meeting's record now, else the page saying why."""
    try:
        services.check_importable(current_user, meeting)
    except ServiceError as error:
        return _upload_page(meeting, None, refusal_status(error), str(error.message))
    return None


def _summary(parsed: ParsedMinutes) -> list[tuple[str, int]]:
    return [(_("Sections"), parsed.count(EntryType.SECTION)), (_("Statements"), parsed.count(EntryType.STATEMENT)),
            (_("Notes"), parsed.count(EntryType.NOTE)), (_("Decisions proposed"), len(parsed.proposals)),
            (_("Page breaks joined"), len(parsed.joins)), (_("Lines skipped"), len(parsed.skipped))]


def _preview_page(meeting: Meeting, parsed: ParsedMinutes, data: bytes, form: ImportSaveForm | None = None,
                  status: int = 200):
    if form is None:
        payload, signature = carry.seal(data, meeting.id, current_user.id)
        form = ImportSaveForm(formdata=None, minutes=payload, signature=signature, decisions=[
            {"confirm": False, "type": proposal.type,
             "deadline": date.fromisoformat(proposal.deadline) if proposal.deadline else None}
            for proposal in parsed.proposals])
    return render_template("record/import_preview.html", meeting=meeting, parsed=parsed, form=form,
                           summary=_summary(parsed), decisions=list(zip(parsed.proposals, form.decisions)),
                           crumbs=_trail(meeting)), status


@bp.route(IMPORT, methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def import_minutes(meeting_id: int):
    """GET: the upload form; POST: the preview of the uploaded minutes (nothing is saved)."""
    meeting = editor_meeting(meeting_id)
    if (refusal := _import_refusal(meeting)) is not None:
        return refusal
    form = ImportUploadForm()
    if form.validate_on_submit():
        data = form.minutes.data.stream.read(importer.MAX_BYTES + 1)  # one byte more says "too large"
        try:
            parsed = services.preview_import(meeting, data)
        except ServiceError as error:
            status = refusal_status(error)
            form.minutes.errors.append(str(error.message))
            return _upload_page(meeting, form, status)
        return _preview_page(meeting, parsed, data)
    return _upload_page(meeting, form, status_of(form))


@bp.route(IMPORT + "/save", methods=["POST"])
@roles_required(Role.SECRETARY)
def import_save(meeting_id: int):
    """Save the previewed minutes with the decisions the secretary confirmed."""
    meeting = editor_meeting(meeting_id)
    if (refusal := _import_refusal(meeting)) is not None:
        return refusal
    form = ImportSaveForm()
    try:
        data = carry.unseal(form.minutes.data or "", form.signature.data or "", meeting.id, current_user.id)
        parsed = services.preview_import(meeting, data)
    except ServiceError as error:
        status = refusal_status(error)
        return _upload_page(meeting, ImportUploadForm(formdata=None), status, str(error.message))
    if not form.validate() or len(form.decisions) != len(parsed.proposals):
        flash(_("Please correct the marked fields. Nothing was saved."), "error")
        return _preview_page(meeting, parsed, data, form, 400)
    confirmations = [services.Confirmation(int(sub.name.rsplit("-", 1)[-1]), sub.form.type.data,
                                           sub.form.deadline.data)
                     for sub in form.decisions if sub.form.confirm.data]
    try:
        record = services.import_minutes(meeting, parsed, confirmations, actor=current_user)
    except ServiceError as error:
        status = refusal_status(error)
        flash(str(error.message), "error")
        return _preview_page(meeting, parsed, data, form, status)
    db.session.commit()
    flash(_("Minutes imported: %(sections)s sections, %(statements)s statements, %(notes)s notes and "
            "%(decisions)s decisions, %(entries)s entries in all.",
            sections=parsed.count(EntryType.SECTION), statements=parsed.count(EntryType.STATEMENT),
            notes=parsed.count(EntryType.NOTE), decisions=len(confirmations), entries=len(record.entries)),
          "success")
    return redirect(url_for("record.editor", meeting_id=meeting.id, _anchor="entries"), 303)
