"""The Atom feed (participation/api/atom.py), read back as XML: the demo's published meetings, its
finalized record and the plan's task status changes, with absolute links and the data licence; never a
draft."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime

import sqlalchemy as sa

from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import Meeting, MeetingState, TaskStatus, TaskStatusChange
from tests import factories

NS = {"atom": "http://www.w3.org/2005/Atom"}


def _feed(client) -> ET.Element:
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.get_data())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return root


def _entries(root: ET.Element) -> dict[str, ET.Element]:
    return {entry.findtext("atom:id", namespaces=NS): entry for entry in root.findall("atom:entry", NS)}


def _link(entry: ET.Element) -> str:
    return entry.find("atom:link", NS).get("href")


def test_the_demo_feed_has_meetings_the_record_and_task_changes(demo, client):
    with demo.app_context():
        meetings = {m.title: m.id for m in db.session.scalars(sa.select(Meeting))}
        held, upcoming = meetings["2016년 제2차 정보화전략위원회"], meetings["2017년 제1차 정보화전략위원회"]
        changes = list(db.session.scalars(sa.select(TaskStatusChange).order_by(TaskStatusChange.id)))
        changed = next(c for c in reversed(changes) if c.task.history[0] is not c)  # not a task's first status
        change_id, task_code = changed.id, changed.task.code
    entries = _entries(_feed(client))
    links = [_link(e) for e in entries.values()]
    assert f"http://localhost/meetings/{upcoming}" in links and f"http://localhost/meetings/{held}" in links
    assert f"http://localhost/meetings/{held}/record?version=1" in links
    task_page = f"http://localhost/tasks/{task_code}"
    assert _link(entries[f"{task_page}#status-{change_id}"]) == task_page
    assert all(link.startswith("http://localhost/") for link in links)
    draft = meetings["2017년 제2차 정보화전략위원회"]
    assert f"http://localhost/meetings/{draft}" not in links
    assert "2017년 제2차" not in client.get("/feed.atom").get_data(as_text=True)


def test_entries_are_dated_newest_first_with_the_licence(app, client, app_ctx):
    factories.meeting(published=True)
    db.session.commit()
    root = _feed(client)
    licence = app.config["DATA_LICENCE"]
    assert licence["url"] in root.findtext("atom:rights", namespaces=NS)
    assert root.find("atom:link[@rel='license']", NS).get("href") == licence["url"]
    assert root.find("atom:link[@rel='self']", NS).get("href") == "http://localhost/feed.atom"
    assert root.findtext("atom:author/atom:name", namespaces=NS)
    updated = [datetime.fromisoformat(e.findtext("atom:updated", namespaces=NS))
               for e in root.findall("atom:entry", NS)]
    assert updated and updated == sorted(updated, reverse=True)
    assert datetime.fromisoformat(root.findtext("atom:updated", namespaces=NS)) == updated[0]


def test_a_status_change_is_an_entry_but_not_a_task_entering_the_plan(app_ctx, client):
    committee = factories.committee()
    task = factories.task(committee, "2-1-3")
    db.session.commit()
    assert not any("/tasks/2-1-3" in _link(e) for e in _entries(_feed(client)).values())
    change = services.change_task_status(task, TaskStatus.DELAYED, date(2017, 3, 1), "예산 조정", None)
    db.session.commit()
    entry = _entries(_feed(client))[f"http://localhost/tasks/2-1-3#status-{change.id}"]
    assert TaskStatus.DELAYED.label in entry.findtext("atom:title", namespaces=NS)
    assert "예산 조정" in entry.findtext("atom:summary", namespaces=NS)


def test_a_meeting_enters_when_published_and_changes_when_cancelled(app_ctx, client):
    meeting = factories.meeting(title="새 회의")
    db.session.commit()
    link = f"http://localhost/meetings/{meeting.id}"
    assert link not in _entries(_feed(client))
    services.move_meeting(meeting, MeetingState.PUBLISHED)
    db.session.commit()
    published = _entries(_feed(client))[link]
    assert "새 회의" in published.findtext("atom:title", namespaces=NS)
    services.move_meeting(meeting, MeetingState.CANCELLED, reason="일정 취소")
    db.session.commit()
    cancelled = _entries(_feed(client))[link]
    assert cancelled.findtext("atom:updated", namespaces=NS) > published.findtext("atom:updated", namespaces=NS)
    assert "일정 취소" in cancelled.findtext("atom:summary", namespaces=NS)
