"""Materials: Markdown documents with paragraph anchors, uploaded files checked by content, versions."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import current_app

from participation.core.services import ServiceError
from participation.meetings import materials, services
from participation.meetings.models import MaterialKind
from tests import factories
from tests.meetings.pdf import minimal_pdf, minimal_png

pytestmark = pytest.mark.usefixtures("app_ctx")

ANCHOR = re.compile(r'id="(p-[0-9a-f]{8}(?:-\d+)?)"')


@pytest.fixture
def meeting():
    return factories.meeting()


def uploads() -> list[str]:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- documents ---------------------------------------------------------------------------------------


def test_document_is_rendered_sanitized_with_anchors(meeting):
    source = "# 개요\n\n첫 문단.\n\n<script>alert(1)</script>\n\n- 하나\n- 둘\n"
    material = materials.add_document(meeting, None, " 회의 개요 ", source, actor_id=None)
    version = material.current
    assert material.kind is MaterialKind.DOCUMENT and material.title == "회의 개요"
    assert version.number == 1 and version.markdown == source
    assert "<script>" not in version.html and "&lt;script&gt;" in version.html
    assert len(ANCHOR.findall(version.html)) == 4  # heading, paragraph, escaped script paragraph, list


def test_anchors_survive_a_paragraph_inserted_before(meeting):
    material = materials.add_document(meeting, None, "Doc", "Alpha paragraph.\n\nBeta paragraph.", actor_id=None)
    before = ANCHOR.findall(material.current.html)
    materials.add_version(material, change_note="added an introduction", actor_id=None,
                          markdown="A new introduction.\n\nAlpha paragraph.\n\nBeta paragraph.")
    after = ANCHOR.findall(material.current.html)
    assert len(after) == 3
    assert after[1:] == before


def test_repeated_paragraphs_get_distinct_anchors(meeting):
    material = materials.add_document(meeting, None, "Doc", "Same.\n\nSame.", actor_id=None)
    first, second = ANCHOR.findall(material.current.html)
    assert second == f"{first}-2"


def test_new_version_keeps_the_old_one(meeting):
    material = materials.add_document(meeting, None, "Doc", "Version one.", actor_id=None)
    old_html = material.current.html
    version = materials.add_version(material, change_note="  rewrote it ", actor_id=None, markdown="Version two.")
    assert [v.number for v in material.versions] == [1, 2]
    assert version.change_note == "rewrote it"
    assert material.versions[0].markdown == "Version one." and material.versions[0].html == old_html
    assert "Version two." in material.current.html


@pytest.mark.parametrize("note", ["", "   "])
def test_new_version_needs_a_change_note(meeting, note):
    material = materials.add_document(meeting, None, "Doc", "Version one.", actor_id=None)
    with pytest.raises(ServiceError) as refused:
        materials.add_version(material, change_note=note, actor_id=None, markdown="Version two.")
    assert refused.value.field == "change_note"
    assert len(material.versions) == 1


def test_empty_document_is_refused(meeting):
    with pytest.raises(ServiceError) as refused:
        materials.add_document(meeting, None, "Doc", "  \n ", actor_id=None)
    assert refused.value.field == "markdown"


def test_item_of_another_meeting_is_refused(meeting):
    other_item = services.agenda_of(factories.meeting())[0]
    with pytest.raises(ServiceError) as refused:
        materials.add_document(meeting, other_item, "Doc", "Text.", actor_id=None)
    assert refused.value.field == "agenda_item_id"


def test_document_may_belong_to_an_item(meeting):
    item = services.agenda_of(meeting)[0]
    material = materials.add_document(meeting, item, "Doc", "Text.", actor_id=None)
    assert material.agenda_item is item


# --- files -------------------------------------------------------------------------------------------


def test_pdf_upload_is_stored_by_content(meeting):
    data = minimal_pdf()
    material = materials.add_file(meeting, None, "Packet", io.BytesIO(data), "../../회의자료.html", actor_id=None)
    version = material.current
    assert material.kind is MaterialKind.FILE
    assert version.content_type == "application/pdf"
    assert version.filename == "회의자료.pdf"
    assert version.size == len(data)
    assert uploads() == [version.file_key]
    assert (Path(current_app.config["UPLOAD_FOLDER"]) / version.file_key).read_bytes() == data


def test_new_file_version_keeps_the_old_file(meeting):
    material = materials.add_file(meeting, None, "Packet", io.BytesIO(minimal_pdf("one")), "a.pdf", actor_id=None)
    materials.add_version(material, change_note="image instead", actor_id=None,
                          stream=io.BytesIO(minimal_png()), filename="a.png")
    assert [v.content_type for v in material.versions] == ["application/pdf", "image/png"]
    assert uploads() == sorted(v.file_key for v in material.versions)


def test_file_version_needs_a_file(meeting):
    material = materials.add_file(meeting, None, "Packet", io.BytesIO(minimal_pdf()), "a.pdf", actor_id=None)
    with pytest.raises(ServiceError) as refused:
        materials.add_version(material, change_note="new", actor_id=None)
    assert refused.value.field == "file"


def _oversize() -> bytes:
    pdf = minimal_pdf()
    return pdf + b"%" * (current_app.config["MAX_UPLOAD_BYTES"] + 1 - len(pdf))


@pytest.mark.parametrize("content", [
    lambda: b"just some text, not a PDF at all",
    lambda: b"",
    _oversize,
    lambda: b"<html><script>alert(1)</script></html>",
], ids=["text-named-pdf", "empty", "oversize", "html"])
def test_refused_upload_leaves_no_file(meeting, content):
    with pytest.raises(ServiceError) as refused:
        materials.add_file(meeting, None, "Packet", io.BytesIO(content()), "packet.pdf", actor_id=None)
    assert refused.value.field == "file"
    assert uploads() == []


def test_upload_exactly_at_the_limit_is_accepted(meeting):
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    pdf = minimal_pdf()
    material = materials.add_file(meeting, None, "Packet", io.BytesIO(pdf + b"%" * (limit - len(pdf))), "a.pdf",
                                  actor_id=None)
    assert material.current.size == limit
