"""Finalizing, correcting, the versions with their audit, the diff, remarks and written opinions through
the pages (forms with CSRF, as a browser sends them)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.comments import services as comments
from participation.comments.models import Comment
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import Meeting, MeetingState
from participation.meetings.services import agenda_of
from participation.record.kinds import EntryType
from participation.record.models import EntryRemark, Record, RecordEntry, RecordVersion, WrittenOpinion
from tests import factories
from tests.conftest import csrf_token
from tests.record import final_world


@pytest.fixture
def world(app):
    with app.app_context():
        built = final_world.build(deadline=date.today() + timedelta(days=30))
        ids = {name: getattr(built, name).id for name in
               ("meeting", "secretary", "member", "other_secretary", "citizen", "moderator")}
        ids["items"] = [item.id for item in built.items]
    return ids


def as_user(app, client, user_id: int | None, lang: str = "en"):
    """The client logged in as that user (None: a visitor), reading the pages in `lang`."""
    client.set_cookie("lang", lang)
    with client.session_transaction() as session:
        session.clear()
        if user_id is not None:
            with app.app_context():
                session["_user_id"] = db.session.get(User, user_id).get_id()
                session["_fresh"] = True
    return client


def post(client, url: str, data: dict, form_url: str):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, form_url)})


def query(app, fn):
    with app.app_context():
        return fn()


def state(app, meeting_id):
    return query(app, lambda: db.session.get(Meeting, meeting_id).state)


def versions_of(app, meeting_id) -> list[tuple[int, str, str]]:
    return query(app, lambda: db.session.execute(
        sa.select(RecordVersion.number, RecordVersion.sha256, RecordVersion.snapshot).join(Record)
        .where(Record.meeting_id == meeting_id).order_by(RecordVersion.number)).all())


def entries_of(app, meeting_id) -> list[tuple[int, str]]:
    return query(app, lambda: db.session.execute(
        sa.select(RecordEntry.id, RecordEntry.text).join(Record).where(Record.meeting_id == meeting_id)
        .order_by(RecordEntry.position)).all())


def finalize_url(world):
    return f"/manage/meetings/{world['meeting']}/record/finalize"


def finalize(app, client, world):
    as_user(app, client, world["secretary"])
    response = post(client, finalize_url(world), {}, finalize_url(world))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


# --- Finalizing ---------------------------------------------------------------------------------------------

def test_finalizing_waits_for_moderation_and_then_freezes_version_1(app, client, world):
    with app.app_context():
        meeting = db.session.get(Meeting, world["meeting"])
        meeting.state = MeetingState.PUBLISHED
        factories.comment(agenda_of(meeting)[1], db.session.get(User, world["citizen"]), body="심사 대기 의견")
        meeting.state = MeetingState.CLOSED
        staff = factories.user(Role.SECRETARY, Role.MODERATOR)
        factories.seat(meeting.committee, staff, "secretary", "간사")
        db.session.commit()
        staff_id = staff.id
    as_user(app, client, staff_id)
    page = client.get(finalize_url(world)).get_data(as_text=True)
    assert "심사 대기 의견" not in page  # a pending text is not shown, only listed
    assert f"/meetings/{world['meeting']}/moderate" in page and "Finalize the record</button>" not in page
    refused = post(client, finalize_url(world), {}, finalize_url(world))
    assert refused.status_code == 400 and "still waiting for a moderator" in refused.get_data(as_text=True)
    assert state(app, world["meeting"]) is MeetingState.CLOSED and versions_of(app, world["meeting"]) == []

    with app.app_context():
        waiting = db.session.scalar(sa.select(Comment).where(Comment.body == "심사 대기 의견"))
        comments.reject(waiting, db.session.get(User, world["moderator"]), reason="off_topic")
        db.session.commit()
    done = post(client, finalize_url(world), {}, finalize_url(world))
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/meetings/{world['meeting']}/record/versions")
    assert state(app, world["meeting"]) is MeetingState.RECORD_FINAL
    [(number, sha, snapshot)] = versions_of(app, world["meeting"])
    assert number == 1 and len(sha) == 64 and "심사 대기 의견" not in snapshot
    assert sha in client.get(done.headers["Location"]).get_data(as_text=True)


def test_finalizing_is_for_the_serving_secretary_only(app, client, world):
    as_user(app, client, world["other_secretary"])
    assert client.get(finalize_url(world)).status_code == 403  # not their committee (as the editor answers)
    assert post(client, finalize_url(world), {}, f"/meetings/{world['meeting']}").status_code == 403
    as_user(app, client, world["member"])
    assert client.get(finalize_url(world)).status_code == 403  # the role is not theirs
    assert state(app, world["meeting"]) is MeetingState.CLOSED


def test_the_manage_page_sends_the_secretary_to_finalizing(app, client, world):
    as_user(app, client, world["secretary"])
    page = f"/manage/meetings/{world['meeting']}"
    html = client.get(page).get_data(as_text=True)
    assert finalize_url(world) in html and 'value="record_final"' not in html
    refused = post(client, f"{page}/state", {"target": "record_final"}, page)
    assert refused.status_code == 400 and "Finalize the record" in refused.get_data(as_text=True)
    assert state(app, world["meeting"]) is MeetingState.CLOSED and versions_of(app, world["meeting"]) == []


def test_after_finalizing_the_editor_forms_change_nothing(app, client, world):
    finalize(app, client, world)
    before = entries_of(app, world["meeting"])
    entry_id = before[1][0]
    base = f"/manage/meetings/{world['meeting']}/record"
    attempts = [
        (f"{base}/entries/new", {"type": "note", "text": "새 항목"}),
        (f"{base}/entries/{entry_id}/edit", {"type": "note", "text": "고친 항목"}),
        (f"{base}/entries/{entry_id}/move", {"direction": "down"}),
        (f"{base}/entries/{entry_id}/delete", {}),
        (f"{base}/settings", {"attendance": "x"}),
    ]
    for url, data in attempts:
        response = client.post(url, data={**data, "csrf_token": csrf_token(client, f"/manage/meetings/{world['meeting']}")})
        assert response.status_code >= 400, url
    assert entries_of(app, world["meeting"]) == before
    assert len(versions_of(app, world["meeting"])) == 1


# --- Corrections, versions, diff ----------------------------------------------------------------------------

def correction_data(client, url: str, changes: dict) -> dict:
    """Every field of the correction form as the page fills it, with `changes` applied."""
    html = client.get(url).get_data(as_text=True)
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        data[name] = value.replace("&#34;", '"').replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for name in [n for n in data if n.startswith("remove_")]:
        del data[name]
    return {**data, **changes}


def test_a_correction_makes_version_2_and_both_stay_readable(app, client, world):
    finalize(app, client, world)
    entry_id, old_text = next((i, t) for i, t in entries_of(app, world["meeting"]) if t.startswith("네"))
    url = f"/manage/meetings/{world['meeting']}/record/correct"
    no_note = client.post(url, data=correction_data(client, url, {f"text_{entry_id}": "정정된 발언입니다"}))
    assert no_note.status_code == 400 and len(versions_of(app, world["meeting"])) == 1
    done = client.post(url, data=correction_data(client, url, {f"text_{entry_id}": "정정된 발언입니다",
                                                               "change_note": "위원 요청으로 발언 정정"}))
    assert done.status_code == 303, done.get_data(as_text=True)[:3000]
    (one, sha1, snap1), (two, sha2, snap2) = versions_of(app, world["meeting"])
    assert (one, two) == (1, 2) and sha1 != sha2
    assert old_text in snap1 and "정정된 발언입니다" not in snap1 and "정정된 발언입니다" in snap2

    as_user(app, client, None)
    versions_page = client.get(f"/meetings/{world['meeting']}/record/versions").get_data(as_text=True)
    assert sha1 in versions_page and sha2 in versions_page and "위원 요청으로 발언 정정" in versions_page
    assert "박간사" not in versions_page  # who did it: the committee's people see it
    diff = client.get(f"/meetings/{world['meeting']}/record/diff?from=1&to=2")
    html = diff.get_data(as_text=True)
    assert diff.status_code == 200 and "<del" in html and "<ins" in html and "정정된 발언입니다" in html
    default = client.get(f"/meetings/{world['meeting']}/record/diff").get_data(as_text=True)
    assert default.replace("diff?lang", "diff?from=1&amp;to=2&amp;lang") == html  # the defaults: previous to current
    for bad in ("from=1&to=3", "from=0&to=2", "from=x", "to=99999999999"):
        assert client.get(f"/meetings/{world['meeting']}/record/diff?{bad}").status_code == 404

    as_user(app, client, world["member"])
    audit = client.get(f"/meetings/{world['meeting']}/record/versions").get_data(as_text=True)
    versions_part, trail = audit.split('id="history"')
    assert versions_part.count("박간사") == 2  # finalized and corrected by the secretary
    assert "박간사: Secretary · 간사, from" in trail  # the trail below: the committee's seats


def test_a_draft_has_no_public_versions_diff_or_pdf(app, client, world):
    meeting = world["meeting"]
    for who in (None, world["citizen"], world["other_secretary"]):
        as_user(app, client, who)
        for url in (f"/meetings/{meeting}/record/versions", f"/meetings/{meeting}/record/diff",
                    f"/meetings/{meeting}/record.pdf"):
            assert client.get(url).status_code == 404, (who, url)
    as_user(app, client, world["member"])
    assert "no version yet" in client.get(f"/meetings/{meeting}/record/versions").get_data(as_text=True)


def test_only_a_final_record_is_corrected(app, client, world):
    as_user(app, client, world["secretary"])
    response = client.get(f"/manage/meetings/{world['meeting']}/record/correct")
    assert response.status_code == 400 and "Only a final record is corrected" in response.get_data(as_text=True)


# --- Remarks and written opinions ---------------------------------------------------------------------------

def test_a_members_remark_reaches_the_secretary_who_resolves_it(app, client, world):
    entry_id = entries_of(app, world["meeting"])[2][0]
    as_user(app, client, world["member"])
    remarks = f"/meetings/{world['meeting']}/record/remarks"
    assert f"/record/entries/{entry_id}/remark" in client.get(remarks).get_data(as_text=True)
    form = f"/meetings/{world['meeting']}/record/entries/{entry_id}/remark"
    assert post(client, form, {"body": ""}, form).status_code == 400
    assert post(client, form, {"body": "발언자 표기가 틀렸습니다"}, form).status_code == 303
    remark_id = query(app, lambda: db.session.scalar(sa.select(EntryRemark.id)))

    as_user(app, client, world["secretary"])
    page = client.get(remarks).get_data(as_text=True)
    assert "발언자 표기가 틀렸습니다" in page and "Open remarks (1)" in page
    assert client.get(form).status_code == 403  # the secretary resolves, members remark
    assert post(client, f"/meetings/{world['meeting']}/record/remarks/{remark_id}/resolve", {}, remarks).status_code == 303
    assert "Open remarks (0)" in client.get(remarks).get_data(as_text=True)

    as_user(app, client, world["other_secretary"])
    assert client.get(remarks).status_code == 404


def test_members_send_written_opinions_and_the_secretary_sees_who_answered(app, client, world):
    page = f"/meetings/{world['meeting']}/record/opinions"
    item = world["items"][0]
    as_user(app, client, world["member"])
    assert post(client, f"{page}/{item}", {f"item-{item}-body": "서면 의견입니다"}, page).status_code == 303
    assert post(client, f"{page}/{item}", {f"item-{item}-body": "고친 서면 의견"}, page).status_code == 303
    assert query(app, lambda: db.session.scalars(sa.select(WrittenOpinion.body)).all()) == ["고친 서면 의견"]
    assert post(client, f"{page}/{world['items'][1]}", {f"item-{world['items'][1]}-body": ""}, page).status_code == 400

    as_user(app, client, world["secretary"])
    html = client.get(page).get_data(as_text=True)
    assert "Who has answered" in html and "김위원" in html and "고친 서면 의견" in html
    as_user(app, client, world["citizen"])
    assert client.get(page).status_code == 403


def test_opinions_close_at_finalizing_without_a_deadline(app, client):
    with app.app_context():
        built = final_world.build(deadline=None)
        ids = {"meeting": built.meeting.id, "secretary": built.secretary.id, "member": built.member.id,
               "items": [i.id for i in built.items]}
    finalize(app, client, ids)
    as_user(app, client, ids["member"])
    page = f"/meetings/{ids['meeting']}/record/opinions"
    assert post(client, f"{page}/{ids['items'][0]}", {f"item-{ids['items'][0]}-body": "늦은 의견"}, page).status_code == 403
    assert "no longer taken" in client.get(page).get_data(as_text=True)


def test_the_record_mentions_action_items(app, world):
    with app.app_context():
        kinds = db.session.scalars(sa.select(RecordEntry.type)).all()
    assert EntryType.ACTION in kinds
