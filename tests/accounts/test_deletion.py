"""Deleting an account (accounts/deletion.py, data_views.py, comments/receivers.py): by the person from
/account with their password, or by an administrator at their request. Afterwards no page, API answer,
download or live payload names them; the finalized record keeps its bytes; the pending comments are
withdrawn; the votes stay counted without a link to the person; they cannot log in again."""
from __future__ import annotations

import hashlib
import json
import re

import pytest
import sqlalchemy as sa

from participation.accounts import audit, deletion, services
from participation.accounts.models import User
from participation.comments import queries
from participation.comments.consents import Consent
from participation.comments.models import CommentStatus, Report
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db, socketio
from participation.feedback import counters
from participation.feedback.models import MapJob
from participation.live import presence
from participation.live.models import LiveEvent
from tests import factories
from tests.accounts import departure
from tests.accounts.departure import BODIES, EMAIL, NAME, OTHER_NAME
from tests.conftest import AuthActions, csrf_token
from tests.feedback.test_counters import _snapshot as counter_rows
from tests.live.conftest import NS, LiveClient, assert_ok


@pytest.fixture
def app(app, monkeypatch):
    app.config.update(COMMENT_RATE_LIMIT="1000 per minute", LOGIN_RATE_LIMIT="1000 per minute",
                      ACCOUNT_DATA_RATE_LIMIT="1000 per minute")
    monkeypatch.setattr(presence, "ensure_broadcaster", lambda: None)
    yield app
    presence._viewers.clear()
    presence._dirty.clear()


@pytest.fixture
def world(app):
    with app.app_context():
        return departure.build()


def query(app, fn):
    with app.app_context():
        return fn()


def delete_own(client, password=factories.PASSWORD, confirm=True):
    data = {"password": password, "csrf_token": csrf_token(client, "/account/delete")}
    if confirm:
        data["confirm"] = "y"
    return client.post("/account/delete", data=data)


def logged_in(app, email=EMAIL):
    client = app.test_client()
    assert AuthActions(client).login(email).status_code == 302
    return client


def everything(app) -> dict:
    """Every row of every table: a refused deletion changes none."""
    with app.app_context():
        return {table.name: sorted(map(repr, db.session.execute(sa.select(table)).all()))
                for table in db.metadata.sorted_tables}


def public_pages(world) -> list[str]:
    live, final = world.live_meeting_id, world.final_meeting_id
    item = world.item_ids[0]
    return [f"/meetings/{live}", f"/meetings/{live}/items/{item}", f"/meetings/{live}/items/{world.item_ids[1]}",
            f"/meetings/{live}/live", f"/meetings/{live}/feedback", f"/meetings/{live}/comments.csv",
            f"/meetings/{live}/feedback.csv", "/api/v1/comments", f"/api/v1/meetings/{live}/comments",
            f"/api/v1/meetings/{live}/feedback", "/feed.atom", f"/meetings/{final}", f"/meetings/{final}/record",
            f"/meetings/{final}/record.json", f"/meetings/{final}/record.md", f"/api/v1/meetings/{final}/record",
            f"/meetings/{final}/comments.csv", f"/api/v1/meetings/{final}/comments",
            f"/meetings/{live}/items/{item}?lang=en"]


def shows(response_bytes: bytes, secret: str) -> bool:
    """`secret` in the answer, as UTF-8 or as JSON writes it with ASCII escapes (`\\ub5a0...`)."""
    escaped = json.dumps(secret)[1:-1].encode()
    return secret.encode() in response_bytes or escaped in response_bytes


def assert_nowhere(response_bytes: bytes, where: str) -> None:
    for secret in (NAME, EMAIL, EMAIL.split("@")[0]):
        assert not shows(response_bytes, secret), f"{secret!r} still shown on {where}"


def live_replay(app, meeting_id: int, who: str | None = None) -> list[dict]:
    http = app.test_client()
    if who:
        AuthActions(http).login(who)
    client = LiveClient(app, socketio, namespace=NS, flask_test_client=http)
    ack = assert_ok(client.call("join", {"meeting_id": meeting_id, "last_event_id": 0}))
    events = [payload for name, payload in client.inbox() if name == "event"]
    assert len(events) == ack["replayed"]
    client.disconnect(NS)
    return events


# --- The person deletes their account ----------------------------------------------------------------------

def test_before_deletion_the_person_is_shown_by_name(app, client, world):
    """The checks below can fail: the person's name is on these pages while the account exists."""
    for url in (f"/meetings/{world.live_meeting_id}/items/{world.item_ids[0]}", f"/meetings/{world.final_meeting_id}/record",
                f"/meetings/{world.final_meeting_id}/record.json", f"/api/v1/meetings/{world.live_meeting_id}/comments",
                f"/api/v1/meetings/{world.final_meeting_id}/record", f"/meetings/{world.live_meeting_id}/comments.csv"):
        assert shows(client.get(url).data, NAME), url
    assert NAME in json.dumps(live_replay(app, world.live_meeting_id), ensure_ascii=False)


def test_after_deletion_nothing_public_names_the_person(app, client, world):
    person = logged_in(app)
    response = delete_own(person)
    assert response.status_code == 303 and response.headers["Location"].endswith("/")
    for url in public_pages(world):
        got = client.get(url)
        assert got.status_code == 200, url
        assert_nowhere(got.data, url)
    item_page = client.get(f"/meetings/{world.live_meeting_id}/items/{world.item_ids[0]}?lang=ko").get_data(as_text=True)
    assert "탈퇴한 시민" in item_page and BODIES["approved"] in item_page  # the comment stays, relabelled
    english = client.get(f"/meetings/{world.live_meeting_id}/items/{world.item_ids[0]}?lang=en").get_data(as_text=True)
    assert "former participant" in english
    assert OTHER_NAME in item_page  # nobody else is relabelled
    record_page = client.get(f"/meetings/{world.final_meeting_id}/record?lang=ko").get_data(as_text=True)
    assert "탈퇴한 시민" in record_page and BODIES["final"] in record_page


def test_the_finalized_record_keeps_its_bytes_and_hash(app, client, world):
    before = query(app, lambda: departure.versions_of(world.final_meeting_id))
    assert before[0][1] == world.version_sha256
    old_etag = client.get(f"/meetings/{world.final_meeting_id}/record.json").headers["ETag"]
    delete_own(logged_in(app))
    after = query(app, lambda: departure.versions_of(world.final_meeting_id))
    assert after == before
    number, sha256, snapshot = after[0]
    assert hashlib.sha256(snapshot.encode("utf-8")).hexdigest() == sha256 == world.version_sha256
    assert NAME in snapshot  # the stored version is untouched; its reading shows the label
    served = client.get(f"/meetings/{world.final_meeting_id}/record.json")
    assert served.headers["ETag"] != old_etag  # a cached copy naming the person is not revalidated
    document = json.loads(served.data)
    assert document["sha256"] == sha256
    shown = [c for item in document["citizens"]["items"] for c in item["comments"]
             if c["id"] == world.comment_ids["final"]]
    assert shown == [{**shown[0], "author": "탈퇴한 시민", "former": True}]


def test_the_person_cannot_log_in_and_their_old_sessions_end(app, world):
    elsewhere = logged_in(app)  # another device, logged in before the deletion
    assert elsewhere.get("/account").status_code == 200
    delete_own(logged_in(app))
    assert elsewhere.get("/account").status_code == 302  # the old cookie opens nothing
    client = app.test_client()
    gone = AuthActions(client).login(EMAIL)
    wrong = AuthActions(app.test_client()).login(departure.OTHER_EMAIL, "not-the-password")
    assert gone.status_code == wrong.status_code == 400
    errors = [re.findall(r'class="field-error"[^>]*>([^<]+)<', r.get_data(as_text=True)) for r in (gone, wrong)]
    assert errors[0] == errors[1] and len(errors[0]) == 1  # the same answer as a wrong password
    with app.app_context():
        erased = departure.person(world)
        assert AuthActions(app.test_client()).login(erased.email).status_code == 400
        assert services.load_user(erased.get_id()) is None and not erased.is_authenticated
        assert (erased.email, erased.display_name, erased.roles) == (f"deleted:{world.person_id}", "", frozenset())
        assert erased.deleted_at is not None and erased.public_name == "탈퇴한 시민"  # outside a request: the default language


def test_pending_comments_are_withdrawn_and_leave_the_queue(app, world):
    with app.app_context():
        db_email = db.session.get(User, world.moderator_id).email
        queued = {c.id for c in queries.pending_queue(world.live_meeting_id)}
        assert {world.comment_ids["pending"], world.comment_ids["hidden"]} <= queued
        figures_before = queries.moderation_figures(world.live_meeting_id)
    delete_own(logged_in(app))
    with app.app_context():
        for which in ("pending", "hidden"):
            withdrawn = departure.comment(world, which)
            assert (withdrawn.status, withdrawn.body, withdrawn.public_body) == (CommentStatus.WITHDRAWN, "", "")
        assert departure.comment(world, "rejected").body == ""  # never published: its text goes too
        assert departure.comment(world, "approved").status is CommentStatus.APPROVED
        assert not {c.id for c in queries.pending_queue(world.live_meeting_id)} & set(world.comment_ids.values())
        figures = queries.moderation_figures(world.live_meeting_id)
        assert (figures.pending, figures.hidden, figures.withdrawn) == (0, 0, 2)
        assert figures.submitted == figures_before.submitted - 2 == figures.approved + figures.rejected
        kept = counter_rows()
        counters.recount(db.session.connection())
        assert counter_rows() == kept  # the trigger-kept counters followed
        db.session.rollback()
    moderator = logged_in(app, db_email)
    page = moderator.get(f"/meetings/{world.live_meeting_id}/moderate")
    assert page.status_code == 200
    assert BODIES["pending"].encode() not in page.data and BODIES["hidden"].encode() not in page.data
    assert_nowhere(page.data, "the moderation queue")
    socket = LiveClient(app, socketio, namespace=NS, flask_test_client=moderator)
    ack = assert_ok(socket.call("moderation.join", {"meeting_id": world.live_meeting_id}))
    socket.disconnect(NS)
    assert ack["queue"] == [] and all(entry["author"] != NAME for entry in ack["reported"])


def test_votes_stay_counted_but_no_longer_name_the_person(app, world):
    def state():
        with app.app_context():
            return {which: departure.comment(world, which).vote_counts for which in ("approved", "other")}

    counts = state()
    delete_own(logged_in(app))
    assert state() == counts
    with app.app_context():
        votes = departure.votes_on(world.comment_ids["other"])
        assert len(votes) == 2
        theirs = [v for v in votes if v.choice.value == "agree"][0]
        assert theirs.user_id is None and theirs.voter_key.startswith("x:")
        assert f"u:{world.person_id}" not in theirs.voter_key
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MapJob)
                                 .where(MapJob.item_id == world.item_ids[0])) == 1  # the map is computed again
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Consent)
                                 .where(Consent.user_id == world.person_id)) == 0


def test_live_replays_show_the_label(app, world):
    delete_own(logged_in(app))
    replayed = live_replay(app, world.live_meeting_id)
    text = json.dumps(replayed, ensure_ascii=False)
    assert NAME not in text and EMAIL not in text
    approved = [e["data"]["comment"] for e in replayed if e["type"] == "comment.approved"
                and e["data"]["comment"]["id"] == world.comment_ids["approved"]]
    assert approved and approved[0]["author"] == "탈퇴한 시민" and approved[0]["former"] is True
    with app.app_context():
        stored = json.dumps([e.data for e in db.session.scalars(sa.select(LiveEvent))], ensure_ascii=False)
    assert NAME not in stored


def test_a_wrong_password_refuses_and_changes_nothing(app, world):
    person = logged_in(app)
    before = everything(app)
    response = delete_own(person, password="not-my-password")
    assert response.status_code == 400
    assert "The password is not correct." in response.get_data(as_text=True) or \
        "비밀번호가 올바르지 않습니다" in response.get_data(as_text=True)
    unconfirmed = delete_own(person, confirm=False)
    assert unconfirmed.status_code == 400
    assert everything(app) == before
    assert person.get("/account").status_code == 200  # still logged in


def test_the_form_needs_a_login_and_shows_what_happens(app, world):
    assert app.test_client().get("/account/delete").status_code == 302
    page = logged_in(app).get("/account/delete")
    assert page.status_code == 200
    assert b'name="password"' in page.data and b'name="confirm"' in page.data and b'name="csrf_token"' in page.data
    account = logged_in(app).get("/account").get_data(as_text=True)
    assert "/account/delete" in account and "/account/export" in account


def test_deleting_is_rate_limited(app, world):
    app.config["ACCOUNT_DATA_RATE_LIMIT"] = "2 per minute"
    person = logged_in(app)
    assert [delete_own(person, password="wrong-password-1").status_code for _ in range(2)] == [400, 400]
    assert delete_own(person).status_code == 429  # not even the right password gets through now
    with app.app_context():
        assert not departure.person(world).is_deleted


def test_the_self_deletion_is_in_the_audit_log(app, world):
    delete_own(logged_in(app))
    with app.app_context():
        [entry] = audit.recent()
        assert (entry.action, entry.subject_id, entry.actor_id) == (audit.AccountAction.DELETE,) + (world.person_id,) * 2


# --- An administrator deletes a person's account on request ------------------------------------------------

def test_an_admin_deletes_a_person_and_it_is_audited(app, client, world):
    admin = logged_in(app, "the.admin@example.org")
    url = f"/admin/users/{world.person_id}/delete"
    page = admin.get(url)
    assert page.status_code == 200 and NAME.encode() in page.data
    refused = admin.post(url, data={"csrf_token": csrf_token(admin, url)})
    assert refused.status_code == 400
    with app.app_context():
        assert not departure.person(world).is_deleted
    done = admin.post(url, data={"csrf_token": csrf_token(admin, url), "confirm": "y"})
    assert done.status_code == 303 and done.headers["Location"].endswith("/admin/users")
    with app.app_context():
        assert departure.person(world).is_deleted
        [entry] = audit.recent()
        assert (entry.action, entry.subject_id, entry.actor_id) == (audit.AccountAction.DELETE, world.person_id,
                                                                    world.admin_id)
    users_page = admin.get("/admin/users")
    assert users_page.status_code == 200
    assert_nowhere(users_page.data, "the admin users page")
    assert f"#{world.person_id}".encode() in users_page.data  # the audit log lists it, by id
    assert admin.get(url).status_code == 404  # gone: nothing left to delete
    assert_nowhere(client.get(f"/api/v1/meetings/{world.live_meeting_id}/comments").data, "the API")


def test_the_last_admin_cannot_delete_their_own_account(app, world):
    admin = logged_in(app, "the.admin@example.org")
    url = f"/admin/users/{world.admin_id}/delete"
    assert "last administrator" in admin.get(url).get_data(as_text=True) or \
        "마지막 관리자" in admin.get(url).get_data(as_text=True)
    before = everything(app)
    refused = admin.post(url, data={"csrf_token": csrf_token(admin, url), "confirm": "y"})
    assert refused.status_code == 409
    assert everything(app) == before
    own = admin.post("/account/delete", data={"csrf_token": csrf_token(admin, "/account/delete"),
                                              "password": factories.PASSWORD, "confirm": "y"})
    assert own.status_code == 409 and everything(app) == before


def test_an_admin_who_is_not_the_last_may_delete_their_own_account(app, world):
    with app.app_context():
        factories.user(Role.ADMIN)
        db.session.commit()
    admin = logged_in(app, "the.admin@example.org")
    url = f"/admin/users/{world.admin_id}/delete"
    done = admin.post(url, data={"csrf_token": csrf_token(admin, url), "confirm": "y"})
    assert done.status_code == 303
    assert admin.get("/admin/users").status_code == 302  # logged out


def test_only_admins_delete_others(app, world):
    with app.app_context():
        citizen, person = db.session.get(User, world.other_id), departure.person(world)
        with pytest.raises(ServiceError):
            deletion.delete_account(citizen, person)
        with pytest.raises(ServiceError):  # their own password does not open someone else's account
            deletion.delete_account(citizen, person, password=factories.PASSWORD)
        assert not person.is_deleted
    other = logged_in(app, departure.OTHER_EMAIL)
    assert other.get(f"/admin/users/{world.person_id}/delete").status_code == 403


def test_reports_stay_counted_without_naming_anyone(app, world):
    delete_own(logged_in(app))
    with app.app_context():
        theirs = departure.comment(world, "other")
        assert theirs.report_count == 1
        reports = list(db.session.scalars(sa.select(Report).where(Report.comment_id == theirs.id)))
        assert [r.user_id for r in reports] == [world.person_id]  # an account without name, e-mail or password
        assert departure.person(world).public_name == "탈퇴한 시민"


def test_a_deleted_member_is_no_longer_listed_or_reserved(app, world):
    from participation.accounts.services import display_name_reserved
    from participation.meetings.models import Meeting
    from participation.record import opinions
    from participation.record import services as record_services

    with app.app_context():
        meeting = db.session.get(Meeting, world.live_meeting_id)
        member = factories.user(Role.MEMBER, name="떠나는위원")
        factories.seat(meeting.committee, member)
        db.session.commit()
        member_id = member.id
        assert member_id in {p.id for p, _ in record_services.speaker_choices(meeting)}
        assert display_name_reserved("떠나는위원")
    admin = logged_in(app, "the.admin@example.org")
    url = f"/admin/users/{member_id}/delete"
    assert admin.post(url, data={"csrf_token": csrf_token(admin, url), "confirm": "y"}).status_code == 303
    with app.app_context():
        meeting = db.session.get(Meeting, world.live_meeting_id)
        assert member_id not in {p.id for p, _ in record_services.speaker_choices(meeting)}
        assert member_id not in {p.id for p in opinions.committee_members(meeting)}
        assert not display_name_reserved("떠나는위원")  # the name is free again: nobody holds it


def test_the_mail_waiting_for_the_person_goes_with_the_account(app, world):
    from participation.accounts.mail import MailMessage

    with app.app_context():
        db.session.add(MailMessage(user_id=world.person_id, to_address=EMAIL, kind="test", locale="ko",
                                   subject=f"{NAME} 님께", text_body=f"{NAME} 님, 안녕하세요"))
        db.session.commit()
    delete_own(logged_in(app))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MailMessage)
                                 .where(MailMessage.user_id == world.person_id)) == 0


def test_a_comment_decided_before_the_deletion_stays_decided(app, world):
    """Withdrawing is a compare-and-set: a pending comment a moderator approved first stays approved."""
    from participation.comments import services as comment_services

    with app.app_context():
        comment_services.approve(departure.comment(world, "pending"), db.session.get(User, world.moderator_id))
        db.session.commit()
    delete_own(logged_in(app))
    with app.app_context():
        assert departure.comment(world, "pending").status is CommentStatus.APPROVED
        assert departure.comment(world, "pending").body == BODIES["pending"]
