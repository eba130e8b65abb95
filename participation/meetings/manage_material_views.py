"""The secretary's material screens: Markdown documents with a server-side preview, uploads, new versions."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from participation.core.permissions import roles_required
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.core.text import render_markdown
from participation.meetings import materials, queries
from participation.meetings.manage_common import (
    bp, commit_and_redirect, crumbs, meeting_or_404, refuse, status_of,
)
from participation.meetings.material_forms import (
    DocumentForm, DocumentVersionForm, FileVersionForm, MaterialEditForm, UploadForm, item_choices,
)
from participation.meetings.models import AgendaItem, Material, MaterialKind, MaterialVersion, Meeting
from participation.meetings.services import agenda_of


def _with_items(form, meeting: Meeting):
    form.agenda_item_id.choices = item_choices(agenda_of(meeting))
    return form


def _chosen_item(meeting: Meeting, item_id: int | None) -> AgendaItem | None:
    # The choices hold only this meeting's items, so a validated id is one of them.
    return None if item_id is None else queries.item_of(meeting, item_id)


def _material_url(material: Material) -> str:
    return url_for("manage.material", meeting_id=material.meeting_id, material_id=material.id)


def _material_crumbs(material: Material) -> list[tuple[str, str]]:
    return [*crumbs(meeting=material.meeting), (material.title, _material_url(material))]


def _preview(markdown: str) -> Markup:
    """The sanitized HTML a saved version of `markdown` would have; nothing is stored."""
    return Markup(render_markdown(markdown).html)


@bp.route("/meetings/<int:meeting_id>/materials/new-document", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def document_new(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = _with_items(DocumentForm(), meeting)
    preview = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = _preview(form.markdown.data)
        else:
            try:
                material = materials.add_document(meeting, _chosen_item(meeting, form.agenda_item_id.data),
                                                  form.title.data, form.markdown.data, current_user.id)
            except ServiceError as error:
                refuse(form, error)
            else:
                return commit_and_redirect(_("Document saved."), "manage.material", meeting_id=meeting.id,
                                           material_id=material.id)
    status = 200 if preview is not None else status_of(form)
    return render_template("manage/document_form.html", form=form, meeting=meeting, material=None,
                           preview=preview, heading=_("New document"), crumbs=crumbs(meeting=meeting),
                           cancel=url_for("manage.meeting", meeting_id=meeting.id)), status


@bp.route("/meetings/<int:meeting_id>/materials/upload", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def upload_new(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = _with_items(UploadForm(), meeting)
    if form.validate_on_submit():
        upload = form.file.data
        try:
            material = materials.add_file(meeting, _chosen_item(meeting, form.agenda_item_id.data), form.title.data,
                                          upload.stream, upload.filename or "", current_user.id)
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("File uploaded."), "manage.material", meeting_id=meeting.id,
                                       material_id=material.id)
    return render_template("manage/form.html", form=form, heading=_("Upload a file"), submit=_("Upload"),
                           crumbs=crumbs(meeting=meeting),
                           cancel=url_for("manage.meeting", meeting_id=meeting.id)), status_of(form)


@bp.route("/meetings/<int:meeting_id>/materials/<int:material_id>")
@roles_required(Role.SECRETARY)
def material(meeting_id: int, material_id: int):
    meeting = meeting_or_404(meeting_id)
    material = queries.material_of(meeting, material_id)
    return render_template("manage/material.html", meeting=meeting, material=material,
                           crumbs=crumbs(meeting=meeting))


@bp.route("/meetings/<int:meeting_id>/materials/<int:material_id>/edit", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def material_edit(meeting_id: int, material_id: int):
    meeting = meeting_or_404(meeting_id)
    material = queries.material_of(meeting, material_id)
    form = _with_items(MaterialEditForm(obj=material), meeting)
    if form.validate_on_submit():
        try:
            materials.update_material(material, meeting, form.title.data,
                                      _chosen_item(meeting, form.agenda_item_id.data))
        except ServiceError as error:
            refuse(form, error)
        else:
            return commit_and_redirect(_("Material saved."), "manage.material", meeting_id=meeting.id,
                                       material_id=material.id)
    return render_template("manage/form.html", form=form, heading=_("Edit material"), submit=_("Save"),
                           crumbs=_material_crumbs(material), cancel=_material_url(material)), status_of(form)


@bp.route("/meetings/<int:meeting_id>/materials/<int:material_id>/versions/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def material_version(meeting_id: int, material_id: int):
    meeting = meeting_or_404(meeting_id)
    material = queries.material_of(meeting, material_id)
    is_document = material.kind is MaterialKind.DOCUMENT
    form = DocumentVersionForm(data={"markdown": material.current.markdown}) if is_document else FileVersionForm()
    preview = None
    if form.validate_on_submit():
        if is_document and form.preview.data:
            preview = _preview(form.markdown.data)
        else:
            try:
                version = _add_version(material, form)
            except ServiceError as error:
                refuse(form, error)
            else:
                return commit_and_redirect(_("Version %(n)s saved.", n=version.number), "manage.material",
                                           meeting_id=meeting.id, material_id=material.id)
    status = 200 if preview is not None else status_of(form)
    template = "manage/document_form.html" if is_document else "manage/form.html"
    return render_template(template, form=form, meeting=meeting, material=material, preview=preview,
                           heading=_("New version of “%(title)s”", title=material.title),
                           submit=_("Upload new version"), crumbs=_material_crumbs(material),
                           cancel=_material_url(material)), status


def _add_version(material: Material, form: DocumentVersionForm | FileVersionForm) -> MaterialVersion:
    if isinstance(form, DocumentVersionForm):
        return materials.add_version(material, change_note=form.change_note.data, actor_id=current_user.id,
                                     markdown=form.markdown.data)
    upload = form.file.data
    return materials.add_version(material, change_note=form.change_note.data, actor_id=current_user.id,
                                 stream=upload.stream, filename=upload.filename or "")

