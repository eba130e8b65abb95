"""The record editor through HTTP: who may open and post (403/404), CSRF, and every flow without
JavaScript (forms and 303 redirects), plus the JSON answer the keyboard reordering uses."""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import Meeting, MeetingState
from participation.meetings.services import agenda_of
from participation.record import services
from participation.record.kinds import EntryType
from participation.record.models import Record, RecordEntry
from tests import factories
from tests.conftest import csrf_token

SECRETARY, OTHER, MEMBER = "secretary@example.org", "other-secretary@example.org", "member@example.org"


@pytest.fixture
def desk(app):
    """A published meeting with two items and three entries; its secretary, another committee's
    secretary, a member; an approved and a pending comment."""
    with app.app_context():
        meeting = factories.meeting(published=True, items=2, title="Second meeting")
        secretary = factories.user(Role.SECRETARY, email=SECRETARY)
        factories.seat(meeting.committee, secretary, "secretary", "간사")
        other = factories.user(Role.SECRETARY, email=OTHER)
        factories.seat(factories.committee("Other committee"), other, "secretary", "간사")
        member = factories.user(Role.MEMBER, email=MEMBER, name="Kim Member")
        factories.seat(meeting.committee, member)
        for text in ("first", "second", "third"):
            services.add_entry(secretary, meeting, services.EntryFields(EntryType.STATEMENT, text, speaker_label="○○○"))
        item = agenda_of(meeting)[0]
        citizen, moderator = factories.user(Role.CITIZEN), factories.user(Role.MODERATOR)
        factories.approved_comment(item, citizen, moderator, body="An approved opinion of a citizen")
        factories.comment(item, citizen, body="A pending opinion nobody sees")
        db.session.commit()
        return SimpleNamespace(id=meeting.id, items=[i.id for i in agenda_of(meeting)], member=member.id,
                               page=f"/manage/meetings/{meeting.id}/record")


@pytest.fixture
def login(client, auth):
    def as_(email):
        client.set_cookie("lang", "en")
        assert auth.login(email).status_code == 302
    return as_


def texts(app, meeting_id):
    with app.app_context():
        return list(db.session.scalars(sa.select(RecordEntry.text).join(Record).where(Record.meeting_id == meeting_id)
                                       .order_by(RecordEntry.position)))


def entry_id(app, meeting_id, text):
    with app.app_context():
        return db.session.scalar(sa.select(RecordEntry.id).join(Record).where(Record.meeting_id == meeting_id,
                                                                             RecordEntry.text == text))


def test_the_serving_secretary_sees_the_entries_and_the_citizens_part(client, login, desk):
    login(SECRETARY)
    response = client.get(desk.page)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r'<li class="record-entry [^"]*" id="entry-\d+"', html)) == 3
    assert "An approved opinion of a citizen" in html and "A pending opinion" not in html
    assert "Submitted 2 · approved 1 · rejected 0 · waiting 1" in html
    assert 'src="/static/js/record-editor.js"' in html and 'aria-live="polite"' in html
    assert "Import minutes" not in html  # the record has entries: an import would be refused


@pytest.mark.parametrize("who, status", [(OTHER, 403), (MEMBER, 403)])
def test_others_are_forbidden_everywhere_and_nothing_changes(app, client, login, desk, who, status):
    login(who)
    second = entry_id(app, desk.id, "second")
    token = csrf_token(client, "/")
    assert client.get(desk.page).status_code == status
    assert client.get(f"{desk.page}/entries/new").status_code == status
    assert client.get(f"{desk.page}/entries/{second}/edit").status_code == status
    posts = {f"{desk.page}/entries/new": {"type": "note", "text": "sneaky"},
             f"{desk.page}/entries/{second}/edit": {"type": "note", "text": "sneaky"},
             f"{desk.page}/entries/{second}/move": {"direction": "up"},
             f"{desk.page}/entries/{second}/delete": {},
             f"{desk.page}/settings": {"attendance": "sneaky"}}
    for url, data in posts.items():
        assert client.post(url, data={**data, "csrf_token": token}).status_code == status, url
    assert texts(app, desk.id) == ["first", "second", "third"]


def test_visitors_are_sent_to_log_in(client, desk):
    response = client.get(desk.page)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_meetings_and_entries_are_404(app, client, login, desk):
    login(SECRETARY)
    assert client.get("/manage/meetings/999999/record").status_code == 404
    assert client.get(f"{desk.page}/entries/999999/edit").status_code == 404
    token = csrf_token(client, desk.page)
    assert client.post(f"{desk.page}/entries/999999/move", data={"direction": "up", "csrf_token": token}).status_code == 404
    assert client.get(f"{desk.page}/entries/new?after=999999").status_code == 404


def test_an_entry_of_another_meetings_record_is_404(app, client, login, desk):
    login(SECRETARY)
    with app.app_context():
        meeting = db.session.get(Meeting, desk.id)
        sibling = factories.meeting(meeting.committee, published=True, title="Sibling")
        db.session.commit()
        sibling_id = sibling.id
    first = entry_id(app, desk.id, "first")
    token = csrf_token(client, desk.page)
    assert client.get(f"/manage/meetings/{sibling_id}/record/entries/{first}/edit").status_code == 404
    assert client.post(f"/manage/meetings/{sibling_id}/record/entries/{first}/delete",
                       data={"csrf_token": token}).status_code == 404
    assert texts(app, desk.id) == ["first", "second", "third"]


def test_posts_without_a_csrf_token_are_refused(app, client, login, desk):
    login(SECRETARY)
    second = entry_id(app, desk.id, "second")
    for url, data in {f"{desk.page}/entries/new": {"type": "note", "text": "no token"},
                      f"{desk.page}/entries/{second}/move": {"direction": "up"},
                      f"{desk.page}/entries/{second}/delete": {},
                      f"{desk.page}/settings": {"attendance": "no token"}}.items():
        assert client.post(url, data=data).status_code == 400, url
    assert texts(app, desk.id) == ["first", "second", "third"]


def test_adding_an_entry_without_javascript(app, client, login, desk, post_form):
    login(SECRETARY)
    form = client.get(f"{desk.page}/entries/new").get_data(as_text=True)
    assert '<option selected value="statement">' in form and "Kim Member (위원)" in form
    response = post_form(f"{desk.page}/entries/new", {
        "type": "statement", "text": "A member speaks", "speaker_id": str(desk.member), "speaker_label": "",
        "agenda_item_id": str(desk.items[1]), "level": "2"})
    new = entry_id(app, desk.id, "A member speaks")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/record#entry-{new}")
    with app.app_context():
        row = db.session.get(RecordEntry, new)
        assert (row.position, row.speaker_id, row.speaker_label, row.agenda_item_id) == \
            (4, desk.member, "Kim Member", desk.items[1])
    page = client.get(desk.page).get_data(as_text=True)
    assert "Entry added at position 4." in page and "(Kim Member)" in page


def test_add_after_an_entry_and_write_the_next(app, client, login, desk, post_form):
    login(SECRETARY)
    first = entry_id(app, desk.id, "first")
    url = f"{desk.page}/entries/new?after={first}"
    assert "The new entry goes after entry 1" in client.get(url).get_data(as_text=True)
    response = post_form(url, {"type": "note", "text": "inserted", "after": str(first), "add_next": "1"})
    inserted = entry_id(app, desk.id, "inserted")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/entries/new?after={inserted}")
    assert texts(app, desk.id) == ["first", "inserted", "second", "third"]


def test_a_refused_entry_comes_back_with_its_error_and_nothing_is_stored(app, client, login, desk, post_form):
    login(SECRETARY)
    response = post_form(f"{desk.page}/entries/new", {"type": "statement", "text": "both",
                                                      "speaker_id": str(desk.member), "speaker_label": "○○○"})
    assert response.status_code == 400
    assert "Choose a member or write a label, not both." in response.get_data(as_text=True)
    response = post_form(f"{desk.page}/entries/new", {"type": "statement", "text": ""})
    assert response.status_code == 400 and "Nothing was saved" in response.get_data(as_text=True)
    response = post_form(f"{desk.page}/entries/new", {"type": "nonsense", "text": "x"})
    assert response.status_code == 400
    assert texts(app, desk.id) == ["first", "second", "third"]


def test_editing_and_deleting_without_javascript(app, client, login, desk, post_form):
    login(SECRETARY)
    second = entry_id(app, desk.id, "second")
    edit = f"{desk.page}/entries/{second}/edit"
    assert "Delete entry 2" in client.get(edit).get_data(as_text=True)
    response = post_form(edit, {"type": "resolution", "text": "Passed as proposed", "outcome": "원안 가결"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#entry-{second}")
    with app.app_context():
        row = db.session.get(RecordEntry, second)
        assert (row.type, row.outcome, row.speaker_label, row.position) == (EntryType.RESOLUTION, "원안 가결", None, 2)
    response = post_form(f"{desk.page}/entries/{second}/delete", {}, form_url=edit)
    assert response.status_code == 303
    assert texts(app, desk.id) == ["first", "third"]
    assert "Entry 2 deleted" in client.get(desk.page).get_data(as_text=True)


def test_moving_without_javascript_and_with_json(app, client, login, desk, post_form):
    login(SECRETARY)
    third = entry_id(app, desk.id, "third")
    response = post_form(f"{desk.page}/entries/{third}/move", {"direction": "up"}, form_url=desk.page)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#entry-{third}")
    assert texts(app, desk.id) == ["first", "third", "second"]
    token = csrf_token(client, desk.page)
    answer = client.post(f"{desk.page}/entries/{third}/move", data={"direction": "up", "csrf_token": token},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 200
    assert answer.get_json() == {"ok": True, "moved": True, "position": 1, "count": 3,
                                 "message": "Entry moved to position 1 of 3."}
    answer = client.post(f"{desk.page}/entries/{third}/move", data={"direction": "up", "csrf_token": token},
                         headers={"Accept": "application/json"})
    assert answer.get_json()["moved"] is False and answer.get_json()["message"] == "The entry is already the first."
    answer = client.post(f"{desk.page}/entries/{third}/move", data={"direction": "sideways", "csrf_token": token},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 400 and answer.get_json()["ok"] is False
    assert texts(app, desk.id) == ["third", "first", "second"]


def test_the_settings_without_javascript(app, client, login, desk, post_form):
    login(SECRETARY)
    response = post_form(f"{desk.page}/settings", {"attendance": "위원 12명"}, form_url=desk.page)
    assert response.status_code == 303 and response.headers["Location"].endswith("#settings")
    with app.app_context():
        record = db.session.scalar(sa.select(Record).where(Record.meeting_id == desk.id))
        assert (record.anonymize_members, record.attendance) == (False, "위원 12명")
    response = post_form(f"{desk.page}/settings", {"anonymize_members": "y", "attendance": "x" * 501},
                         form_url=desk.page)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(Record.anonymize_members).where(Record.meeting_id == desk.id)) is False


@pytest.mark.parametrize("state, note", [(MeetingState.RECORD_FINAL, "The record of this meeting is final"),
                                         (MeetingState.DRAFT, "The record is written once the meeting is published")])
def test_a_final_record_and_a_draft_meeting_refuse_every_edit(app, client, login, desk, state, note):
    login(SECRETARY)
    token = csrf_token(client, desk.page)
    with app.app_context():
        db.session.get(Meeting, desk.id).state = state
        db.session.commit()
    page = client.get(desk.page)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and note in html
    assert "Move up" not in html and "Add an entry" not in html and "record-editor.js" not in html
    second = entry_id(app, desk.id, "second")
    assert client.get(f"{desk.page}/entries/new").status_code == 409
    assert client.get(f"{desk.page}/entries/{second}/edit").status_code == 409
    for url, data in {f"{desk.page}/entries/new": {"type": "note", "text": "late"},
                      f"{desk.page}/entries/{second}/edit": {"type": "note", "text": "late"},
                      f"{desk.page}/entries/{second}/move": {"direction": "up"},
                      f"{desk.page}/entries/{second}/delete": {},
                      f"{desk.page}/settings": {"attendance": "late"},
                      f"{desk.page}/import": {}}.items():
        response = client.post(url, data={**data, "csrf_token": token})
        assert response.status_code == 409, url
    answer = client.post(f"{desk.page}/entries/{second}/move", data={"direction": "up", "csrf_token": token},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "closed"
    assert texts(app, desk.id) == ["first", "second", "third"]


def test_user_text_is_escaped_in_the_editor_and_the_preview(app, client, login, desk, post_form):
    login(SECRETARY)
    post_form(f"{desk.page}/entries/new", {"type": "statement", "text": "<script>alert('text')</script>",
                                           "speaker_label": "<b>who</b>"})
    html = client.get(desk.page).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in html
    assert "<b>who</b>" not in html and "&lt;b&gt;who&lt;/b&gt;" in html
    with app.app_context():
        empty = factories.meeting(db.session.get(Meeting, desk.id).committee, published=True, title="Empty")
        db.session.commit()
        empty_id = empty.id
    token = csrf_token(client, f"/manage/meetings/{empty_id}/record/import")
    minutes = "## <script>alert('heading')</script>\n\n- (<i>x</i>) 원안대로 가결하도록 하겠음\n".encode()
    page = client.post(f"/manage/meetings/{empty_id}/record/import", content_type="multipart/form-data",
                       data={"csrf_token": token, "minutes": (io.BytesIO(minutes), "m.md")}).get_data(as_text=True)
    assert "<script>alert" not in page and "<i>x</i>" not in page and "&lt;i&gt;x&lt;/i&gt;" in page
