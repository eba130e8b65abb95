"""Use cases of materials: Markdown documents and uploaded files, each change a new version."""
from __future__ import annotations

from functools import lru_cache
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from participation.core.services import ServiceError
from participation.core.text import Anchor, render_markdown
from participation.extensions import db
from participation.meetings import storage
from participation.meetings.models import AgendaItem, Material, MaterialKind, MaterialVersion, Meeting


def _check_item(meeting: Meeting, item: AgendaItem | None) -> None:
    if item is not None and item.meeting_id != meeting.id:
        raise ServiceError(_l("The agenda item belongs to another meeting."), field="agenda_item_id")


def _document_version(markdown: str, note: str, actor_id: int | None, number: int) -> MaterialVersion:
    if not markdown.strip():
        raise ServiceError(_l("The document is empty."), field="markdown")
    rendered = render_markdown(markdown)
    return MaterialVersion(number=number, markdown=markdown, html=rendered.html, change_note=note.strip(),
                           created_by_id=actor_id)


def _file_version(stream: BinaryIO, filename: str, note: str, actor_id: int | None, number: int) -> MaterialVersion:
    stored = storage.store(stream)
    return MaterialVersion(number=number, file_key=stored.key,
                           filename=storage.download_name(filename, stored.extension),
                           content_type=stored.content_type, size=stored.size, change_note=note.strip(),
                           created_by_id=actor_id)


def add_document(meeting: Meeting, item: AgendaItem | None, title: str, markdown: str,
                 actor_id: int | None) -> Material:
    """A Markdown material, rendered and sanitized once, with paragraph anchors."""
    _check_item(meeting, item)
    material = Material(meeting=meeting, agenda_item=item, title=title.strip(), kind=MaterialKind.DOCUMENT)
    material.versions.append(_document_version(markdown, "", actor_id, 1))
    db.session.add(material)
    db.session.flush()
    return material


def add_file(meeting: Meeting, item: AgendaItem | None, title: str, stream: BinaryIO, filename: str,
             actor_id: int | None) -> Material:
    """An uploaded file material; the bytes decide its type, not the name."""
    _check_item(meeting, item)
    material = Material(meeting=meeting, agenda_item=item, title=title.strip(), kind=MaterialKind.FILE)
    material.versions.append(_file_version(stream, filename, "", actor_id, 1))
    db.session.add(material)
    db.session.flush()
    return material


def add_version(material: Material, *, change_note: str, actor_id: int | None, markdown: str | None = None,
                stream: BinaryIO | None = None, filename: str = "") -> MaterialVersion:
    """A new version that keeps the old ones readable; the change note says what changed."""
    if not change_note.strip():
        raise ServiceError(_l("Say what changed in this version."), field="change_note")
    number = material.current.number + 1
    if material.kind is MaterialKind.DOCUMENT:
        version = _document_version(markdown or "", change_note, actor_id, number)
    elif stream is None:
        raise ServiceError(_l("Choose a file."), field="file")
    else:
        version = _file_version(stream, filename, change_note, actor_id, number)
    material.versions.append(version)
    db.session.flush()
    return version


def update_material(material: Material, meeting: Meeting, title: str, item: AgendaItem | None) -> None:
    _check_item(meeting, item)
    material.title, material.agenda_item = title.strip(), item


@lru_cache(maxsize=512)
def _anchors(version_id: int, markdown: str) -> tuple[Anchor, ...]:
    return tuple(render_markdown(markdown).anchors)


def anchors_of_version(version: MaterialVersion) -> tuple[Anchor, ...]:
    """The paragraph anchors of a document version. Versions never change, so pages that list
    anchors (every item page) render the Markdown once per process, not on every request."""
    return _anchors(version.id, version.markdown or "")
