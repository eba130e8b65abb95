"""Finalizing a record, correcting it, and comparing its versions (the services)."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from participation.comments import services as comments
from participation.comments.models import Comment
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings.models import MeetingState
from participation.record import exports, opinions, services, versions
from participation.record.kinds import EntryType
from participation.record.models import Record, RecordVersion
from participation.record.versions import EntryChange
from tests import factories
from tests.record import final_world


@pytest.fixture
def world(app_ctx):
    return final_world.build()


def record_of(world) -> Record:
    return db.session.scalar(sa.select(Record).where(Record.meeting_id == world.meeting.id))


def state_of(world):
    db.session.expire_all()
    return world.meeting.state


def version_rows() -> list[tuple[int, str]]:
    return db.session.execute(sa.select(RecordVersion.number, RecordVersion.sha256).order_by(RecordVersion.number)).all()


# --- Finalizing ---------------------------------------------------------------------------------------------

def test_finalizing_is_refused_while_a_comment_waits_and_nothing_changes(app_ctx):
    world = final_world.build(close=False)
    waiting = factories.comment(world.items[1], world.citizen, body="아직 심사 중인 의견")
    world.meeting.state = MeetingState.CLOSED
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        versions.finalize(world.meeting, world.secretary)
    db.session.rollback()
    assert refused.value.code == "pending" and "1" in str(refused.value.message)
    assert versions.waiting_comments(world.meeting) == [waiting]
    assert state_of(world) is MeetingState.CLOSED and version_rows() == []
    comments.approve(db.session.get(Comment, waiting.id), world.moderator)
    db.session.commit()
    assert versions.finalize(world.meeting, world.secretary).number == 1


def test_a_reported_comment_waits_for_its_decision_too(world):
    approved = db.session.scalars(sa.select(Comment)).one()
    world.meeting.state = MeetingState.PUBLISHED
    comments.report(approved, factories.user(), "spam")
    world.meeting.state = MeetingState.CLOSED
    db.session.commit()
    assert versions.waiting_comments(world.meeting) == [approved]
    with pytest.raises(ServiceError):
        versions.finalize(world.meeting, world.secretary)


@pytest.mark.parametrize("state", [MeetingState.PUBLISHED, MeetingState.LIVE, MeetingState.CANCELLED])
def test_only_a_closed_meeting_is_finalized(world, state):
    world.meeting.state = state
    with pytest.raises(ServiceError) as refused:
        versions.finalize(world.meeting, world.secretary)
    assert refused.value.code == "conflict" and version_rows() == []


@pytest.mark.parametrize("who", ["member", "other_secretary", "citizen"])
def test_only_the_serving_secretary_finalizes(world, who):
    with pytest.raises(ServiceError) as refused:
        versions.finalize(world.meeting, getattr(world, who))
    assert refused.value.code == "forbidden" and version_rows() == []


def test_an_empty_record_is_not_finalized(app_ctx):
    world = final_world.build()
    for entry in list(record_of(world).entries):
        db.session.delete(entry)
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        versions.finalize(world.meeting, world.secretary)
    assert refused.value.code == "empty"


def test_finalizing_freezes_version_1_and_closes_the_meeting(world):
    expected = exports.canonical_json(exports.document(record_of(world)))
    version = versions.finalize(world.meeting, world.secretary)
    db.session.commit()
    assert state_of(world) is MeetingState.RECORD_FINAL
    assert (version.number, version.created_by_id, version.change_note) == (1, world.secretary.id, "")
    assert version.snapshot == expected and version.sha256 == exports.sha256(expected)
    frozen = versions.snapshot_of(version)
    assert frozen["citizens"]["items"][0]["comments"][0]["body"] == "회의록에 남을 시민 의견입니다"
    assert any(e["type"] == "action" and e["deadline"] == "2017-01-15" for e in frozen["entries"])


def test_a_final_record_refuses_every_edit_path(world):
    versions.finalize(world.meeting, world.secretary)
    db.session.commit()
    record = record_of(world)
    entry = record.entries[1]
    fields = services.EntryFields(type=EntryType.NOTE, text="고쳐 쓴 문장")
    attempts = [
        lambda: services.preview_import(world.meeting, b"# x"),
        lambda: services.import_minutes(world.meeting, services.importer.parse("# x\n- (OOO) y")),
        lambda: services.add_entry(world.secretary, world.meeting, fields),
        lambda: services.update_entry(world.secretary, entry, fields),
        lambda: services.move_entry(world.secretary, entry, 1),
        lambda: services.delete_entry(world.secretary, entry),
        lambda: services.update_settings(world.secretary, world.meeting, anonymize_members=False, attendance="x"),
        lambda: opinions.add_remark(world.meeting, entry, world.member, "이 문장을 고쳐 주세요"),
    ]
    before = versions.snapshot_of(record.current_version)
    for attempt in attempts:
        with pytest.raises(ServiceError):
            attempt()
        db.session.rollback()
    assert exports.document(record_of(world))["entries"] == before["entries"]


def test_the_hash_is_stable_and_later_changes_do_not_alter_version_1(world):
    version = versions.finalize(world.meeting, world.secretary)
    db.session.commit()
    snapshot, sha = version.snapshot, version.sha256
    # A comment approved later elsewhere, a member renamed: the frozen version does not move.
    world.member.display_name = "개명한위원"
    db.session.commit()
    db.session.expire_all()
    again = versions.version_of(record_of(world), 1)
    assert (again.snapshot, again.sha256) == (snapshot, sha)
    assert exports.sha256(again.snapshot) == sha


# --- Corrections --------------------------------------------------------------------------------------------

def finalized(world) -> Record:
    versions.finalize(world.meeting, world.secretary)
    db.session.commit()
    return record_of(world)


def statement(record: Record, n: int = 0):
    return [e for e in record.entries if e.type is EntryType.STATEMENT][n]


def test_a_correction_makes_version_2_with_its_note_and_version_1_stays(world):
    record = finalized(world)
    first = versions.version_of(record, 1)
    v1_snapshot, v1_sha = first.snapshot, first.sha256
    target = statement(record)
    corrected = target.text + " (정정)"
    version = versions.correct(world.meeting, world.secretary, "발언 정정", [EntryChange(target.id, text=corrected)])
    db.session.commit()
    assert (version.number, version.change_note, version.created_by_id) == (2, "발언 정정", world.secretary.id)
    assert version.sha256 != v1_sha and version.sha256 == exports.sha256(version.snapshot)
    db.session.expire_all()
    record = record_of(world)
    assert [v.number for v in record.versions] == [1, 2] and record.current_version.number == 2
    assert (record.versions[0].snapshot, record.versions[0].sha256) == (v1_snapshot, v1_sha)
    texts = [e["text"] for e in versions.snapshot_of(record.versions[1])["entries"]]
    assert corrected in texts and corrected not in [e["text"] for e in json.loads(v1_snapshot)["entries"]]
    assert state_of(world) is MeetingState.RECORD_FINAL


def test_a_correction_keeps_the_frozen_citizens_part(world):
    record = finalized(world)
    frozen = versions.snapshot_of(record.current_version)["citizens"]
    # After finalizing, the comment is hidden by a moderator: the record keeps what it froze.
    comment = db.session.scalars(sa.select(Comment)).one()
    comment.public_body = "바뀐 글"
    db.session.commit()
    version = versions.correct(world.meeting, world.secretary, "정정",
                               [EntryChange(statement(record).id, text="정정된 발언")])
    assert versions.snapshot_of(version)["citizens"] == frozen


def test_a_correction_needs_a_note_and_a_change(world):
    record = finalized(world)
    target = statement(record)
    with pytest.raises(ServiceError) as no_note:
        versions.correct(world.meeting, world.secretary, "  ", [EntryChange(target.id, text="다른 글")])
    db.session.rollback()
    assert no_note.value.field == "change_note"
    with pytest.raises(ServiceError) as unchanged:
        versions.correct(world.meeting, world.secretary, "정정", [EntryChange(target.id, text=target.text)])
    db.session.rollback()
    assert unchanged.value.code == "unchanged"
    with pytest.raises(ServiceError) as empty:
        versions.correct(world.meeting, world.secretary, "정정", [EntryChange(target.id, text="")])
    db.session.rollback()
    assert empty.value.field == f"text_{target.id}"
    assert [v.number for v in record_of(world).versions] == [1]


def test_a_correction_is_refused_to_others_and_before_finalizing(world):
    target = statement(record_of(world))
    with pytest.raises(ServiceError) as draft:
        versions.correct(world.meeting, world.secretary, "정정", [EntryChange(target.id, text="x")])
    assert draft.value.code == "forbidden"
    finalized(world)
    for who in (world.member, world.other_secretary):
        with pytest.raises(ServiceError) as refused:
            versions.correct(world.meeting, who, "정정", [EntryChange(target.id, text="x")])
        assert refused.value.code == "forbidden"


def test_a_correction_removes_an_entry_and_closes_the_gap(world):
    opinions.add_remark(world.meeting, statement(record_of(world), 3), world.member, "중복된 발언입니다")
    record = finalized(world)
    count = len(record.entries)
    target = statement(record, 3)
    versions.correct(world.meeting, world.secretary, "중복 발언 삭제", [EntryChange(target.id, remove=True)])
    db.session.commit()
    db.session.expire_all()
    record = record_of(world)
    assert [e.position for e in record.entries] == list(range(1, count))
    assert len(versions.snapshot_of(record.current_version)["entries"]) == count - 1
    assert opinions.remarks_of(record) == []  # the remark went with its entry


def test_a_correction_changes_a_deadline_and_an_outcome(world):
    from datetime import date

    record = finalized(world)
    action = next(e for e in record.entries if e.type is EntryType.ACTION)
    resolution = next(e for e in record.entries if e.type is EntryType.RESOLUTION)
    version = versions.correct(world.meeting, world.secretary, "기한 연장", [
        EntryChange(action.id, deadline=date(2017, 1, 31)), EntryChange(resolution.id, outcome="수정 가결")])
    entries = versions.snapshot_of(version)["entries"]
    assert any(e["type"] == "action" and e["deadline"] == "2017-01-31" for e in entries)
    assert any(e["type"] == "resolution" and e["outcome"] == "수정 가결" for e in entries)


# --- Comparing versions -------------------------------------------------------------------------------------

def test_the_diff_lists_the_removed_and_added_entries(world):
    record = finalized(world)
    target = statement(record, 2)
    old_text = target.text
    versions.correct(world.meeting, world.secretary, "정정", [EntryChange(target.id, text="새로 고친 발언")])
    db.session.commit()
    one, two = (versions.snapshot_of(v) for v in record_of(world).versions)
    lines = versions.diff(one, two)
    changed = [(line.kind, line.data["text"]) for line in lines if line.kind != "same"]
    assert changed == [("removed", old_text), ("added", "새로 고친 발언")]
    assert sum(line.count for line in lines if line.kind == "same") == len(one["entries"])  # attendance + the rest
    assert versions.diff(one, one) == [versions.DiffLine("same", count=len(one["entries"]) + 1)]
