"""Finalizing and correcting a record, its versions with their audit, the comparison of two versions, and
the record as PDF. The review (remarks, written opinions) is in `review_views`, imported here so that its
routes register with these.
"""
from __future__ import annotations

from flask import Response, abort, current_app, flash, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts.models import User
from participation.comments import policies as comment_policies
from participation.core.permissions import public, roles_required
from participation.core.roles import Role
from participation.core.services import NotFound, ServiceError
from participation.extensions import db, limiter
from participation.feedback import jobs as feedback_jobs
from participation.meetings import queries as meeting_queries
from participation.meetings.manage_common import commit_and_redirect, refuse
from participation.record import history, opinions, page, pdf, policies, review_views, versions
from participation.record.blueprint import bp
from participation.record.public_views import cached_response, download_name
from participation.record.reading import UNKNOWN, reading, record_of_meeting
from participation.record.review_forms import ConfirmForm, changes, correction_form, entry_fields

readable, version_arg = review_views.readable, review_views.version_arg


def _serving(meeting_id: int):
    """The meeting and its record (None before its first entry) for the secretary serving its committee;
    403 to any other secretary (as the record's editor answers), 404 for a meeting they may not see."""
    meeting = meeting_queries.visible_meeting(meeting_id, current_user)
    if not policies.serves(current_user, meeting):
        abort(403)
    return meeting, record_of_meeting(meeting)


# --- Finalizing and correcting ------------------------------------------------------------------------------

def _finalize_page(meeting, record, status: int = 200):
    waiting = versions.waiting_comments(meeting)
    open_remarks = [r for r in opinions.remarks_of(record) if r.resolved_at is None]
    return render_template(
        "record/finalize.html", meeting=meeting, record=record, waiting=waiting, open_remarks=open_remarks,
        may_finalize=policies.may_finalize(current_user, meeting) and not waiting and bool(record and record.entries),
        may_moderate=comment_policies.may_moderate(current_user, meeting), form=ConfirmForm(),
        deadline=opinions.deadline_of(record), answers=opinions.answers(meeting, record),
        computing=feedback_jobs.pending_for_meeting(meeting.id),
    ), status


@bp.route("/manage/meetings/<int:meeting_id>/record/finalize", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def finalize(meeting_id: int):
    meeting, record = _serving(meeting_id)
    if request.method == "GET":
        return _finalize_page(meeting, record)
    if not ConfirmForm().validate():
        abort(400)
    try:
        version = versions.finalize(meeting, current_user)
    except ServiceError as error:
        refuse(None, error)
        return _finalize_page(meeting, record, 400)
    return commit_and_redirect(_("The record is final: version %(n)s, SHA-256 %(hash)s. The meeting takes no "
                                 "more comments.", n=version.number, hash=version.sha256),
                               "record.versions_page", meeting_id=meeting.id)


@bp.route("/manage/meetings/<int:meeting_id>/record/correct", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def correct(meeting_id: int):
    meeting, record = _serving(meeting_id)
    if record is None or not policies.may_correct(current_user, meeting):
        flash(_("Only a final record is corrected; a draft is edited in the record's editor."), "error")
        return _versions_page(meeting, record, 400)
    entries = list(record.entries)
    form = correction_form(entries, record.attendance)
    if form.validate_on_submit():
        try:
            version = versions.correct(meeting, current_user, form.change_note.data, changes(form, entries),
                                       attendance=form.attendance.data)
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("Version %(n)s is published with your note.", n=version.number),
                                       "record.versions_page", meeting_id=meeting.id)
    return render_template("record/correct.html", meeting=meeting, record=record, form=form,
                           entries=[(entry, entry_fields(form, entry)) for entry in entries],
                           **page.helpers()), 400 if form.is_submitted() else 200


# --- Versions, their audit and their comparison -------------------------------------------------------------

def _actors(record) -> dict[int, User]:
    ids = {v.created_by_id for v in record.versions if v.created_by_id is not None} if record else set()
    return {user.id: user for user in db.session.scalars(db.select(User).where(User.id.in_(ids)))} if ids else {}


def _versions_page(meeting, record, status: int = 200):
    audit = policies.may_see_record_audit(current_user, meeting)
    return render_template("record/versions.html", meeting=meeting, record=record,
                           versions=list(reversed(record.versions)) if record else [],
                           actors=_actors(record) if audit else None,
                           history=history.of_meeting(meeting) if audit else None,
                           may_correct=policies.may_correct(current_user, meeting),
                           may_finalize=policies.may_finalize(current_user, meeting)), status


@bp.route("/meetings/<int:meeting_id>/record/versions")
@public
def versions_page(meeting_id: int):
    meeting, record = readable(meeting_id)
    return _versions_page(meeting, record)


@bp.route("/meetings/<int:meeting_id>/record/diff")
@public
def diff(meeting_id: int):
    meeting, record = readable(meeting_id)
    newer = versions.version_of(record, version_arg("to"))
    if newer is None:
        raise NotFound(UNKNOWN, field="to")
    older_number = version_arg("from")
    older = versions.version_of(record, older_number if older_number is not None else max(newer.number - 1, 1))
    if older is None:
        raise NotFound(UNKNOWN, field="from")
    lines = versions.diff(versions.snapshot_of(older), versions.snapshot_of(newer)) if older is not newer else []
    return render_template("record/diff.html", meeting=meeting, record=record, older=older, newer=newer,
                           lines=lines, **page.helpers())


# --- PDF ----------------------------------------------------------------------------------------------------

# Typesetting takes seconds: a visitor gets a few PDFs a minute (each version's is kept once made).
PDF_RATE_LIMIT = "30 per minute"


@bp.route("/meetings/<int:meeting_id>/record.pdf")
@limiter.limit(lambda: current_app.config.get("PDF_RATE_LIMIT", PDF_RATE_LIMIT))
@public
def pdf_export(meeting_id: int):
    shown = reading(meeting_id, current_user, version_arg("version"))

    def make() -> bytes:
        html = render_template("record/public.html", shown=shown, doc=shown.document, meeting=shown.meeting,
                               **page.helpers())
        return pdf.typeset(html, base_url=request.host_url, static_folder=current_app.static_folder)

    key = None if shown.is_draft else (shown.meeting.id, shown.version.number, shown.version.sha256,
                                       str(get_locale()), request.host_url)
    response = Response(pdf.cached(key, make), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(shown, "pdf")}"'
    if not shown.is_draft:
        response.vary.add("Cookie")  # the language of the page's labels follows the session
    return cached_response(shown, response, f"pdf-{get_locale()}")
