"""Importing minutes into a meeting's record: entries stored in order, decisions confirmed, refusals."""
from __future__ import annotations

from datetime import date

import pytest

from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings.models import MeetingState
from participation.record import importer, services
from participation.record.kinds import EntryType
from participation.record.models import RecordEntry
from tests import factories
from tests.record import minutes_text

E = EntryType


@pytest.fixture
def meeting(app_ctx):
    meeting = factories.meeting(published=True)
    meeting.state = MeetingState.CLOSED
    db.session.commit()
    return meeting


def stored(meeting):
    return db.session.scalars(db.select(RecordEntry).join(RecordEntry.record)
                              .where(RecordEntry.record.has(meeting_id=meeting.id))
                              .order_by(RecordEntry.position)).all()


def test_an_import_stores_every_entry_in_order_with_the_confirmed_decisions(meeting):
    parsed = services.preview_import(meeting, minutes_text().encode())
    action = next(n for n, p in enumerate(parsed.proposals) if p.type is E.ACTION)
    resolution = next(n for n, p in enumerate(parsed.proposals) if p.type is E.RESOLUTION)
    record = services.import_minutes(meeting, parsed, [
        services.Confirmation(resolution, E.RESOLUTION),
        services.Confirmation(action, E.ACTION, deadline=date(2017, 1, 15)),
    ])
    db.session.commit()
    entries = stored(meeting)
    assert [e.position for e in entries] == list(range(1, 9 + 59 + 2 + 2 + 1))
    assert sum(e.type is E.STATEMENT for e in entries) == 59
    closing = next(i for i, e in enumerate(entries) if e.text.startswith("네... 그럼 원안대로 가결"))
    assert [entries[closing + 1].type, entries[closing + 2].type] == [E.RESOLUTION, E.ACTION]
    assert entries[closing + 1].outcome == "원안 가결 (이의 없음)"
    assert entries[closing + 2].deadline == date(2017, 1, 15) and entries[closing + 2].pages == "14–18"
    assert record.attendance.endswith("등 30명")
    assert entries[0].type is E.SECTION and entries[0].level == 2


def test_a_second_import_is_refused_and_changes_nothing(meeting):
    parsed = services.preview_import(meeting, minutes_text().encode())
    services.import_minutes(meeting, parsed)
    db.session.commit()
    before = len(stored(meeting))
    with pytest.raises(ServiceError) as refused:
        services.import_minutes(meeting, parsed)
    db.session.rollback()
    assert refused.value.code == "conflict"
    assert len(stored(meeting)) == before


def test_a_final_record_takes_no_import(meeting):
    meeting.state = MeetingState.RECORD_FINAL
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        services.preview_import(meeting, minutes_text().encode())
    assert refused.value.code == "closed"


def test_an_unknown_proposal_is_refused(meeting):
    parsed = importer.parse(minutes_text())
    with pytest.raises(ServiceError):
        services.import_minutes(meeting, parsed, [services.Confirmation(99, E.ACTION)])
    db.session.rollback()
    assert stored(meeting) == []


def test_the_command_prints_what_it_found_and_saves(app, meeting, tmp_path):
    path = tmp_path / "minutes.md"
    path.write_text(minutes_text(), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["record", "import", str(path), "--meeting", str(meeting.id), "--confirm-decisions"])
    assert result.exit_code == 0, result.output
    assert "9 sections, 59 statements, 2 notes, 4 decisions proposed, 10 page breaks joined" in result.output
    assert len(stored(meeting)) == 9 + 59 + 2 + 4


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8 \x81", "- (○○○) 제목 없음".encode()])
def test_the_command_refuses_bad_minutes_and_saves_nothing(app, meeting, tmp_path, content):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    result = app.test_cli_runner().invoke(args=["record", "import", str(path), "--meeting", str(meeting.id)])
    assert result.exit_code == 1
    assert "Error:" in result.output
    assert stored(meeting) == []
