"""Importing minutes from the secretary's screen: the preview (nothing saved), the confirmed save, the
signed carry of the upload between the two, and every bad input refused with a message."""
from __future__ import annotations

import base64
import html as html_module
import io
import re
from datetime import date

import pytest
import sqlalchemy as sa

from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import Meeting, MeetingState
from participation.record import carry
from participation.record.kinds import EntryType
from participation.record.models import Record, RecordEntry
from tests import factories
from tests.conftest import csrf_token
from tests.record import minutes_text

SECRETARY, OTHER = "secretary@example.org", "other-secretary@example.org"


@pytest.fixture
def meeting(app):
    with app.app_context():
        meeting = factories.meeting(published=True)
        meeting.state = MeetingState.CLOSED
        secretary = factories.user(Role.SECRETARY, email=SECRETARY)
        factories.seat(meeting.committee, secretary, "secretary", "간사")
        other = factories.user(Role.SECRETARY, email=OTHER)
        factories.seat(factories.committee("다른 위원회"), other, "secretary", "간사")
        db.session.commit()
        return meeting.id


@pytest.fixture
def as_secretary(client, auth, meeting):
    client.set_cookie("lang", "en")
    assert auth.login(SECRETARY).status_code == 302
    return client


def url(meeting_id: int, tail: str = "") -> str:
    return f"/manage/meetings/{meeting_id}/record/import{tail}"


def upload(client, meeting_id: int, data: bytes, name: str = "minutes.md"):
    token = csrf_token(client, url(meeting_id))
    return client.post(url(meeting_id), data={"csrf_token": token, "minutes": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def hidden(page: str, name: str) -> str:
    match = re.search(r'<input[^>]*name="%s"[^>]*value="([^"]*)"' % name, page)
    return html_module.unescape(match.group(1))


def stored(app, meeting_id: int) -> list[RecordEntry]:
    with app.app_context():
        rows = db.session.scalars(sa.select(RecordEntry).join(Record).where(Record.meeting_id == meeting_id)
                                  .order_by(RecordEntry.position)).all()
        db.session.expunge_all()
        return rows


def save_data(page: str, **decisions) -> dict:
    """The preview's save form as a browser posts it: every decision's kind and deadline, the given ones
    confirmed (`d2="resolution"`, `d3=("action", "2017-01-15")`)."""
    data = {"csrf_token": hidden(page, "csrf_token"), "minutes": hidden(page, "minutes"),
            "signature": hidden(page, "signature")}
    for index in range(len(re.findall(r'name="decisions-\d+-type"', page))):
        selected = re.search(r'name="decisions-%d-type".*?<option selected value="(\w+)"' % index, page, re.S)
        data[f"decisions-{index}-type"], data[f"decisions-{index}-deadline"] = selected.group(1), ""
    for key, choice in decisions.items():
        index = int(key[1:])
        kind, deadline = choice if isinstance(choice, tuple) else (choice, "")
        data.update({f"decisions-{index}-confirm": "y", f"decisions-{index}-type": kind,
                     f"decisions-{index}-deadline": deadline})
    return data


def test_the_preview_lists_what_was_read_and_saves_nothing(app, as_secretary, meeting):
    response = upload(as_secretary, meeting, minutes_text().encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    summary = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page))
    assert summary == {"Sections": "9", "Statements": "59", "Notes": "2", "Decisions proposed": "4",
                       "Page breaks joined": "10", "Lines skipped": "0"}
    joins = re.search(r'<table class="data import-joins">.*?</table>', page, re.S).group(0)
    assert joins.count("<tr>") == 1 + 10
    assert "without a space" in joins and "with a space" in joins and "사물인" in joins
    assert page.count('type="checkbox"') == 4 and page.count('type="date"') == 4
    assert base64.b64decode(hidden(page, "minutes")) == minutes_text().encode()
    assert stored(app, meeting) == []


def test_save_stores_the_entries_with_the_confirmed_decisions(app, as_secretary, meeting):
    page = upload(as_secretary, meeting, minutes_text().encode()).get_data(as_text=True)
    response = as_secretary.post(url(meeting, "/save"), data=save_data(page, d2="resolution",
                                                                        d3=("action", "2017-01-15")))
    assert response.status_code == 303 and response.headers["Location"].endswith("/record#entries")
    rows = stored(app, meeting)
    assert len(rows) == 9 + 59 + 2 + 2
    assert [r.position for r in rows] == list(range(1, len(rows) + 1))
    decisions = [r for r in rows if r.type in (EntryType.RESOLUTION, EntryType.ACTION)]
    assert [(d.type, d.deadline, d.pages) for d in decisions] == [
        (EntryType.RESOLUTION, None, ""), (EntryType.ACTION, date(2017, 1, 15), "14–18")]
    editor = as_secretary.get(f"/manage/meetings/{meeting}/record").get_data(as_text=True)
    assert "Minutes imported: 9 sections, 59 statements, 2 notes and 2 decisions, 72 entries in all." in editor
    # The record has entries now: a second import is refused before any upload.
    refused = as_secretary.get(url(meeting))
    assert refused.status_code == 409 and "already has entries" in refused.get_data(as_text=True)
    assert as_secretary.post(url(meeting, "/save"), data=save_data(page)).status_code == 409
    assert len(stored(app, meeting)) == 72


def test_a_kind_can_be_changed_and_unconfirmed_decisions_are_left_out(app, as_secretary, meeting):
    page = upload(as_secretary, meeting, minutes_text().encode()).get_data(as_text=True)
    assert as_secretary.post(url(meeting, "/save"), data=save_data(page, d0="election")).status_code == 303
    rows = stored(app, meeting)
    assert [r.type for r in rows if r.type not in (EntryType.SECTION, EntryType.STATEMENT, EntryType.NOTE)] == \
        [EntryType.ELECTION]


def _tampered(page: str) -> str:
    data = bytearray(base64.b64decode(hidden(page, "minutes")))
    data[-5] = ord("X")
    return base64.b64encode(bytes(data)).decode()


@pytest.mark.parametrize("change", ["minutes", "signature", "not base64", "empty"])
def test_changed_minutes_or_signatures_are_refused_and_nothing_is_saved(app, as_secretary, meeting, change):
    page = upload(as_secretary, meeting, minutes_text().encode()).get_data(as_text=True)
    data = save_data(page, d2="resolution")
    if change == "minutes":
        data["minutes"] = _tampered(page)
    elif change == "signature":
        data["signature"] = data["signature"][:-3] + "AAA"
    elif change == "not base64":
        data["minutes"] = "***"
    else:
        data["minutes"] = data["signature"] = ""
    response = as_secretary.post(url(meeting, "/save"), data=data)
    assert response.status_code == 400
    assert "upload the file again" in response.get_data(as_text=True)
    assert stored(app, meeting) == []


def test_a_preview_for_another_meeting_or_an_old_one_is_refused(app, as_secretary, meeting):
    with app.app_context():
        other = factories.meeting(db.session.get(Meeting, meeting).committee, published=True, title="Other")
        db.session.commit()
        other_id = other.id
    page = upload(as_secretary, meeting, minutes_text().encode()).get_data(as_text=True)
    assert as_secretary.post(url(other_id, "/save"), data=save_data(page)).status_code == 400
    carry.MAX_AGE, saved = -1, carry.MAX_AGE
    try:
        response = as_secretary.post(url(meeting, "/save"), data=save_data(page))
    finally:
        carry.MAX_AGE = saved
    assert response.status_code == 400 and "The preview has expired" in response.get_data(as_text=True)
    assert stored(app, meeting) == [] and stored(app, other_id) == []


def test_a_bad_deadline_shows_the_preview_again(app, as_secretary, meeting):
    page = upload(as_secretary, meeting, minutes_text().encode()).get_data(as_text=True)
    response = as_secretary.post(url(meeting, "/save"), data=save_data(page, d3=("action", "2017-13-45")))
    again = response.get_data(as_text=True)
    assert response.status_code == 400 and "Enter a date" in again and "Page breaks joined" in again
    assert stored(app, meeting) == []


@pytest.mark.parametrize("data, message", [
    ("회의록\n\n- (○○○) 제목이 없는 글".encode(), "No headings found"),
    ("## 회의내용\n\n- (○○○) 발언".encode("utf-16"), "must be a UTF-8 text file"),
    ("## 회의내용\n\n- (○○○) 발언".encode("cp949"), "must be a UTF-8 text file"),
    (b"## x\n" + b"a" * (1024 * 1024), "too large (at most 1 MB)"),
    (b"## x\n" + b"a" * (10 * 1024 * 1024), "too large (at most 1 MB)"),
])
def test_bad_files_get_a_clear_message_and_save_nothing(app, as_secretary, meeting, data, message):
    app.config["MAX_CONTENT_LENGTH"] = 21 * 1024 * 1024  # the default configuration's request limit
    response = upload(as_secretary, meeting, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Record)) == 0


def test_no_file_is_refused(as_secretary, meeting):
    token = csrf_token(as_secretary, url(meeting))
    response = as_secretary.post(url(meeting), data={"csrf_token": token}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Choose the minutes file." in response.get_data(as_text=True)


def test_another_committees_secretary_cannot_import(app, client, auth, meeting):
    assert auth.login(OTHER).status_code == 302
    token = csrf_token(client, "/")
    assert client.get(url(meeting)).status_code == 403
    response = client.post(url(meeting), data={"csrf_token": token, "minutes": (io.BytesIO(minutes_text().encode()),
                                                                                "m.md")},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    assert stored(app, meeting) == []


def test_the_save_needs_its_csrf_token(app, as_secretary, meeting):
    page = upload(as_secretary, meeting, minutes_text().encode()).get_data(as_text=True)
    data = save_data(page, d2="resolution")
    del data["csrf_token"]
    assert as_secretary.post(url(meeting, "/save"), data=data).status_code == 400
    assert stored(app, meeting) == []


def test_a_final_record_takes_no_import(app, as_secretary, meeting):
    with app.app_context():
        db.session.get(Meeting, meeting).state = MeetingState.RECORD_FINAL
        db.session.commit()
    response = as_secretary.get(url(meeting))
    assert response.status_code == 409 and "final" in response.get_data(as_text=True)
