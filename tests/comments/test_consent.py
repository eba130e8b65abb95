"""Consent at the first comment (participation/comments/consents.py), through the service and the item page's
form: refused without it with a clear message in Korean and English and nothing stored; stored with its time,
language and version in the comment's transaction; not asked again; asked again for a newer text; guests
keyed by their session's guest id. The socket's side: tests/live/test_consent_socket.py."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.comments import consents, services
from participation.comments.consents import CONSENT_VERSION, Consent, ConsentRequired
from participation.comments.services import Submitter
from participation.core.db import utcnow
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import services as meetings
from tests import factories
from tests.comments.conftest import counts
from tests.comments.test_views import comments_url, field_error, form_fields, item_url
from tests.conftest import AuthActions

FIRST_EN = "Before your first comment is sent, agree to how comments are published."
FIRST_KO = "첫 의견을 보내기 전에 의견이 공개되는 방식에 동의해 주세요."
CHANGED_EN = "The terms under which comments are published have changed since you agreed."
CHANGED_KO = "의견이 공개되는 조건이 바뀌었습니다."
STATEMENT_EN = "I agree that once a moderator approves my comment, it is published on this platform"
STATEMENT_KO = "운영자가 승인한 제 의견은 이 플랫폼에 공개되고"
_keys = iter(range(1, 1_000_000))


@pytest.fixture
def newcomer(app, world) -> int:
    """A citizen who has never agreed to anything (a fresh one: the rate limit counts per author)."""
    with app.app_context():
        user = factories.user(Role.CITIZEN, email="newcomer@example.org", name="Newcomer Han", consented=False)
        db.session.commit()
        return user.id


def browser(app, lang: str | None = "en", who: str | None = None):
    client = app.test_client()
    if lang:
        client.set_cookie("lang", lang)
    if who:
        assert AuthActions(client).login(who).status_code == 302
    return client


def stored() -> list[tuple]:
    db.session.expire_all()
    return list(db.session.execute(sa.select(Consent.user_id, Consent.guest_key, Consent.text_version, Consent.locale)
                                   .order_by(Consent.id)))


def consent_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Consent))


def submit(w, submitter: Submitter, **kwargs):
    kwargs.setdefault("client_key", f"consent-{next(_keys)}")
    return services.submit(w.item_, submitter, body=kwargs.pop("body", "첫 의견입니다."), stance="support", **kwargs)


def allow_guests(w):
    meetings.update_meeting(w.meeting_, allow_guest_comments=True)
    db.session.commit()


def asks_consent(html: str) -> bool:
    form = html[html.index('class="comment-form"'):]
    form = form[:form.index("</form>")]
    return 'name="consent"' in form


# --- the service: the rule's one home -------------------------------------------------------------------


def test_a_first_comment_without_consent_is_refused_and_stores_nothing(app_ctx, world, newcomer):
    before = counts(), consent_count()
    with pytest.raises(ConsentRequired) as refused:
        submit(world, Submitter(user=db.session.get(User, newcomer)))
    assert (refused.value.code, refused.value.field) == ("consent_required", "consent")
    assert refused.value.details["version"] == CONSENT_VERSION
    assert STATEMENT_KO in refused.value.details["text"]  # the question, in the language of the context
    db.session.rollback()
    assert (counts(), consent_count()) == before


def test_with_consent_the_comment_and_the_acceptance_are_stored_together(app_ctx, world, newcomer):
    user = db.session.get(User, newcomer)
    start = utcnow()
    comment, created = submit(world, Submitter(user=user), consent=CONSENT_VERSION)
    db.session.commit()
    assert created
    [consent] = db.session.scalars(sa.select(Consent)).all()[-1:]
    assert (consent.user_id, consent.guest_key, consent.text_version, consent.locale) == (newcomer, None,
                                                                                          CONSENT_VERSION, "ko")
    assert start - timedelta(seconds=1) <= consent.accepted_at <= utcnow()
    assert consents.has_consented(user_id=newcomer)
    # Not asked again: the second comment needs nothing.
    _second, created = submit(world, Submitter(user=user))
    assert created
    db.session.commit()
    assert stored().count((newcomer, None, CONSENT_VERSION, "ko")) == 1


def test_a_refused_first_comment_stores_no_consent_either(app_ctx, world, newcomer):
    """The consent is stored only with its comment: a comment refused for another reason leaves no row."""
    with pytest.raises(Exception):
        submit(world, Submitter(user=db.session.get(User, newcomer)), body="   ", consent=CONSENT_VERSION)
    db.session.rollback()
    assert not consents.has_consented(user_id=newcomer)


def test_an_older_version_is_asked_again(app_ctx, world, newcomer):
    consents.record_consent(user_id=newcomer, version="2025-01", locale="en")
    db.session.commit()
    assert not consents.has_consented(user_id=newcomer)
    with pytest.raises(ConsentRequired) as refused:
        submit(world, Submitter(user=db.session.get(User, newcomer)))
    assert str(refused.value.message).startswith(CHANGED_KO)
    db.session.rollback()
    # Agreeing to a text that is not the current one (a page shown before it changed) is no consent either.
    with pytest.raises(ConsentRequired):
        submit(world, Submitter(user=db.session.get(User, newcomer)), consent="2025-01")
    db.session.rollback()
    submit(world, Submitter(user=db.session.get(User, newcomer)), consent=CONSENT_VERSION)
    db.session.commit()
    assert [row[2] for row in stored() if row[0] == newcomer] == ["2025-01", CONSENT_VERSION]


def test_a_refusal_for_consent_does_not_count_against_the_rate_limit(app, world, newcomer):
    app.config["COMMENT_RATE_LIMIT"] = "1 per minute"
    with app.app_context():
        for _ in range(3):
            with pytest.raises(ConsentRequired):
                submit(world, Submitter(user=db.session.get(User, newcomer)))
            db.session.rollback()
        submit(world, Submitter(user=db.session.get(User, newcomer)), consent=CONSENT_VERSION)
        db.session.commit()


def test_a_resent_comment_is_the_first_one_without_asking_again(app_ctx, world, newcomer):
    user = db.session.get(User, newcomer)
    first, _ = submit(world, Submitter(user=user), client_key="same", consent=CONSENT_VERSION)
    db.session.commit()
    again, created = submit(world, Submitter(user=user), client_key="same")
    assert (again.id, created) == (first.id, False)


def test_a_guests_consent_is_its_guest_ids(app_ctx, world):
    allow_guests(world)
    guest = Submitter(guest_id="guest-consent", nickname="손님")
    with pytest.raises(ConsentRequired):
        submit(world, guest)
    db.session.rollback()
    submit(world, guest, consent=CONSENT_VERSION)
    db.session.commit()
    assert stored()[-1] == (None, "g:guest-consent", CONSENT_VERSION, "ko")
    submit(world, Submitter(guest_id="guest-consent", nickname="손님"))  # the same guest: not asked again
    with pytest.raises(ConsentRequired):  # another guest id: another person
        submit(world, Submitter(guest_id="guest-other", nickname="손님"))


def test_a_consent_belongs_to_an_account_or_a_guest_and_goes_with_the_account(app_ctx, world, newcomer):
    with pytest.raises(ValueError):
        consents.record_consent(user_id=newcomer, guest_key="g:x")
    with pytest.raises(ValueError):
        consents.has_consented()
    consents.record_consent(user_id=newcomer)
    db.session.commit()
    db.session.execute(sa.delete(User).where(User.id == newcomer))
    db.session.commit()
    assert [row for row in stored() if row[0] == newcomer] == []


# --- the item page's form ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, message, statement", [("en", FIRST_EN, STATEMENT_EN), ("ko", FIRST_KO, STATEMENT_KO)])
def test_the_form_refuses_a_first_comment_without_consent(app, world, newcomer, lang, message, statement):
    client = browser(app, lang, "newcomer@example.org")
    page = client.get(item_url(world)).get_data(as_text=True)
    assert asks_consent(page) and statement in page
    assert 'href="/privacy"' in page[page.index('class="comment-form"'):]
    with app.app_context():
        before = counts(), consent_count()
    response = client.post(comments_url(world), data={**form_fields(page, consent=False), "stance": "support",
                                                      "body": "동의 없이 보냅니다."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in field_error(html, "consent")
    assert asks_consent(html) and "동의 없이 보냅니다." in html  # the form again, as it was filled in
    with app.app_context():
        assert (counts(), consent_count()) == before


def test_the_consent_box_is_labelled_and_described(app, world, newcomer):
    html = browser(app, "en", "newcomer@example.org").get(item_url(world)).get_data(as_text=True)
    box = html[html.index('id="consent-question"'):]
    box = box[:box.index("</fieldset>")]
    assert '<legend>Before your first comment</legend>' in box
    assert '<input aria-describedby="consent-hint" aria-invalid="false" id="consent" name="consent" type="checkbox"' \
        in box
    assert '<label for="consent">' + STATEMENT_EN in box
    assert "Creative Commons Attribution 4.0 International (CC-BY-4.0)" in box
    assert f'name="consent_version" type="hidden" value="{CONSENT_VERSION}"' in box


def test_the_form_with_consent_stores_both_and_then_asks_no_more(app, world, newcomer):
    client = browser(app, "en", "newcomer@example.org")
    page = client.get(item_url(world)).get_data(as_text=True)
    response = client.post(comments_url(world), data={**form_fields(page), "stance": "support", "body": "동의합니다."})
    assert response.status_code == 303
    with app.app_context():
        assert [row for row in stored() if row[0] == newcomer] == [(newcomer, None, CONSENT_VERSION, "en")]
    page = client.get(item_url(world)).get_data(as_text=True)
    assert not asks_consent(page)
    response = client.post(comments_url(world), data={**form_fields(page), "stance": "support", "body": "두 번째"})
    assert response.status_code == 303


def test_the_form_asks_both_the_missing_text_and_the_consent_at_once(app, world, newcomer):
    client = browser(app, "en", "newcomer@example.org")
    page = client.get(item_url(world)).get_data(as_text=True)
    response = client.post(comments_url(world), data={**form_fields(page, consent=False), "stance": "support",
                                                      "body": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This field is required." in field_error(html, "body")
    assert FIRST_EN in field_error(html, "consent")


def test_the_form_asks_again_for_a_newer_text(app, world, newcomer):
    with app.app_context():
        consents.record_consent(user_id=newcomer, version="2025-01")
        db.session.commit()
    client = browser(app, "ko", "newcomer@example.org")
    page = client.get(item_url(world)).get_data(as_text=True)
    assert asks_consent(page)
    response = client.post(comments_url(world), data={**form_fields(page, consent=False), "stance": "support",
                                                      "body": "다시 묻습니다"})
    assert response.status_code == 400 and CHANGED_KO in field_error(response.get_data(as_text=True), "consent")
    # A page shown before the text changed sends the old version: asked again, with the current one.
    response = client.post(comments_url(world), data={**form_fields(page), "consent_version": "2025-01",
                                                      "stance": "support", "body": "다시 묻습니다"})
    assert response.status_code == 400
    assert f'value="{CONSENT_VERSION}"' in response.get_data(as_text=True)
    response = client.post(comments_url(world), data={**form_fields(page), "stance": "support", "body": "다시 묻습니다"})
    assert response.status_code == 303


def test_a_guest_is_asked_once_per_browser_session(app, world):
    with app.app_context():
        allow_guests(world)
        before = consent_count()
    guest = browser(app, "en")
    page = guest.get(item_url(world)).get_data(as_text=True)
    assert asks_consent(page)
    refused = guest.post(comments_url(world), data={**form_fields(page, consent=False), "stance": "question",
                                                    "nickname": "손님", "body": "질문입니다"})
    assert refused.status_code == 400 and FIRST_EN in field_error(refused.get_data(as_text=True), "consent")
    with app.app_context():
        assert consent_count() == before
    page = refused.get_data(as_text=True)
    assert guest.post(comments_url(world), data={**form_fields(page), "stance": "question", "nickname": "손님",
                                                 "body": "질문입니다"}).status_code == 303
    with guest.session_transaction() as session:
        guest_key = f"g:{session['guest_id']}"
    with app.app_context():
        assert stored()[-1] == (None, guest_key, CONSENT_VERSION, "en")
    assert not asks_consent(guest.get(item_url(world)).get_data(as_text=True))
    # Another browser is another guest, asked again.
    assert asks_consent(browser(app, "en").get(item_url(world)).get_data(as_text=True))


def test_someone_who_agreed_sees_no_consent_box(app, world):
    """The world's citizens agreed before (tests/factories.py): their form has no box."""
    html = browser(app, "en", "citizen@example.org").get(item_url(world)).get_data(as_text=True)
    assert not asks_consent(html) and 'id="consent-question"' not in html
