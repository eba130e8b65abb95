"""The public pages are valid HTML: the Nu Html Checker (npm `vnu-jar`, on Java) reports 0 errors on each,
in both languages, with the demo data (plus an approved comment with an official reply, so the comment
templates render too). All pages go to one vnu run (one JVM start).

Locally the test is skipped when Java or node_modules/vnu-jar is missing (`make test` installs both);
on CI (`CI=true`) their absence fails the run.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import TestConfig
from participation import create_app
from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import materials
from participation.meetings import services as meetings
from participation.meetings.models import AgendaItem, Committee, Material, Meeting, MeetingState, Task
from tests import factories
from tests.conftest import database_url
from tests.meetings.pdf import minimal_pdf

PROJECT = Path(__file__).resolve().parents[1]
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("ko", "en")


def _checker() -> list[str]:
    java = shutil.which("java")
    missing = [what for what, ok in (("java (Debian: default-jre-headless)", java), ("vnu.jar (npm ci)",
                                                                                      VNU_JAR.exists())) if not ok]
    if missing:
        reason = f"the Nu Html Checker needs {' and '.join(missing)}; `make test` installs them"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-Xss8m", "-jar", str(VNU_JAR)]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """name -> URL of every public page, on an app with the demo data."""
    tmp = tmp_path_factory.mktemp("html")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp), UPLOAD_FOLDER=tmp / "uploads")
    from participation.demo.seed import seed_demo

    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo()
        meeting = db.session.scalar(sa.select(Meeting).where(Meeting.state == MeetingState.PUBLISHED)
                                    .order_by(Meeting.id))
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                                 .order_by(AgendaItem.position))
        document = db.session.scalar(sa.select(Material).where(Material.meeting_id == meeting.id))
        pdf = materials.add_file(meeting, item, "Packet", io.BytesIO(minimal_pdf()), "packet.pdf", None)
        citizen = factories.user(Role.CITIZEN, email="html-citizen@example.org", name="Citizen Kim")
        moderator = factories.user(Role.MODERATOR, email="html-moderator@example.org", name="Moderator")
        member = factories.user(Role.MEMBER, email="html-member@example.org", name="Member Choi")
        comment = factories.approved_comment(item, citizen, moderator, body="좋은 제안입니다.\nhttps://example.org")
        comments.post_reply(comment, member, "검토하겠습니다.")
        task = db.session.scalar(sa.select(Task).order_by(Task.id))
        committee = db.session.scalar(sa.select(Committee).order_by(Committee.id))
        # The schedule notices: the published meeting postponed once, the draft published and cancelled.
        meetings.postpone_meeting(meeting, meeting.starts_at + timedelta(days=7), "회의실 사정으로 연기합니다.", None)
        cancelled = db.session.scalar(sa.select(Meeting).where(Meeting.state == MeetingState.DRAFT))
        meetings.move_meeting(cancelled, MeetingState.PUBLISHED)
        meetings.move_meeting(cancelled, MeetingState.CANCELLED, reason="위원장 사정으로 취소합니다.")
        final = db.session.scalar(sa.select(Meeting).where(Meeting.state == MeetingState.RECORD_FINAL))
        _record_with_a_version(meeting)
        db.session.commit()
        urls = {
            "cancelled-meeting": f"/meetings/{cancelled.id}",
            "home": "/",
            "meeting": f"/meetings/{meeting.id}",
            "item": f"/meetings/{meeting.id}/items/{item.id}",
            "vote-page": f"/meetings/{meeting.id}/items/{item.id}/vote",
            "material": f"/meetings/{meeting.id}/materials/{document.id}" if document else None,
            "file-material": f"/meetings/{meeting.id}/materials/{pdf.id}",
            "task": f"/tasks/{task.code}",
            "committee": f"/committees/{committee.id}",
            "login": "/login",
            "register": "/register",
            "password-reset": "/password/reset",
            "live": f"/meetings/{meeting.id}/live",
            "record": f"/meetings/{final.id}/record",
            "record-with-comments": f"/meetings/{meeting.id}/record",
            "feedback": f"/meetings/{meeting.id}/feedback",
            "feedback-brief": f"/meetings/{meeting.id}/items/{item.id}/brief",
            "moderation-policy": "/moderation-policy",
            "privacy": "/privacy",
            "error-404": "/no-such-page",
        }
    app.html_urls = {name: url for name, url in urls.items() if url}
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _record_with_a_version(meeting: Meeting) -> Meeting:
    """The meeting's record (started empty) with a version 1 inserted directly, so that the record page
    shows the citizens' part with the approved comment and its reply on a record without proceedings
    (the demo's final 2016 record has both, and the demo's comments with the member's replies)."""
    from participation.record import exports
    from participation.record import services as record_services
    from participation.record.models import RecordVersion

    record = record_services.record_of(meeting)
    snapshot = exports.canonical_json(exports.document(record))
    db.session.add(RecordVersion(record_id=record.id, number=1, snapshot=snapshot, sha256=exports.sha256(snapshot)))
    return meeting


def test_the_public_pages_have_no_html_errors(pages, tmp_path):
    command = _checker()
    files: dict[str, str] = {}
    for lang in LANGUAGES:
        client = pages.test_client()
        client.set_cookie("lang", lang)
        for name, url in pages.html_urls.items():
            response = client.get(url)
            expected = 404 if name == "error-404" else 200
            assert response.status_code == expected, f"{url} ({lang}) answered {response.status_code}"
            path = tmp_path / f"{name}.{lang}.html"
            path.write_bytes(response.data)
            files[str(path)] = f"{url} ({lang})"
    assert len(files) == 2 * len(pages.html_urls)

    run = subprocess.run([*command, "--errors-only", "--format", "json", *files], capture_output=True,
                         text=True, timeout=300)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    described = "\n".join(
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line {m.get('lastLine')}: "
        f"{m.get('message')} [{(m.get('extract') or '').strip()[:120]}]" for m in errors)
    assert errors == [], f"{len(errors)} HTML errors:\n{described}"
