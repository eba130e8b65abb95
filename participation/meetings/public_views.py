"""Public pages a citizen reads before and after a meeting; no account needed."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import current_user

from participation.core.page_cache import cached_page
from participation.core.permissions import public
from participation.core.services import MAX_ID
from participation.meetings import policies, queries, storage
from participation.meetings.models import MaterialKind
from participation.meetings.services import agenda_of

bp = Blueprint("meetings", __name__)


@bp.record_once
def _template_globals(state) -> None:
    # Globals, not a context processor: imported macros (draft_notice) see globals only.
    state.app.jinja_env.globals.update(meeting_is_public=policies.is_public, agenda_is_open=policies.agenda_is_open,
                                       takes_comments=policies.takes_comments, has_part_2=policies.has_part_2)


@bp.route("/")
@public
@cached_page
def home():
    return render_template("meetings/home.html", listing=queries.home_listing(), committees=queries.committees())


@bp.route("/meetings/<int:meeting_id>")
@public
@cached_page
def meeting(meeting_id: int):
    meeting = queries.visible_meeting(meeting_id, current_user)
    materials = queries.materials_of(meeting)
    return render_template(
        "meetings/meeting.html", meeting=meeting, agenda=agenda_of(meeting),
        meeting_materials=[m for m in materials if m.agenda_item_id is None],
        item_materials=[m for m in materials if m.agenda_item_id is not None],
    )


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>")
@public
@cached_page
def item(meeting_id: int, item_id: int):
    meeting = queries.visible_meeting(meeting_id, current_user)
    return render_item(meeting, queries.item_of(meeting, item_id))


def render_item(meeting, item, status: int = 200, **extra):
    """The agenda item page; higher modules (comments) render it again with their form and errors."""
    agenda = agenda_of(meeting)
    index = agenda.index(item)
    return render_template(
        "meetings/item.html", meeting=meeting, item=item, materials=queries.materials_of(meeting, item),
        previous=agenda[index - 1] if index > 0 else None,
        next=agenda[index + 1] if index + 1 < len(agenda) else None, **extra,
    ), status


def _version_number() -> int | None:
    raw = request.args.get("version")
    if raw is None:
        return None
    # ASCII digits only: `str.isdigit()` also accepts `²` (which `int()` refuses) and `١` (an alias of 1).
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ID:
        abort(404)
    return int(raw)


@bp.route("/meetings/<int:meeting_id>/materials/<int:material_id>")
@public
def material(meeting_id: int, material_id: int):
    meeting = queries.visible_meeting(meeting_id, current_user)
    material = queries.material_of(meeting, material_id)
    version = queries.version_of(material, _version_number())
    return render_template("meetings/material.html", meeting=meeting, material=material, version=version)


@bp.route("/meetings/<int:meeting_id>/materials/<int:material_id>/download")
@public
def download(meeting_id: int, material_id: int):
    meeting = queries.visible_meeting(meeting_id, current_user)
    material = queries.material_of(meeting, material_id)
    version = queries.version_of(material, _version_number())
    if material.kind is not MaterialKind.FILE:
        abort(404)
    # Always an attachment with the detected type: an upload is never rendered as a page of this site.
    response = send_file(storage.path_of(version.file_key), mimetype=version.content_type, as_attachment=True,
                         download_name=storage.download_name(version.filename), max_age=3600, etag=version.file_key)
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
    if not policies.is_public(meeting):  # a secretary's preview must not be kept by shared caches
        response.cache_control.public = False
        response.cache_control.private = True
    return response


@bp.route("/committees/<int:committee_id>")
@public
@cached_page
def committee(committee_id: int):
    committee = queries.committee_by_id(committee_id)
    return render_template("meetings/committee.html", committee=committee, tasks=queries.tasks_of(committee),
                           meetings=queries.public_meetings_of(committee))
