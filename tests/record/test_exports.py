"""The public forms of a record: anonymization in every one, canonical bytes, Markdown that re-imports."""
from __future__ import annotations

import json

import pytest

from participation.accounts import services as accounts
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import MeetingState
from participation.record import exports, importer, services
from participation.record.kinds import EntryType
from participation.record.models import RecordEntry
from tests import factories
from tests.record import minutes_text

NAMES = ("김민준", "Jane Member")


@pytest.fixture
def record(app_ctx):
    meeting = factories.meeting(published=True)
    meeting.state = MeetingState.CLOSED
    record = services.import_minutes(meeting, importer.parse(minutes_text()))
    members = [accounts.create_user(f"m{n}@example.org", name, factories.PASSWORD, roles={Role.MEMBER})
               for n, name in enumerate(NAMES)]
    statements = [e for e in record.entries if e.type is EntryType.STATEMENT and e.speaker_label == "○○○"]
    for entry, member in zip(statements, members):
        entry.speaker_id, entry.speaker_label = member.id, member.display_name
    db.session.commit()
    return record


def forms(record) -> dict[str, str]:
    return {"json": exports.canonical_json(exports.document(record)), "markdown": exports.to_markdown(record)}


def test_members_names_appear_in_no_public_form_with_the_policy_on(record):
    for form, text in forms(record).items():
        for name in NAMES:
            assert name not in text, form
    data = exports.document(record)
    assert sum(entry.get("speaker") == exports.ANONYMOUS for entry in data["entries"]) == 47


def test_each_name_appears_with_the_policy_off(record):
    record.anonymize_members = False
    db.session.commit()
    for form, text in forms(record).items():
        for name in NAMES:
            assert name in text, form


def test_the_canonical_document_is_the_same_bytes_every_time(record):
    first = exports.canonical_json(exports.document(record))
    db.session.expire_all()
    assert exports.canonical_json(exports.document(record)) == first
    assert exports.sha256(first) == exports.sha256(first) and len(exports.sha256(first)) == 64
    data = json.loads(first)
    assert [e["type"] for e in data["entries"]][:3] == ["section", "section", "section"]
    record.entries[-1].text += "."
    assert exports.sha256(exports.canonical_json(exports.document(record))) != exports.sha256(first)


def test_the_markdown_export_reimports_to_the_same_entries(record):
    again = importer.parse(exports.to_markdown(record))
    public = exports.document(record)["entries"]
    assert [(e.type.value, e.text) for e in again.entries] == [(e["type"], e["text"]) for e in public]
    assert [e.speaker for e in again.entries if e.type is EntryType.STATEMENT] == \
        [e["speaker"] for e in public if e["type"] == "statement"]


def test_a_stored_speaker_is_kept_for_the_secretary(record):
    entry = db.session.scalar(db.select(RecordEntry).where(RecordEntry.speaker_id.is_not(None)))
    assert entry.speaker_label in NAMES
