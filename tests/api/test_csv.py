"""The CSV downloads of a meeting (participation/api/csv_files.py): its approved comments and its feedback
per agenda item. They parse back, open Korean correctly (UTF-8 with a BOM), never run a formula in a
spreadsheet, stream a page at a time, and hold public data only."""
from __future__ import annotations

import csv
import io

import pytest

from participation.api import csv_files
from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.core.spreadsheets import FORMULA_LEADS
from tests import factories
from tests.api import open_data

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"클릭\")", "+82 전화 주세요", "-1+2 계산", "@SUM(A1:A9)"]


@pytest.fixture
def world(app_ctx):
    return open_data.build()


def _rows(response) -> list[dict]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _texts(client, world) -> list[str]:
    return [client.get(f"/meetings/{world.public_meeting_id}/{name}.csv").get_data().decode("utf-8")
            for name in ("comments", "feedback")]


def test_comments_parse_back_with_korean_intact(client, world):
    response = client.get(f"/meetings/{world.public_meeting_id}/comments.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=\"comments-")
    assert response.headers["Content-Disposition"].endswith(f"-meeting-{world.public_meeting_id}.csv\"")
    assert response.get_data().startswith(b"\xef\xbb\xbf")  # the BOM, as UTF-8
    rows = _rows(response)
    assert list(rows[0]) == csv_files.COMMENT_COLUMNS
    assert [int(r["comment_id"]) for r in rows] == world.approved_ids  # in the order they became public
    plain = next(r for r in rows if r["body"] == "지하철 안내가 더 필요합니다")
    assert plain["item_title"] == "안건 2" and plain["item_position"] == "2" and plain["stance"] == "support"
    assert plain["phase"] == "before" and plain["approved_at"].endswith("+09:00")
    assert (plain["agree"], plain["disagree"], plain["pass"]) == ("1", "1", "0")
    assert plain["replies"] == "1" and "검토하겠습니다" in plain["reply_texts"]
    with_task = next(r for r in rows if r["item_position"] == "1")
    assert with_task["task_code"] == "3-1-7"


def test_comments_show_names_as_the_public_pages_do(client, world):
    rows = _rows(client.get(f"/meetings/{world.public_meeting_id}/comments.csv"))
    guest = next(r for r in rows if r["body"] == "손님 의견입니다")
    assert guest["author"] == "손님" and guest["author_is_guest"] == "true"
    assert {r["author_is_guest"] for r in rows if r is not guest} == {"false"}


def test_downloads_hold_no_private_text_personal_data_or_guest_id(client, world):
    for text in _texts(client, world):
        for secret in world.hidden_texts + world.secrets:
            assert secret not in text
    rows = _rows(client.get(f"/meetings/{world.public_meeting_id}/comments.csv"))
    masked = next(r for r in rows if r["body"].startswith("연락은"))
    assert "●" in masked["body"] and "010" not in masked["body"] and "@" not in masked["body"]


def test_formula_cells_are_neutralized(client, world):
    item = open_data.meeting_items(world.public_meeting_id)[0]
    moderator = factories.user(Role.MODERATOR)
    for body in FORMULAS:  # one author each: the comment rate limit counts per author
        comments.approve(factories.comment(item, factories.user(Role.CITIZEN, name=f"=cmd|{body[:3]}"), body),
                         moderator)
    db.session.commit()
    rows = _rows(client.get(f"/meetings/{world.public_meeting_id}/comments.csv"))
    bodies = {r["body"] for r in rows}
    assert {"'" + body for body in FORMULAS} <= bodies
    assert not any(r[column].startswith(FORMULA_LEADS) for r in rows for column in r)


@pytest.mark.parametrize("value, written", [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"),
                                            ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), (7, 7),
                                            (True, "true"), (None, "")])
def test_a_cell_is_written_neutral(value, written):
    assert csv_files.neutral(value) == written


def test_feedback_has_a_row_per_item_and_one_for_the_meeting(client, world):
    response = client.get(f"/meetings/{world.public_meeting_id}/feedback.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=\"feedback-")
    rows = _rows(response)
    assert list(rows[0]) == csv_files.FEEDBACK_COLUMNS
    assert [(r["scope"], r["item_position"]) for r in rows] == [("item", "1"), ("item", "2"), ("meeting", "")]
    first, second, total = rows
    # Item 1: the comment with personal data and the guest's approved, one pending.
    assert (first["submitted"], first["status_approved"], first["status_pending"]) == ("3", "2", "1")
    assert first["task_code"] == "3-1-7" and first["participants"] == "2"
    # Item 2: the plain one approved, one rejected as spam, one hidden after three reports.
    assert (second["status_approved"], second["status_rejected"], second["status_hidden"]) == ("1", "1", "1")
    assert second["rejected_spam"] == "1" and second["stance_support"] == "1" and second["phase_before"] == "1"
    assert total["submitted"] == "6" and total["status_approved"] == "3" and total["participants"] == "2"


def test_a_meeting_without_comments_has_zero_rows(client, app_ctx):
    meeting = factories.meeting(published=True, items=2)
    db.session.commit()
    rows = _rows(client.get(f"/meetings/{meeting.id}/feedback.csv"))
    assert [r["submitted"] for r in rows] == ["0", "0", "0"]
    assert _rows(client.get(f"/meetings/{meeting.id}/comments.csv")) == []


def test_the_comments_are_streamed_a_page_at_a_time(client, world, monkeypatch):
    monkeypatch.setattr(csv_files, "PAGE", 2)  # three approved comments: two pages, two chunks of rows
    response = client.get(f"/meetings/{world.public_meeting_id}/comments.csv")
    assert response.is_streamed
    assert [int(r["comment_id"]) for r in _rows(response)] == world.approved_ids


def test_a_draft_meetings_downloads_are_404_even_to_a_secretary(client, world):
    secretary = factories.user(Role.SECRETARY)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = secretary.get_id()
        session["_fresh"] = True
    for name in ("comments", "feedback"):
        assert client.get(f"/meetings/{world.draft_meeting_id}/{name}.csv").status_code == 404
        assert client.get(f"/meetings/999999/{name}.csv").status_code == 404


def test_the_meeting_page_links_the_downloads_and_states_the_licence(client, app, world):
    html = client.get(f"/meetings/{world.public_meeting_id}").get_data(as_text=True)
    assert f'href="/meetings/{world.public_meeting_id}/comments.csv"' in html
    assert f'href="/meetings/{world.public_meeting_id}/feedback.csv"' in html
    assert "/meetings.ics" in html and 'rel="license"' in html
    assert app.config["DATA_LICENCE"]["url"] in html
    assert 'type="application/atom+xml" href="/feed.atom"' in html


def test_every_download_names_the_licence(client, app, world):
    response = client.get(f"/meetings/{world.public_meeting_id}/comments.csv")
    assert response.headers["Link"] == f'<{app.config["DATA_LICENCE"]["url"]}>; rel="license"'
