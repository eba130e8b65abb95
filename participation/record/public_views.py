"""The record's public reading side: its page and its Markdown and JSON exports, each with `?version=N`.

Public from version 1 (the current version unless `?version=N` asks for another); before that the live
draft, to the committee's secretary and members only, and 404 to everybody else (`reading.reading`).
A version's page and exports come from its frozen snapshot, so later changes never alter them.
"""
from __future__ import annotations

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user

from participation.core.permissions import public
from participation.core.services import MAX_ID
from participation.record import exports, page
from participation.record.blueprint import bp
from participation.record.reading import Reading, link_for, reading


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"record_link": lambda meeting: link_for(meeting, current_user)}


def _requested_version() -> int | None:
    """`?version=N`: a positive whole number in ASCII digits, else 404 (as for an unknown version)."""
    raw = request.args.get("version")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
        abort(404)
    return int(raw)


def _reading() -> Reading:
    return reading(request.view_args["meeting_id"], current_user, _requested_version())


def download_name(shown: Reading, extension: str) -> str:
    """`record-2016-12-21-meeting-1-v2.json`, `...-draft.md`: ASCII, dated, naming the version."""
    day = shown.meeting.starts_at.date().isoformat()
    which = f"v{shown.version.number}" if shown.version else "draft"
    return f"record-{day}-meeting-{shown.meeting.id}-{which}.{extension}"


def _export(shown: Reading, body: str, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(shown, extension)}"'
    return cached_response(shown, response, extension)


def cached_response(shown: Reading, response: Response, tag: str) -> Response:
    """A draft is the committee's only: never kept by shared caches. A version never changes: its hash
    (with the form and, for the page, the language) is its ETag, and which of its comments show the neutral
    label of a since deleted account (`Reading.relabelled`)."""
    if shown.is_draft:
        response.cache_control.private = True
        response.cache_control.no_store = True
        return response
    relabelled = f"-r{exports.sha256(repr(shown.relabelled))[:12]}" if shown.relabelled else ""
    response.set_etag(f"{shown.version.sha256}-{tag}{relabelled}")
    return response.make_conditional(request)


@bp.route("/meetings/<int:meeting_id>/record")
@public
def show(meeting_id: int):
    shown = _reading()
    html = render_template("record/public.html", shown=shown, doc=shown.document, meeting=shown.meeting,
                           **page.helpers())
    response = current_app.make_response(html)
    if shown.is_draft:
        return cached_response(shown, response, "html")
    response.vary.add("Cookie")  # the page's language and the reader's menu follow the session
    response.cache_control.private = True
    return response


@bp.route("/meetings/<int:meeting_id>/record.md")
@public
def markdown_export(meeting_id: int):
    shown = _reading()
    body = exports.markdown_of_document(shown.document, shown.version,
                                        time_zone=current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return _export(shown, body, "text/markdown", "md")


@bp.route("/meetings/<int:meeting_id>/record.json")
@public
def json_export(meeting_id: int):
    shown = _reading()
    return _export(shown, exports.json_of_document(shown.document, shown.version), "application/json", "json")
