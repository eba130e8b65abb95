"""The secretary's screens: access, every page renders, committees, tasks, meetings, agenda and states.

Materials are in test_manage_materials.py, bad input for every form in test_manage_validation.py.
The fixtures here (`secretary`, `plan`, `count`, `get`) are imported by those modules.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import materials as material_services
from participation.meetings.models import (
    AgendaItem, Committee, Material, Meeting, MeetingState, Task, TaskStatus, TaskStatusChange,
)
from tests import factories

SECRETARY = "secretary@example.org"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>")


@pytest.fixture
def secretary(app, client, auth):
    """A logged-in secretary reading the English interface."""
    with app.app_context():
        factories.user(Role.SECRETARY, email=SECRETARY)
        db.session.commit()
    client.set_cookie("lang", "en")
    assert auth.login(SECRETARY).status_code == 302
    return SECRETARY


@pytest.fixture
def plan(app):
    """A committee with two tasks, a draft meeting with two items and a document, another meeting."""
    with app.app_context():
        committee = factories.committee("Digital Strategy Committee")
        task = factories.task(committee, "3-1-7")
        other_task = factories.task(committee, "3-1-8")
        meeting = factories.meeting(committee, items=2, title="First meeting")
        other = factories.meeting(committee, items=1, title="Other meeting")
        document = material_services.add_document(meeting, None, "Report", "# Report\n\nText.", None)
        db.session.commit()
        items = [item.id for item in db.session.scalars(
            sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position))]
        other_item = db.session.scalar(sa.select(AgendaItem.id).where(AgendaItem.meeting_id == other.id))
        return SimpleNamespace(committee=committee.id, task=task.id, other_task=other_task.id, meeting=meeting.id,
                               items=items, other=other.id, other_item=other_item, document=document.id)


@pytest.fixture
def count(app):
    """`count(Model)`: how many rows the table holds now."""

    def count_rows(model, *where) -> int:
        with app.app_context():
            return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))

    return count_rows


@pytest.fixture
def get(app):
    """`get(Model, id)`: a fresh, detached copy of a row (None when gone)."""

    def get_row(model, ident):
        with app.app_context():
            row = db.session.get(model, ident)
            if row is not None:
                db.session.expunge(row)
            return row

    return get_row


def agenda_titles(app, meeting_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AgendaItem.title).where(AgendaItem.meeting_id == meeting_id)
                                       .order_by(AgendaItem.position)))


# --- access -----------------------------------------------------------------------------------------------


def test_every_manage_route_is_for_secretaries(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("manage.")]
    assert len(rules) >= 20
    for rule in rules:
        access = getattr(app.view_functions[rule.endpoint], "access", None)
        assert access is not None, f"{rule.endpoint} has no access rule"
        assert access.login and access.roles == {Role.SECRETARY}, rule.endpoint
        assert set(rule.arguments) <= {"meeting_id", "item_id", "material_id", "committee_id", "task_id"}


def test_anonymous_is_sent_to_login(client, plan):
    for url in ("/manage/", f"/manage/meetings/{plan.meeting}"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_citizen_is_forbidden(app, client, auth, post_form, plan, count):
    with app.app_context():
        factories.user(Role.CITIZEN, email="citizen@example.org")
        db.session.commit()
    auth.login("citizen@example.org")
    assert client.get("/manage/").status_code == 403
    assert client.get(f"/manage/meetings/{plan.meeting}").status_code == 403
    assert 'href="/manage/"' not in client.get("/").get_data(as_text=True)  # no Secretariat link either
    assert post_form("/manage/committees/new", {"name": "Sneaky"}, form_url="/").status_code == 403
    assert count(Committee) == 1


def test_post_without_csrf_token_is_refused(client, secretary, plan, count, get):
    response = client.post("/manage/committees/new", data={"name": "No token"})
    assert response.status_code == 400
    assert count(Committee) == 1
    response = client.post(f"/manage/meetings/{plan.meeting}/state", data={"target": "published"})
    assert response.status_code == 400
    assert get(Meeting, plan.meeting).state is MeetingState.DRAFT


# --- every screen renders --------------------------------------------------------------------------------


SCREENS = [
    "/manage/",
    "/manage/committees/new",
    "/manage/committees/{committee}/edit",
    "/manage/committees/{committee}/tasks",
    "/manage/committees/{committee}/tasks/new",
    "/manage/tasks/{task}/edit",
    "/manage/tasks/{task}/status",
    "/manage/meetings/new",
    "/manage/meetings/new?committee_id={committee}",
    "/manage/meetings/{meeting}",
    "/manage/meetings/{meeting}/edit",
    "/manage/meetings/{meeting}/items/new",
    "/manage/meetings/{meeting}/items/{item}/edit",
    "/manage/meetings/{meeting}/materials/new-document",
    "/manage/meetings/{meeting}/materials/upload",
    "/manage/meetings/{meeting}/materials/{document}",
    "/manage/meetings/{meeting}/materials/{document}/edit",
    "/manage/meetings/{meeting}/materials/{document}/versions/new",
]


@pytest.mark.parametrize("pattern", SCREENS)
def test_screen_renders_for_secretary(client, secretary, plan, pattern):
    url = pattern.format(committee=plan.committee, task=plan.task, meeting=plan.meeting, item=plan.items[0],
                         document=plan.document)
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    assert "<h1>" in html or "<h1 " in html
    assert not INLINE_SCRIPT.search(html) and " style=" not in html  # the CSP forbids both


def test_dashboard_lists_committees_and_meetings_by_state(client, secretary, plan):
    html = client.get("/manage/").get_data(as_text=True)
    assert "Digital Strategy Committee" in html
    assert f'href="/manage/committees/{plan.committee}/tasks"' in html
    assert f'href="/manage/meetings/{plan.meeting}"' in html
    assert 'id="state-draft"' in html and "badge-draft" in html
    assert 'href="/manage/meetings/new"' in html and 'href="/manage/committees/new"' in html


@pytest.mark.parametrize("pattern", [
    "/manage/meetings/999",
    "/manage/meetings/999/edit",
    "/manage/committees/999/edit",
    "/manage/committees/999/tasks",
    "/manage/committees/999/tasks/new",
    "/manage/tasks/999/edit",
    "/manage/tasks/999/status",
    "/manage/meetings/{meeting}/items/999/edit",
    "/manage/meetings/{meeting}/items/{other_item}/edit",  # an item of another meeting
    "/manage/meetings/{other}/materials/{document}",  # a material of another meeting
    "/manage/meetings/{meeting}/materials/999/edit",
    "/manage/meetings/{meeting}/materials/999/versions/new",
    "/manage/meetings/999/materials/new-document",
])
def test_unknown_ids_are_404(client, secretary, plan, pattern):
    url = pattern.format(meeting=plan.meeting, other=plan.other, other_item=plan.other_item, document=plan.document)
    assert client.get(url).status_code == 404


def test_posts_to_unknown_ids_are_404(client, secretary, post_form, plan, get):
    form_url = f"/manage/meetings/{plan.meeting}"
    assert post_form(f"/manage/meetings/{plan.meeting}/items/{plan.other_item}/move", {"direction": "up"},
                     form_url=form_url).status_code == 404
    assert post_form(f"/manage/meetings/{plan.meeting}/items/{plan.other_item}/delete", {},
                     form_url=form_url).status_code == 404
    assert post_form("/manage/meetings/999/state", {"target": "published"}, form_url=form_url).status_code == 404
    assert get(AgendaItem, plan.other_item) is not None


# --- committees and tasks ---------------------------------------------------------------------------------


def test_secretary_creates_and_edits_a_committee(client, secretary, post_form, count, app):
    response = post_form("/manage/committees/new", {"name": "  Smart City Committee ", "description": "Plans."})
    assert response.status_code == 303
    with app.app_context():
        committee = db.session.scalar(sa.select(Committee))
        assert (committee.name, committee.description) == ("Smart City Committee", "Plans.")
        committee_id = committee.id
    assert response.headers["Location"].endswith(f"/manage/committees/{committee_id}/tasks")
    assert "Committee created." in client.get(response.headers["Location"]).get_data(as_text=True)

    url = f"/manage/committees/{committee_id}/edit"
    assert 'value="Smart City Committee"' in client.get(url).get_data(as_text=True)
    assert post_form(url, {"name": "Renamed", "description": ""}).status_code == 303
    with app.app_context():
        assert db.session.get(Committee, committee_id).name == "Renamed"
    assert count(Committee) == 1


def test_secretary_adds_a_task_with_its_first_status(client, secretary, post_form, plan, app):
    url = f"/manage/committees/{plan.committee}/tasks/new"
    response = post_form(url, {"code": "2-4-1", "title": "Open data portal", "department": "Data team",
                               "status": "delayed", "changed_on": "2016-03-01", "reason": "Budget cut"})
    assert response.status_code == 303
    with app.app_context():
        task = db.session.scalar(sa.select(Task).where(Task.code == "2-4-1"))
        assert (task.strategy, task.major, task.number) == (2, 4, 1)
        assert task.status is TaskStatus.DELAYED and task.department == "Data team"
        assert [(c.status, c.changed_on, c.reason) for c in task.history] == [
            (TaskStatus.DELAYED, date(2016, 3, 1), "Budget cut")]
        assert task.history[0].created_by_id is not None
    html = client.get(f"/manage/committees/{plan.committee}/tasks").get_data(as_text=True)
    assert "2-4-1" in html and "Open data portal" in html


def test_secretary_edits_a_task(client, secretary, post_form, plan, get):
    url = f"/manage/tasks/{plan.task}/edit"
    assert "과제 3-1-7" in client.get(url).get_data(as_text=True)
    assert post_form(url, {"title": "New title", "department": ""}).status_code == 303
    task = get(Task, plan.task)
    assert (task.title, task.department, task.code) == ("New title", "", "3-1-7")


def test_secretary_changes_a_task_status_and_sees_the_history(client, secretary, post_form, plan, app, count):
    url = f"/manage/tasks/{plan.task}/status"
    response = post_form(url, {"status": "on_hold", "changed_on": "2017-01-10", "reason": "Waiting for the law"})
    assert response.status_code == 303
    with app.app_context():
        task = db.session.get(Task, plan.task)
        assert task.status is TaskStatus.ON_HOLD
        assert [c.status for c in task.history] == [TaskStatus.ON_TRACK, TaskStatus.ON_HOLD]
    html = client.get(url).get_data(as_text=True)
    assert "Waiting for the law" in html and "계획 수립" in html
    assert count(TaskStatusChange) == 3  # two tasks' first entries and this change


# --- meetings ---------------------------------------------------------------------------------------------


MEETING = {
    "title": "2017 first meeting", "number": "1", "place": "City Hall", "summary": "Plan review",
    "starts_at": "2030-03-05T14:00", "part1_starts_at": "2030-03-05T14:00", "part1_ends_at": "2030-03-05T15:30",
    "part2_starts_at": "2030-03-05T15:40", "part2_ends_at": "2030-03-05T16:30",
    "stream_url": "https://stream.example.org/live", "allow_guest_comments": "y",
}


def test_secretary_creates_a_meeting_in_local_time(client, secretary, post_form, plan, app):
    response = post_form("/manage/meetings/new", {**MEETING, "committee_id": str(plan.committee)})
    assert response.status_code == 303
    with app.app_context():
        meeting = db.session.scalar(sa.select(Meeting).where(Meeting.title == "2017 first meeting"))
        assert meeting.state is MeetingState.DRAFT
        assert meeting.starts_at == datetime(2030, 3, 5, 5, 0, tzinfo=timezone.utc)  # 14:00 in Seoul
        assert meeting.part2_ends_at == datetime(2030, 3, 5, 7, 30, tzinfo=timezone.utc)
        assert meeting.stream_url == "https://stream.example.org/live" and meeting.allow_guest_comments
        assert meeting.committee_id == plan.committee
        meeting_id = meeting.id
    assert response.headers["Location"].endswith(f"/manage/meetings/{meeting_id}")
    # The edit form shows the stored UTC back in local time.
    html = client.get(f"/manage/meetings/{meeting_id}/edit").get_data(as_text=True)
    assert 'value="2030-03-05T14:00"' in html and 'value="2030-03-05T16:30"' in html


def test_secretary_edits_a_meeting(client, secretary, post_form, plan, get):
    url = f"/manage/meetings/{plan.meeting}/edit"
    data = {**MEETING, "title": "Renamed meeting", "part2_starts_at": "", "part2_ends_at": "", "stream_url": ""}
    del data["allow_guest_comments"]
    assert post_form(url, data).status_code == 303
    meeting = get(Meeting, plan.meeting)
    assert meeting.title == "Renamed meeting" and meeting.part2_starts_at is None
    assert meeting.stream_url is None and not meeting.allow_guest_comments
    assert meeting.committee_id == plan.committee


def test_new_meeting_without_committees_says_to_create_one(client, secretary):
    html = client.get("/manage/meetings/new").get_data(as_text=True)
    assert "Create a committee first." in html


# --- agenda -----------------------------------------------------------------------------------------------


def test_secretary_adds_and_edits_agenda_items(client, secretary, post_form, plan, app):
    url = f"/manage/meetings/{plan.meeting}/items/new"
    html = client.get(url).get_data(as_text=True)
    assert "3-1-7" in html and "3-1-8" in html  # the committee's tasks are offered
    response = post_form(url, {"title": "Plan progress", "kind": "deliberation", "task_id": str(plan.task),
                               "summary": "Progress of 3-1-7", "presenter": "Director", "page_from": "4",
                               "page_to": "9"})
    assert response.status_code == 303
    assert agenda_titles(app, plan.meeting) == ["안건 1", "안건 2", "Plan progress"]
    with app.app_context():
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.title == "Plan progress"))
        assert (item.task_id, item.position, item.pages, item.kind.value) == (plan.task, 3, "4–9", "deliberation")
        item_id = item.id

    edit = f"/manage/meetings/{plan.meeting}/items/{item_id}/edit"
    assert 'value="Plan progress"' in client.get(edit).get_data(as_text=True)
    response = post_form(edit, {"title": "Plan progress (2)", "kind": "report", "task_id": "", "page_from": "",
                                "page_to": ""})
    assert response.status_code == 303
    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        assert (item.title, item.task_id, item.page_from) == ("Plan progress (2)", None, None)


def test_secretary_reorders_the_agenda(client, secretary, post_form, plan, app):
    first, second = plan.items
    page = f"/manage/meetings/{plan.meeting}"
    html = client.get(page).get_data(as_text=True)
    assert "Move down<span class=\"visually-hidden\">: 안건 1</span>" in html
    response = post_form(f"/manage/meetings/{plan.meeting}/items/{second}/move", {"direction": "up"}, form_url=page)
    assert response.status_code == 303
    assert agenda_titles(app, plan.meeting) == ["안건 2", "안건 1"]
    post_form(f"/manage/meetings/{plan.meeting}/items/{second}/move", {"direction": "down"}, form_url=page)
    assert agenda_titles(app, plan.meeting) == ["안건 1", "안건 2"]
    response = post_form(f"/manage/meetings/{plan.meeting}/items/{first}/move", {"direction": "sideways"},
                         form_url=page)
    assert response.status_code == 400
    assert agenda_titles(app, plan.meeting) == ["안건 1", "안건 2"]


def test_items_are_deleted_only_in_draft(client, secretary, post_form, plan, app, count):
    page = f"/manage/meetings/{plan.meeting}"
    response = post_form(f"/manage/meetings/{plan.meeting}/items/{plan.items[0]}/delete", {}, form_url=page)
    assert response.status_code == 303
    assert agenda_titles(app, plan.meeting) == ["안건 2"]
    with app.app_context():
        assert db.session.get(AgendaItem, plan.items[1]).position == 1

    response = post_form(f"/manage/meetings/{plan.meeting}/state", {"target": "published"}, form_url=page)
    assert response.status_code == 303
    assert "Delete<span" not in client.get(page).get_data(as_text=True)
    response = post_form(f"/manage/meetings/{plan.meeting}/items/{plan.items[1]}/delete", {}, form_url=page)
    assert response.status_code == 400
    assert "cannot be deleted" in response.get_data(as_text=True)
    assert agenda_titles(app, plan.meeting) == ["안건 2"]


# --- states -----------------------------------------------------------------------------------------------


def test_publishing_makes_the_meeting_public(app, client, secretary, post_form, plan, get):
    anonymous = app.test_client()
    assert anonymous.get(f"/meetings/{plan.meeting}").status_code == 404
    page = f"/manage/meetings/{plan.meeting}"
    html = client.get(page).get_data(as_text=True)
    assert "Publish the meeting" in html and "visible to everyone" in html
    assert "Close the meeting" not in html  # only what the state machine allows
    assert f'href="/meetings/{plan.meeting}"' in html  # the preview link
    assert client.get(f"/meetings/{plan.meeting}").status_code == 200  # secretaries preview drafts

    response = post_form(f"{page}/state", {"target": "published"}, form_url=page)
    assert response.status_code == 303
    meeting = get(Meeting, plan.meeting)
    assert meeting.state is MeetingState.PUBLISHED and meeting.published_at is not None
    assert anonymous.get(f"/meetings/{plan.meeting}").status_code == 200
    html = client.get(page).get_data(as_text=True)
    # It has a part 2: it goes live before it closes (closing straight away is for meetings without one).
    assert "Start the live session" in html and "Close the meeting" not in html and "Publish the meeting" not in html


def test_a_meeting_without_part_2_closes_without_going_live(app, client, secretary, post_form, get):
    with app.app_context():
        meeting = factories.meeting(published=True, part_2=False)
        db.session.commit()
        meeting_id = meeting.id
    page = f"/manage/meetings/{meeting_id}"
    html = client.get(page).get_data(as_text=True)
    assert "Close the meeting" in html and "Start the live session" not in html
    assert post_form(f"{page}/state", {"target": "live"}, form_url=page).status_code == 400
    assert get(Meeting, meeting_id).state is MeetingState.PUBLISHED
    assert post_form(f"{page}/state", {"target": "closed"}, form_url=page).status_code == 303


def test_the_meeting_moves_through_every_state(client, secretary, post_form, plan, get):
    page = f"/manage/meetings/{plan.meeting}"
    for target in ("published", "live", "closed"):
        assert post_form(f"{page}/state", {"target": target}, form_url=page).status_code == 303
        assert get(Meeting, plan.meeting).state.value == target
    # The last step is the record's: finalizing freezes it as version 1 (tests/record/test_final_views.py).
    html = client.get(page).get_data(as_text=True)
    assert f'href="/manage/meetings/{plan.meeting}/record/finalize"' in html and 'value="record_final"' not in html
    refused = post_form(f"{page}/state", {"target": "record_final"}, form_url=page)
    assert refused.status_code == 400 and "finalized on its own page" in refused.get_data(as_text=True)
    assert get(Meeting, plan.meeting).state is MeetingState.CLOSED


@pytest.mark.parametrize("target", ["closed", "live", "record_final", "draft", "bogus", ""])
def test_invalid_transitions_are_refused(client, secretary, post_form, plan, get, target):
    page = f"/manage/meetings/{plan.meeting}"
    response = post_form(f"{page}/state", {"target": target}, form_url=page)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "cannot go from" in html or "Unknown meeting state" in html
    assert get(Meeting, plan.meeting).state is MeetingState.DRAFT


def test_a_meeting_without_items_cannot_be_published(app, client, secretary, post_form, plan, get):
    with app.app_context():
        empty = factories.meeting(db.session.get(Committee, plan.committee), items=0)
        db.session.commit()
        empty_id = empty.id
    page = f"/manage/meetings/{empty_id}"
    response = post_form(f"{page}/state", {"target": "published"}, form_url=page)
    assert response.status_code == 400
    assert "Add at least one agenda item before publishing." in response.get_data(as_text=True)
    assert get(Meeting, empty_id).state is MeetingState.DRAFT


# --- the whole flow through the forms ----------------------------------------------------------------------


def test_secretary_builds_a_meeting_from_scratch(app, client, secretary, post_form, count):
    assert post_form("/manage/committees/new", {"name": "Transport Committee"}).status_code == 303
    with app.app_context():
        committee_id = db.session.scalar(sa.select(Committee.id))
    assert post_form(f"/manage/committees/{committee_id}/tasks/new",
                     {"code": "1-1-1", "title": "Bus lanes", "status": "on_track", "changed_on": "2017-01-02",
                      "reason": ""}).status_code == 303
    response = post_form("/manage/meetings/new", {**MEETING, "committee_id": str(committee_id)})
    meeting_url = response.headers["Location"]
    meeting_id = int(meeting_url.rsplit("/", 1)[1])
    with app.app_context():
        task_id = db.session.scalar(sa.select(Task.id))
    for title in ("Opening", "Bus lanes report"):
        assert post_form(f"/manage/meetings/{meeting_id}/items/new",
                         {"title": title, "kind": "report", "task_id": str(task_id)}).status_code == 303
    response = post_form(f"/manage/meetings/{meeting_id}/materials/new-document",
                         {"title": "Briefing", "agenda_item_id": "", "markdown": "# Briefing\n\nBus lanes.",
                          "save": "Save document"})
    assert response.status_code == 303
    assert post_form(f"{meeting_url}/state", {"target": "published"}, form_url=meeting_url).status_code == 303

    public = app.test_client().get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Bus lanes report" in public and "Briefing" in public
    assert (count(Committee), count(Task), count(Meeting), count(AgendaItem), count(Material)) == (1, 1, 1, 2, 1)


def test_the_manage_page_links_the_live_page_queue_and_audit_log(app, client, secretary, post_form, plan):
    page = f"/manage/meetings/{plan.meeting}"
    assert f"/meetings/{plan.meeting}/moderation/audit" not in client.get(page).get_data(as_text=True)  # a draft
    post_form(f"{page}/state", {"target": "published"}, form_url=page)
    html = client.get(page).get_data(as_text=True)
    assert f'href="/meetings/{plan.meeting}/live"' in html
    assert f'href="/meetings/{plan.meeting}/moderation/audit"' in html
    assert f'href="/meetings/{plan.meeting}/moderate"' not in html  # the secretary is no moderator here
