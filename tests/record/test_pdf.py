"""The record as PDF: typeset from the record's own page, its text (pypdf) holding the Korean title, the
statements, the citizens' part and the version's hash; tagged; every version readable."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from participation.extensions import db
from participation.record import pdf, versions
from participation.record.kinds import EntryType
from participation.record.models import Record
from tests.record import final_world
from tests.record.test_final_views import as_user


@pytest.fixture
def world(app):
    with app.app_context():
        built = final_world.build()
        return {"meeting": built.meeting.id, "secretary": built.secretary.id, "member": built.member.id}


def finalize(app, world, correction: str | None = None) -> list[str]:
    """Finalize (and correct the first statement to `correction`); the hashes of the versions."""
    from participation.accounts.models import User
    from participation.meetings.models import Meeting

    with app.app_context():
        meeting, secretary = db.session.get(Meeting, world["meeting"]), db.session.get(User, world["secretary"])
        versions.finalize(meeting, secretary)
        if correction:
            record = db.session.scalar(sa.select(Record).where(Record.meeting_id == meeting.id))
            first = next(e for e in record.entries if e.type is EntryType.STATEMENT)
            versions.correct(meeting, secretary, "정정", [versions.EntryChange(first.id, text=correction)])
        db.session.commit()
        record = db.session.scalar(sa.select(Record).where(Record.meeting_id == meeting.id))
        return [v.sha256 for v in record.versions]


def text_of(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def squeezed(text: str) -> str:
    """Text without the line breaks and spaces the typesetting added."""
    return "".join(text.split())


def test_the_pdf_holds_the_title_the_statements_the_citizens_and_the_hash(app, client, world):
    [sha] = finalize(app, world)
    text, reader = text_of(client.get(f"/meetings/{world['meeting']}/record.pdf"))
    flat = squeezed(text)
    assert squeezed(final_world.TITLE) in flat
    for statement in ("정보화전략위원회는'98년출범한이후지난18년동안",
                      "회의진행에충실히하도록하겠음", "네...그럼원안대로가결하도록하겠음"):
        assert statement in flat
    assert "회의록에남을시민의견입니다" in flat and "검토하겠습니다." in flat
    assert sha in flat  # the foot of every page
    assert flat.count(sha) >= len(reader.pages)
    assert "1/" + str(len(reader.pages)) in flat  # page numbers
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "ko"


def test_every_version_has_its_pdf(app, client, world):
    first, second = finalize(app, world, correction="정정 후의 첫 발언입니다")
    old, _ = text_of(client.get(f"/meetings/{world['meeting']}/record.pdf?version=1"))
    new, _ = text_of(client.get(f"/meetings/{world['meeting']}/record.pdf"))
    assert first in squeezed(old) and "정정후의첫발언입니다" not in squeezed(old)
    assert second in squeezed(new) and "정정후의첫발언입니다" in squeezed(new)
    assert client.get(f"/meetings/{world['meeting']}/record.pdf?version=3").status_code == 404
    response = client.get(f"/meetings/{world['meeting']}/record.pdf?version=2")
    assert response.headers["Content-Disposition"].endswith('-v2.pdf"')
    assert client.get(f"/meetings/{world['meeting']}/record.pdf?version=2",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_a_draft_pdf_is_for_the_committee_and_says_it_is_a_draft(app, client, world):
    assert client.get(f"/meetings/{world['meeting']}/record.pdf").status_code == 404
    as_user(app, client, world["member"])
    response = client.get(f"/meetings/{world['meeting']}/record.pdf")
    text, _ = text_of(response)
    assert "초안" in text or "Draft" in text
    assert "no-store" in response.headers["Cache-Control"]


def test_typesetting_fetches_nothing_but_the_static_stylesheets(app, tmp_path):
    fetcher = pdf.StaticFilesOnly("http://example.org/", app.static_folder)
    assert fetcher.fetch("http://example.org/static/css/record.css").read().startswith(b"/*")
    for refused in ("http://example.org/static/../config.py", "http://example.org/static/js/live.js",
                    "http://169.254.169.254/latest", "file:///etc/passwd", "http://example.org/meetings/1"):
        with pytest.raises(ValueError):
            fetcher.fetch(refused)


def test_the_whole_demo_record_typesets(demo, client):
    """The whole 2016 record (13 pages). How long it takes is measured by bench/record_pdf.py: the page's
    grids must be blocks on paper, or WeasyPrint's track sizing takes minutes."""
    from participation.meetings.models import Meeting

    with demo.app_context():
        meeting = db.session.scalar(sa.select(Meeting).where(Meeting.title == final_world.TITLE))
        sha = db.session.scalar(sa.select(Record).where(Record.meeting_id == meeting.id)).current_version.sha256
    pdf._cache.clear()
    text, reader = text_of(client.get(f"/meetings/{meeting.id}/record.pdf"))
    assert len(reader.pages) > 10 and sha in squeezed(text)


@pytest.mark.parametrize("anonymize", [True, False])
def test_members_names_follow_the_anonymization_policy_in_the_pdf(app, client, world, anonymize):
    from participation.accounts.models import User
    from participation.core.roles import Role
    from participation.meetings.models import Meeting
    from participation.record import services
    from tests import factories

    with app.app_context():
        meeting, secretary = db.session.get(Meeting, world["meeting"]), db.session.get(User, world["secretary"])
        speaker = factories.user(Role.MEMBER, name="실명위원")
        factories.seat(meeting.committee, speaker)
        services.add_entry(secretary, meeting, services.EntryFields(
            type=EntryType.STATEMENT, text="실명 위원의 발언입니다", speaker_id=speaker.id))
        services.update_settings(secretary, meeting, anonymize_members=anonymize, attendance="")
        db.session.commit()
    finalize(app, world)
    flat = squeezed(text_of(client.get(f"/meetings/{world['meeting']}/record.pdf"))[0])
    assert "실명위원의발언입니다" in flat
    assert ("실명위원" in flat.replace("실명위원의발언입니다", "")) is not anonymize
