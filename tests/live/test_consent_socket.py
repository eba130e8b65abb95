"""Consent at the first comment over the socket (`comment.submit`, docs/realtime.md): `consent_required` with
the question in the user's language and nothing stored; `consent: true` with the version stores both; not
asked again, on the socket or the form; a newer text asked again; guests keyed by their session's guest id."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from participation.comments import consents
from participation.comments.consents import CONSENT_VERSION, Consent
from participation.comments.models import Comment
from participation.core.roles import Role
from participation.extensions import db
from tests import factories
from tests.live.conftest import assert_ok, error_of

NEWCOMER = "newcomer@example.org"
QUESTION = {"en": ("Before your first comment is sent, agree to how comments are published.",
                   "I agree that once a moderator approves my comment, it is published on this platform"),
            "ko": ("첫 의견을 보내기 전에 의견이 공개되는 방식에 동의해 주세요.",
                   "운영자가 승인한 제 의견은 이 플랫폼에 공개되고")}
CONSENT = {"consent": True, "consent_version": CONSENT_VERSION}


@pytest.fixture
def newcomer(app, world) -> int:
    """A citizen who never agreed (the world's citizens did, as after a first comment: tests/factories.py)."""
    with app.app_context():
        user = factories.user(Role.CITIZEN, email=NEWCOMER, name="Newcomer Han", consented=False)
        db.session.commit()
        return user.id


def payload(world, key: str = "c-1", **extra) -> dict:
    return {"item_id": world.items[0], "body": "첫 의견입니다", "stance": "question", "client_key": key, **extra}


def consents_of(make, **owner) -> list[tuple]:
    def rows():
        column = Consent.user_id if "user_id" in owner else Consent.guest_key
        value = owner.get("user_id", owner.get("guest_key"))
        return list(db.session.execute(sa.select(Consent.text_version, Consent.locale).where(column == value)
                                       .order_by(Consent.id)))
    return make.query(rows)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_first_comment_without_consent_is_refused_with_the_question(connect, world, newcomer, snapshot, lang):
    citizen = connect(NEWCOMER, lang=lang)
    before = snapshot()
    error = error_of(citizen.call("comment.submit", payload(world)))
    message, text = QUESTION[lang]
    assert (error["code"], error["field"], error["version"]) == ("consent_required", "consent", CONSENT_VERSION)
    assert error["message"] == message
    assert text in error["text"] and "CC-BY-4.0" in error["text"]
    assert snapshot() == before
    # An explicit "no" is no consent either.
    assert error_of(citizen.call("comment.submit", payload(world, consent=False)))["code"] == "consent_required"
    assert snapshot() == before


def test_with_consent_the_comment_and_the_acceptance_are_stored(connect, world, make, newcomer):
    citizen = connect(NEWCOMER, lang="en")
    assert error_of(citizen.call("comment.submit", payload(world)))["code"] == "consent_required"
    ack = assert_ok(citizen.call("comment.submit", payload(world, **CONSENT)), "comment_id", "status")
    assert consents_of(make, user_id=newcomer) == [(CONSENT_VERSION, "en")]
    assert make.query(lambda: db.session.get(Comment, ack["comment_id"]).author_id) == newcomer
    # The same comment sent again after a lost ack: the same id, and no second acceptance.
    assert citizen.call("comment.submit", payload(world, **CONSENT))["comment_id"] == ack["comment_id"]
    # Not asked again: on this socket, another one, and the item page's form.
    assert_ok(citizen.call("comment.submit", payload(world, "c-2")))
    assert_ok(connect(NEWCOMER).call("comment.submit", payload(world, "c-3")))
    page = citizen.http.get(f"/meetings/{world.meeting_id}/items/{world.items[0]}").get_data(as_text=True)
    assert 'id="consent-question"' not in page
    assert consents_of(make, user_id=newcomer) == [(CONSENT_VERSION, "en")]


def test_an_older_version_is_asked_again(app, connect, world, make, newcomer):
    with app.app_context():
        consents.record_consent(user_id=newcomer, version="2025-01", locale="ko")
        db.session.commit()
    citizen = connect(NEWCOMER, lang="en")
    error = error_of(citizen.call("comment.submit", payload(world)))
    assert error["code"] == "consent_required"
    assert error["message"].startswith("The terms under which comments are published have changed since you agreed.")
    # Agreeing to the old text (a client that kept it) is asked again, with the current one.
    error = error_of(citizen.call("comment.submit", payload(world, consent=True, consent_version="2025-01")))
    assert (error["code"], error["version"]) == ("consent_required", CONSENT_VERSION)
    assert_ok(citizen.call("comment.submit", payload(world, **CONSENT)))
    assert consents_of(make, user_id=newcomer) == [("2025-01", "ko"), (CONSENT_VERSION, "en")]


@pytest.mark.parametrize("extra, field", [({"consent": "yes", "consent_version": CONSENT_VERSION}, "consent"),
                                          ({"consent": 1, "consent_version": CONSENT_VERSION}, "consent"),
                                          ({"consent": True}, "consent_version"),
                                          ({"consent": True, "consent_version": 202612}, "consent_version")])
def test_a_malformed_consent_is_invalid_and_stores_nothing(connect, world, newcomer, snapshot, extra, field):
    citizen = connect(NEWCOMER, lang="en")
    before = snapshot()
    error = error_of(citizen.call("comment.submit", payload(world, **extra)))
    assert (error["code"], error["field"]) == ("invalid", field)
    assert snapshot() == before


def test_a_guest_is_asked_once_for_its_browsers_session(connect, world, make, snapshot):
    make.allow_guests()
    guest = connect(None, lang="ko", visit=f"/meetings/{world.meeting_id}/live")
    with guest.http.session_transaction() as session:
        guest_key = f"g:{session['guest_id']}"
    before = snapshot()
    error = error_of(guest.call("comment.submit", payload(world, nickname="손님")))
    assert (error["code"], error["message"]) == ("consent_required", QUESTION["ko"][0])
    assert snapshot() == before
    assert_ok(guest.call("comment.submit", payload(world, nickname="손님", **CONSENT)))
    assert consents_of(make, guest_key=guest_key) == [(CONSENT_VERSION, "ko")]
    assert_ok(guest.call("comment.submit", payload(world, "c-2", nickname="손님")))
    # The same browser's item page does not ask either; another guest is asked.
    page = guest.http.get(f"/meetings/{world.meeting_id}/items/{world.items[0]}").get_data(as_text=True)
    assert 'id="consent-question"' not in page
    other = connect(None, visit=f"/meetings/{world.meeting_id}/live")
    assert error_of(other.call("comment.submit", payload(world, nickname="손님2")))["code"] == "consent_required"


def test_the_live_page_asks_in_its_form_and_carries_the_dialog(app, connect, world, newcomer):
    citizen = connect(NEWCOMER, lang="en")
    html = citizen.http.get(f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    form = html[html.index('id="live-comment-form"'):]
    assert 'id="consent-question"' in form[:form.index("</form>")]
    dialog = html[html.index('<dialog id="consent-dialog"'):]
    dialog = dialog[:dialog.index("</dialog>")]
    assert 'aria-labelledby="consent-dialog-heading"' in dialog and 'id="consent-accept"' in dialog
    assert "I agree that once a moderator approves my comment" in dialog
    assert "js/consent.js" in html
    # Someone who agreed has no box in the form (the dialog stays, for a text that changes meanwhile).
    html = connect("citizen").http.get(f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    assert 'id="consent-question"' not in html and 'id="consent-dialog"' in html
