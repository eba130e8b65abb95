"""The secretary's material screens: Markdown documents with preview, uploads checked by content, versions."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from participation.extensions import db
from participation.meetings.models import Material, MaterialKind, MaterialVersion
from tests.meetings.pdf import minimal_pdf, minimal_png
from tests.meetings.test_manage_views import count, get, plan, secretary  # noqa: F401  (fixtures)

XSS = "# Minutes\n\nHello <script>alert('x')</script> **world**\n\n[bad](javascript:alert(1))"


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def stored_files(app) -> list[str]:
    folder = app.config["UPLOAD_FOLDER"]
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def urls(plan):
    base = f"/manage/meetings/{plan.meeting}/materials"
    return type("Urls", (), {"document": f"{base}/new-document", "upload": f"{base}/upload", "base": base})


# --- documents ---------------------------------------------------------------------------------------------


def test_preview_shows_sanitized_html_and_saves_nothing(client, secretary, post_form, plan, urls, count):
    before = (count(Material), count(MaterialVersion))
    response = post_form(urls.document, {"title": "Minutes", "agenda_item_id": "", "markdown": XSS,
                                         "preview": "Preview"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    preview = html.split('id="preview-heading"', 1)[1].split("</section>", 1)[0]
    assert "<strong>world</strong>" in preview and "<h1" in preview
    assert "&lt;script&gt;" in preview and "<script" not in preview
    assert 'href="javascript:' not in preview
    assert "<script>alert" not in html  # the textarea shows the source escaped, too
    assert "Nothing has been saved yet." in html
    assert (count(Material), count(MaterialVersion)) == before


def test_secretary_saves_a_document_for_an_item(app, client, secretary, post_form, plan, urls):
    response = post_form(urls.document, {"title": "Minutes", "agenda_item_id": str(plan.items[1]),
                                         "markdown": XSS, "save": "Save document"})
    assert response.status_code == 303
    with app.app_context():
        material = db.session.scalar(sa.select(Material).where(Material.title == "Minutes"))
        assert material.kind is MaterialKind.DOCUMENT and material.agenda_item_id == plan.items[1]
        assert material.current.markdown == XSS
        assert "<script" not in material.current.html
        material_id = material.id
    assert response.headers["Location"].endswith(f"{urls.base}/{material_id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Version 1" in html and "Add a new version" in html
    public = client.get(f"/meetings/{plan.meeting}/materials/{material_id}").get_data(as_text=True)
    assert "<strong>world</strong>" in public and "<script>alert" not in public


def test_new_document_version_keeps_the_old_one(app, client, secretary, post_form, plan, urls):
    url = f"{urls.base}/{plan.document}/versions/new"
    form = client.get(url).get_data(as_text=True)
    assert "# Report" in form  # prefilled with the current Markdown
    response = post_form(url, {"markdown": "# Report\n\nRevised text.", "change_note": "Figures updated",
                               "preview": "Preview"})
    assert response.status_code == 200 and "Revised text." in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Material, plan.document).versions) == 1

    response = post_form(url, {"markdown": "# Report\n\nRevised text.", "change_note": "Figures updated",
                               "save": "Save new version"})
    assert response.status_code == 303
    with app.app_context():
        material = db.session.get(Material, plan.document)
        assert [v.number for v in material.versions] == [1, 2]
        assert material.current.change_note == "Figures updated"
    public = f"/meetings/{plan.meeting}/materials/{plan.document}"
    assert "Revised text." in client.get(public).get_data(as_text=True)
    old = client.get(f"{public}?version=1").get_data(as_text=True)
    assert "Revised text." not in old and "Text." in old and "You are reading an earlier version." in old


def test_a_version_needs_a_change_note_and_text(app, client, secretary, post_form, plan, urls):
    url = f"{urls.base}/{plan.document}/versions/new"
    for data in ({"markdown": "# New", "change_note": ""}, {"markdown": "", "change_note": "Why"},
                 {"markdown": "# New", "change_note": "x" * 501}):
        response = post_form(url, {**data, "save": "Save new version"})
        assert response.status_code == 400
        assert 'class="field-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Material, plan.document).versions) == 1


# --- files -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, data, content_type, extension", [
    ("agenda.pdf", minimal_pdf(), "application/pdf", "pdf"),
    ("chart.png", minimal_png(), "image/png", "png"),
])
def test_secretary_uploads_a_file(app, client, secretary, post_form, plan, urls, name, data, content_type,
                                  extension):
    response = post_form(urls.upload, {"title": "Attachment", "agenda_item_id": "", "file": upload(data, name)},
                         form_url=urls.upload)
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        material = db.session.scalar(sa.select(Material).where(Material.kind == MaterialKind.FILE))
        version = material.current
        assert (version.content_type, version.size, version.filename) == (content_type, len(data),
                                                                          f"{name.rsplit('.', 1)[0]}.{extension}")
        material_id = material.id
    download = client.get(f"/meetings/{plan.meeting}/materials/{material_id}/download")
    assert download.status_code == 200 and download.data == data
    assert download.mimetype == content_type


def test_a_file_that_is_not_what_it_claims_is_refused(app, client, secretary, post_form, plan, urls, count):
    response = post_form(urls.upload, {"title": "Evil", "file": upload(b"#!/bin/sh\necho not a pdf\n", "evil.pdf")})
    assert response.status_code == 400
    assert "This file type is not accepted." in response.get_data(as_text=True)
    assert count(Material, Material.kind == MaterialKind.FILE) == 0
    assert stored_files(app) == []


def test_an_oversize_file_is_refused(app, client, secretary, post_form, plan, urls, count):
    too_big = minimal_pdf() + b"%" * (app.config["MAX_UPLOAD_BYTES"] + 10)
    response = post_form(urls.upload, {"title": "Huge", "file": upload(too_big, "huge.pdf")})
    assert response.status_code == 400
    assert "The file is larger than" in response.get_data(as_text=True)
    # Far past the limit, the server refuses the body before the view runs.
    response = post_form(urls.upload, {"title": "Huger", "file": upload(too_big * 2, "huge.pdf")})
    assert response.status_code == 413
    assert count(Material, Material.kind == MaterialKind.FILE) == 0
    assert stored_files(app) == []


def test_an_upload_needs_a_file_and_a_title(app, client, secretary, post_form, plan, urls, count):
    for data in ({"title": "No file"}, {"title": "", "file": upload(minimal_pdf(), "a.pdf")},
                 {"title": "x" * 201, "file": upload(minimal_pdf(), "a.pdf")},
                 {"title": "Wrong item", "agenda_item_id": str(plan.other_item),
                  "file": upload(minimal_pdf(), "a.pdf")},
                 {"title": "Bad item", "agenda_item_id": "abc", "file": upload(minimal_pdf(), "a.pdf")}):
        response = post_form(urls.upload, data, form_url=urls.upload)
        assert response.status_code == 400
        assert 'class="field-error"' in response.get_data(as_text=True)
    assert count(Material, Material.kind == MaterialKind.FILE) == 0


def test_new_file_version_keeps_the_old_one(app, client, secretary, post_form, plan, urls):
    first, second = minimal_pdf("first"), minimal_pdf("second")
    response = post_form(urls.upload, {"title": "Slides", "file": upload(first, "slides.pdf")})
    material_url = response.headers["Location"]
    material_id = int(material_url.rsplit("/", 1)[1])

    url = f"{material_url}/versions/new"
    response = post_form(url, {"file": upload(second, "slides-v2.pdf"), "change_note": ""})
    assert response.status_code == 400
    response = post_form(url, {"change_note": "No file"})
    assert response.status_code == 400
    response = post_form(url, {"file": upload(b"plain text", "slides.pdf"), "change_note": "Evil"})
    assert response.status_code == 400
    response = post_form(url, {"file": upload(second, "slides-v2.pdf"), "change_note": "Page 3 fixed"})
    assert response.status_code == 303
    with app.app_context():
        material = db.session.get(Material, material_id)
        assert [(v.number, v.filename) for v in material.versions] == [(1, "slides.pdf"), (2, "slides-v2.pdf")]

    public = f"/meetings/{plan.meeting}/materials/{material_id}"
    assert client.get(f"{public}/download").data == second
    assert client.get(f"{public}/download?version=1").data == first
    assert client.get(f"{public}?version=1").status_code == 200
    html = client.get(material_url).get_data(as_text=True)
    assert "Page 3 fixed" in html and "slides-v2.pdf" in html and "slides.pdf" in html


# --- editing -----------------------------------------------------------------------------------------------


def test_secretary_edits_title_and_item(client, secretary, post_form, plan, urls, get):
    url = f"{urls.base}/{plan.document}/edit"
    assert 'value="Report"' in client.get(url).get_data(as_text=True)
    assert post_form(url, {"title": "Annual report", "agenda_item_id": str(plan.items[0])}).status_code == 303
    material = get(Material, plan.document)
    assert (material.title, material.agenda_item_id) == ("Annual report", plan.items[0])

    for data in ({"title": "", "agenda_item_id": ""}, {"title": "x" * 201, "agenda_item_id": ""},
                 {"title": "Moved", "agenda_item_id": str(plan.other_item)}):
        assert post_form(url, data).status_code == 400
    material = get(Material, plan.document)
    assert (material.title, material.agenda_item_id) == ("Annual report", plan.items[0])
