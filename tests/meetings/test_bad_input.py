"""Bad input on the meetings pages answers a clear 4xx, never 500: a `?version=` that Python calls a digit
but is none (`²`) or is out of range, and uploads whose file names carry control characters (stored
clean, and downloads of names stored before that rule stay safe)."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import materials, storage
from participation.meetings import services
from participation.meetings.models import MaterialVersion, Meeting, MeetingState
from tests import factories
from tests.meetings.pdf import minimal_pdf


@pytest.fixture
def world(app):
    with app.app_context():
        meeting = factories.meeting(items=1)
        document = materials.add_document(meeting, None, "Summary", "First paragraph.", None)
        pdf = materials.add_file(meeting, None, "Packet", io.BytesIO(minimal_pdf()), "packet.pdf", None)
        services.move_meeting(meeting, MeetingState.PUBLISHED)
        factories.user(Role.SECRETARY, email="secretary@example.org")
        db.session.commit()
        return {"meeting": meeting.id, "document": document.id, "pdf": pdf.id}


@pytest.mark.parametrize("version", ["²", "١", "𝟙", "99999999999999999999999", str(2**63), "+1", " 1"])
@pytest.mark.parametrize("page", ["", "/download"])
def test_a_version_that_is_no_plain_number_in_range_answers_404(client, world, version, page):
    material = world["pdf"] if page else world["document"]
    response = client.get(f"/meetings/{world['meeting']}/materials/{material}{page}", query_string={"version": version})
    assert response.status_code == 404
    assert 'class="site-header' in response.get_data(as_text=True) or "<main" in response.get_data(as_text=True)


def test_version_1_still_works(client, world):
    assert client.get(f"/meetings/{world['meeting']}/materials/{world['document']}?version=1").status_code == 200
    assert client.get(f"/meetings/{world['meeting']}/materials/{world['pdf']}/download?version=1").status_code == 200


# --- file names --------------------------------------------------------------------------------------

BAD_NAMES = {
    "crlf": ("minutes\r\nSet-Cookie: x=1.pdf", "minutesSet-Cookie: x=1.pdf"),
    "lf": ("a\nb.pdf", "ab.pdf"),
    "nul": ("re\x00port.pdf", "report.pdf"),
    "controls": ("\x1b[31mred\x7f\x85.pdf", "[31mred.pdf"),
    "bidi": ("invoice\u202efdp.exe", "invoicefdp.pdf"),
    "only-controls": ("\r\n\x00.pdf", "pdf.pdf"),  # no hidden ".pdf.pdf"
    "nothing-left": ("\r\n\x00", "material.pdf"),
    "folder": ("C:\\Users\\kim\\보고서.pdf", "보고서.pdf"),
}


@pytest.mark.parametrize("given, stored", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_an_upload_is_stored_under_a_clean_name_and_downloads(app, client, world, given, stored):
    with app.app_context():
        meeting = db.session.get(Meeting, world["meeting"])
        material = materials.add_file(meeting, None, "Upload", io.BytesIO(minimal_pdf("x")), given, None)
        db.session.commit()
        assert material.current.filename == stored
        material_id = material.id
    response = client.get(f"/meetings/{world['meeting']}/materials/{material_id}/download")
    assert response.status_code == 200
    assert not any(c in response.headers["Content-Disposition"] for c in "\r\n\x00")


def test_the_upload_form_stores_a_clean_name(app, client, world, auth, post_form):
    auth.login("secretary@example.org")
    url = f"/manage/meetings/{world['meeting']}/materials/upload"
    response = post_form(url, {"title": "Evil name", "agenda_item_id": "",
                               "file": (io.BytesIO(minimal_pdf("form")), "a\x00b\x1b.pdf")})
    assert response.status_code == 303
    with app.app_context():
        names = set(db.session.scalars(sa.select(MaterialVersion.filename)))
    assert "ab.pdf" in names


@pytest.mark.parametrize("name", ["minutes\r\n.pdf", "a\x00b.pdf", "\n", None])
def test_a_name_stored_before_the_rule_still_downloads(app, client, world, name):
    if name and "\x00" in name and app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL cannot store a NUL in text: such a name can only exist on SQLite")
    with app.app_context():
        db.session.execute(sa.update(MaterialVersion).where(MaterialVersion.material_id == world["pdf"])
                           .values(filename=name))
        db.session.commit()
    response = client.get(f"/meetings/{world['meeting']}/materials/{world['pdf']}/download")
    assert response.status_code == 200
    assert response.data == minimal_pdf()
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and not any(c in disposition for c in "\r\n\x00")


def test_download_name_keeps_ordinary_names():
    assert storage.download_name("2017 회의 자료.v2.pdf") == "2017 회의 자료.v2.pdf"
    assert storage.download_name("scan.PDF", "pdf") == "scan.pdf"
    assert storage.download_name("x" * 300 + ".pdf", "pdf") == "x" * 200 + ".pdf"
