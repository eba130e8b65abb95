"""The public pages: home, meeting, item, material, download, task and committee.

Drafts answer 404 to everyone but secretaries, who see a preview notice. Texts are checked in English
(the `lang` cookie), which needs no compiled catalog.
"""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from participation.core.roles import Role
from participation.core.templating import datetime_attribute
from participation.extensions import db
from participation.meetings import materials, queries, services
from participation.meetings.models import AgendaItem, Committee, Meeting, MeetingState, Task, TaskStatus
from tests import factories
from tests.conftest import AuthActions
from tests.meetings.pdf import minimal_pdf

PREVIEW = "Preview: this meeting is a draft"


@pytest.fixture
def client(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    return client


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def section(html: str, heading_id: str) -> str:
    return re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S).group(1)


def meeting_links(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/meetings/(\d+)"', html)}


@pytest.fixture
def world(app):
    """A committee with a task, a public meeting (item on the task, a document, a PDF) and a draft twin."""
    with app.app_context():
        committee = factories.committee("정보화전략위원회")
        task = factories.task(committee, "3-1-7", status=TaskStatus.UNDERPERFORMING)
        public = factories.meeting(committee, items=2, title="Public meeting")
        task_item = services.add_agenda_item(public, title="Safety services", task_id=task.id)
        document = materials.add_document(public, task_item, "Summary", "First paragraph.\n\nSecond.", None)
        pdf = materials.add_file(public, None, "Packet", io.BytesIO(minimal_pdf()), "packet.pdf", None)
        services.move_meeting(public, MeetingState.PUBLISHED)
        draft = factories.meeting(committee, items=0, title="Draft meeting")
        draft_item = services.add_agenda_item(draft, title="Secret item", task_id=task.id)
        draft_doc = materials.add_document(draft, draft_item, "Draft notes", "Not yet public.", None)
        draft_pdf = materials.add_file(draft, None, "Draft packet", io.BytesIO(minimal_pdf("draft")), "d.pdf", None)
        factories.user(Role.SECRETARY, email="secretary@example.org")
        factories.user(Role.CITIZEN, email="citizen@example.org")
        db.session.commit()
        return SimpleNamespace(
            committee=committee.id, task=task.code, public=public.id, item=task_item.id, document=document.id,
            pdf=pdf.id, draft=draft.id, draft_item=draft_item.id, draft_doc=draft_doc.id, draft_pdf=draft_pdf.id,
        )


def demo_meeting(app, title: str) -> Meeting:
    with app.app_context():
        return db.session.scalar(sa.select(Meeting).where(Meeting.title == title))


# --- home --------------------------------------------------------------------------------------------


def test_home_sorts_meetings_into_live_upcoming_and_past(app, client):
    with app.app_context():
        committee = factories.committee()
        live = factories.meeting(committee, published=True, starts_in_days=0, title="Live one")
        services.move_meeting(live, MeetingState.LIVE)
        upcoming = factories.meeting(committee, published=True, starts_in_days=10, title="Upcoming one")
        past = factories.meeting(committee, published=True, starts_in_days=-10, title="Past one")
        closed = factories.meeting(committee, published=True, starts_in_days=-20, title="Closed one", part_2=False)
        services.move_meeting(closed, MeetingState.CLOSED)
        draft = factories.meeting(committee, starts_in_days=5, title="Draft one")
        db.session.commit()
        ids = SimpleNamespace(live=live.id, upcoming=upcoming.id, past=past.id, closed=closed.id, draft=draft.id)

    html = html_of(client.get("/"))
    assert meeting_links(section(html, "live-heading")) == {ids.live}
    assert meeting_links(section(html, "upcoming-heading")) == {ids.upcoming}
    assert meeting_links(section(html, "past-heading")) == {ids.past, ids.closed}
    assert ids.draft not in meeting_links(html) and "Draft one" not in html


def test_home_with_the_demo_links_published_meetings_only(demo, client):
    html = html_of(client.get("/"))
    published = [demo_meeting(demo, t).id for t in ("2016년 제2차 정보화전략위원회", "2017년 제1차 정보화전략위원회")]
    assert meeting_links(html) == set(published)
    assert demo_meeting(demo, "2017년 제1차 정보화전략위원회").id in meeting_links(section(html, "upcoming-heading"))
    assert "2017년 제2차" not in html


def test_empty_home_says_so(client):
    html = html_of(client.get("/"))
    assert "No meeting is scheduled yet." in html and meeting_links(html) == set()


# --- meeting, item, material, download -------------------------------------------------------------


def test_meeting_page_shows_agenda_tasks_materials_and_part_2(demo, client):
    meeting = demo_meeting(demo, "2017년 제1차 정보화전략위원회")
    html = html_of(client.get(f"/meetings/{meeting.id}"))
    assert meeting.title in html
    with demo.app_context():
        items = services.agenda_of(db.session.get(Meeting, meeting.id))
        for item in items:
            assert f'href="/meetings/{meeting.id}/items/{item.id}"' in html
        codes = [item.task.code for item in items if item.task]
    assert codes == ["3-1-4", "3-1-7", "3-2-7", "4-2-1", "4-2-3"]
    for code in codes:
        assert f'href="/tasks/{code}"' in html
    assert html.count('class="badge badge-underperforming"') == 3
    assert "Part 2: online open session" in html
    assert f'datetime="{datetime_attribute(meeting.part2_starts_at)}"' in html
    assert f'datetime="{datetime_attribute(meeting.part2_ends_at)}"' in html
    assert len(re.findall(rf'href="/meetings/{meeting.id}/materials/\d+"', html)) == 2
    assert 'href="https://stream.example.org/seoul-ict-2017-1" rel="nofollow noopener"' in html


def test_meeting_page_lists_file_materials_with_a_download_link(app, client, world):
    html = html_of(client.get(f"/meetings/{world.public}"))
    assert f'href="/meetings/{world.public}/materials/{world.pdf}/download"' in html
    assert f'href="/meetings/{world.public}/materials/{world.document}"' in html
    assert PREVIEW not in html


def test_item_page(app, client, world):
    html = html_of(client.get(f"/meetings/{world.public}/items/{world.item}"))
    assert "Safety services" in html
    assert 'href="/tasks/3-1-7"' in html and "badge-underperforming" in html
    assert f'href="/meetings/{world.public}/materials/{world.document}"' in html
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_item_page_of_the_demo_shows_pages_and_summary(demo, client):
    meeting = demo_meeting(demo, "2016년 제2차 정보화전략위원회")
    with demo.app_context():
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                             AgendaItem.page_from == 14))
    html = html_of(client.get(f"/meetings/{meeting.id}/items/{item.id}"))
    assert "pp. 14–18" in html
    assert item.summary[:30] in html


def test_material_page_shows_the_document_with_its_anchors(demo, client):
    meeting = demo_meeting(demo, "2016년 제2차 정보화전략위원회")
    with demo.app_context():
        material = materials_of(meeting.id)[0]
        anchors = re.findall(r'id="(p-[0-9a-f]{8}(?:-\d+)?)"', material.current.html)
    html = html_of(client.get(f"/meetings/{meeting.id}/materials/{material.id}"))
    assert len(anchors) > 5
    for anchor in anchors:
        assert f'id="{anchor}"' in html


def test_material_versions(app, client, world):
    with app.app_context():
        material = materials_of(world.public)[0]
        materials.add_version(material, change_note="Fixed a typo", actor_id=None, markdown="Corrected paragraph.")
        db.session.commit()
    url = f"/meetings/{world.public}/materials/{world.document}"
    current = html_of(client.get(url))
    assert "Corrected paragraph." in current and "Fixed a typo" in current
    old = html_of(client.get(url + "?version=1"))
    assert "First paragraph." in old and "You are reading an earlier version." in old


@pytest.mark.parametrize("version", ["abc", "3", "0", "-1", "1.0", ""])
def test_unknown_version_is_404(app, client, world, version):
    url = f"/meetings/{world.public}/materials/{world.document}?version={version}"
    assert client.get(url).status_code == 404


def test_download_is_an_attachment_with_the_detected_type(app, client, world):
    response = client.get(f"/meetings/{world.public}/materials/{world.pdf}/download")
    assert response.status_code == 200
    assert response.data == minimal_pdf()
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "packet.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_download_keeps_earlier_versions(app, client, world):
    with app.app_context():
        material = materials_of(world.public)[1]
        materials.add_version(material, change_note="v2", actor_id=None, stream=io.BytesIO(minimal_pdf("two")),
                              filename="packet.pdf")
        db.session.commit()
    url = f"/meetings/{world.public}/materials/{world.pdf}/download"
    assert client.get(url).data == minimal_pdf("two")
    assert client.get(url + "?version=1").data == minimal_pdf()
    assert client.get(url + "?version=x").status_code == 404


def test_a_document_has_no_download(app, client, world):
    assert client.get(f"/meetings/{world.public}/materials/{world.document}/download").status_code == 404


# --- task and committee ------------------------------------------------------------------------------


def test_task_page_shows_history_and_public_meetings_only(demo, client):
    with demo.app_context():
        task = db.session.scalar(sa.select(Task).where(Task.code == "3-1-7"))
        reasons = [change.reason for change in task.history]
        draft = db.session.scalar(sa.select(Meeting).where(Meeting.state == MeetingState.DRAFT))
        services.add_agenda_item(draft, title="Draft item about 3-1-7", task_id=task.id)
        db.session.commit()
    html = html_of(client.get("/tasks/3-1-7"))
    assert "사회약자 안심서비스 확대" in html
    positions = [html.index(reason) for reason in reasons]
    assert positions == sorted(positions, reverse=True)  # newest first
    assert html.count("badge-underperforming") >= 2 and "badge-delayed" in html
    discussed = meeting_links_of_items(html)
    assert discussed == {demo_meeting(demo, "2016년 제2차 정보화전략위원회").id,
                         demo_meeting(demo, "2017년 제1차 정보화전략위원회").id}
    assert "Draft item about 3-1-7" not in html


def test_task_page_without_public_items(app, client, world):
    with app.app_context():
        factories.task(db.session.get(Committee, world.committee), "9-9-9")
        db.session.commit()
    html = html_of(client.get("/tasks/9-9-9"))
    assert "No public meeting has discussed this task yet." in html
    assert "Secret item" not in html


def test_task_page_never_lists_a_draft_item(app, client, world):
    html = html_of(client.get("/tasks/3-1-7"))
    assert f"/items/{world.item}" in html
    assert "Secret item" not in html and f"/items/{world.draft_item}" not in html


def test_committee_page(demo, client):
    html = html_of(client.get("/committees/1"))
    assert "서울특별시 정보화전략위원회" in html
    for code in ("1-1-1", "3-1-4", "3-1-7", "3-2-7", "4-2-1", "4-2-3"):
        assert f'href="/tasks/{code}"' in html
    assert meeting_links(html) == {demo_meeting(demo, t).id
                                   for t in ("2016년 제2차 정보화전략위원회", "2017년 제1차 정보화전략위원회")}


# --- both languages ----------------------------------------------------------------------------------

DEMO_PAGES = ["/", "/meetings/1", "/meetings/1/items/1", "/meetings/1/materials/1", "/tasks/3-1-7",
              "/committees/1", "/login", "/register"]


@pytest.mark.parametrize("url", DEMO_PAGES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_in_both_languages(demo, url, lang):
    client = demo.test_client()
    response = client.get(url, query_string={"lang": lang})
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.get_data(as_text=True)
    assert any(c.startswith(f"lang={lang};") for c in response.headers.getlist("Set-Cookie"))


# --- drafts and unknown addresses --------------------------------------------------------------------


def draft_urls(world) -> list[str]:
    base = f"/meetings/{world.draft}"
    return [base, f"{base}/items/{world.draft_item}", f"{base}/materials/{world.draft_doc}",
            f"{base}/materials/{world.draft_pdf}", f"{base}/materials/{world.draft_pdf}/download"]


@pytest.mark.parametrize("who", [None, "citizen@example.org"])
def test_drafts_are_404_to_the_public(app, client, world, who):
    if who:
        AuthActions(client).login(who)
    for url in draft_urls(world):
        assert client.get(url).status_code == 404, url


def test_secretary_previews_a_draft(app, client, world):
    AuthActions(client).login("secretary@example.org")
    for url in draft_urls(world)[:4]:
        assert PREVIEW in html_of(client.get(url)), url
    download = client.get(draft_urls(world)[4])
    assert download.status_code == 200 and download.data == minimal_pdf("draft")
    assert "private" in download.headers["Cache-Control"] and "public" not in download.headers["Cache-Control"]


def test_unknown_addresses_are_404(app, client, world):
    public = f"/meetings/{world.public}"
    for url in ["/meetings/999", f"{public}/items/999", f"{public}/materials/999",
                f"{public}/materials/999/download", "/tasks/9-9-9", "/tasks/nonsense", "/committees/999",
                "/meetings/abc"]:
        assert client.get(url).status_code == 404, url


def test_parts_of_another_meeting_are_404(app, client, world):
    with app.app_context():
        other = factories.meeting(published=True, title="Other")
        db.session.commit()
        other_id = other.id
    for url in [f"/meetings/{other_id}/items/{world.item}", f"/meetings/{other_id}/materials/{world.document}",
                f"/meetings/{other_id}/materials/{world.pdf}/download",
                f"/meetings/{world.public}/items/{world.draft_item}",
                f"/meetings/{world.public}/materials/{world.draft_pdf}/download"]:
        assert client.get(url).status_code == 404, url


# --- helpers -----------------------------------------------------------------------------------------


def materials_of(meeting_id: int):
    return queries.materials_of(db.session.get(Meeting, meeting_id))


def meeting_links_of_items(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/meetings/(\d+)/items/\d+"', html)}
