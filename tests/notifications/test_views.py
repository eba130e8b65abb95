"""The settings page (`/account/notifications`) and the follow buttons of the meeting and committee pages:
login required, CSRF, both languages; bad input answers 400 in the user's language and changes nothing."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.extensions import db
from participation.meetings.models import Committee
from participation.notifications import services
from participation.notifications.models import Follow, Kind, NotificationSettings
from tests import factories
from tests.conftest import csrf_token
from tests.notifications.people import person
from tests.record.test_final_views import as_user

SETTINGS = "/account/notifications"


@pytest.fixture
def world(app):
    with app.app_context():
        committee = factories.committee("정보화전략위원회")
        published = factories.meeting(committee, published=True, items=1, title="공개 회의")
        draft = factories.meeting(committee, items=1, title="초안 회의")
        citizen = person(locale="en", email="settings@example.org")
        unconfirmed = person(locale="ko", confirmed=False)
        db.session.commit()
        return {"committee": committee.id, "published": published.id, "draft": draft.id,
                "citizen": citizen.id, "unconfirmed": unconfirmed.id}


def _all_on_but(*off: Kind) -> dict:
    return {kind.value: "y" for kind in Kind if kind not in off}


def _choices(app, user_id):
    with app.app_context():
        return services.choices_of(db.session.get(User, user_id))


def _follows(app, user_id):
    with app.app_context():
        return db.session.execute(sa.select(Follow.committee_id, Follow.meeting_id)
                                  .where(Follow.user_id == user_id)).all()


def test_the_settings_need_a_login(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.post(SETTINGS, data={})
    assert response.status_code in (302, 400)  # CSRF first (400), or the login


@pytest.mark.parametrize("lang, heading, label", [
    ("en", "E-mail notifications", "My comment was approved or rejected"),
    ("ko", "이메일 알림", "내 의견이 승인되거나 반려되었을 때"),
])
def test_the_settings_page_in_both_languages_everything_on_at_first(app, client, world, lang, heading, label):
    html = as_user(app, client, world["citizen"], lang).get(SETTINGS).get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html and label in html
    assert len(re.findall(r'type="checkbox"[^>]*checked|checked[^>]*type="checkbox"', html)) == len(Kind)
    assert 'name="csrf_token"' in html


def test_the_account_page_links_the_settings(app, client, world):
    html = as_user(app, client, world["citizen"]).get("/account").get_data(as_text=True)
    assert f'href="{SETTINGS}"' in html


def test_switching_a_kind_off_is_saved(app, client, world):
    as_user(app, client, world["citizen"])
    data = _all_on_but(Kind.MEETING_LIVE, Kind.COMMENT_REPLIED) | {"csrf_token": csrf_token(client, SETTINGS)}
    response = client.post(SETTINGS, data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith(SETTINGS)
    choices = _choices(app, world["citizen"])
    assert [kind for kind, on in choices.items() if not on] == [Kind.COMMENT_REPLIED, Kind.MEETING_LIVE]
    html = client.get(SETTINGS).get_data(as_text=True)
    assert "Your notification settings are saved." in html
    assert len(re.findall(r"checked", html)) == len(Kind) - 2


@pytest.mark.parametrize("lang, message", [("en", "This choice is either on or off."),
                                           ("ko", "켜거나 끄는 것만 고를 수 있습니다.")])
def test_a_bad_value_is_refused_in_the_users_language_and_nothing_changes(app, client, world, lang, message):
    as_user(app, client, world["citizen"], lang)
    data = _all_on_but(Kind.COMMENT_DECIDED) | {"meeting_live": "maybe", "csrf_token": csrf_token(client, SETTINGS)}
    response = client.post(SETTINGS, data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert all(_choices(app, world["citizen"]).values())
    with app.app_context():
        assert db.session.get(NotificationSettings, world["citizen"]) is None


def test_a_post_without_its_csrf_token_is_refused_and_nothing_changes(app, client, world):
    as_user(app, client, world["citizen"], "ko")
    response = client.post(SETTINGS, data=_all_on_but(*Kind))
    assert response.status_code == 400 and "양식이 만료" in response.get_data(as_text=True)
    assert all(_choices(app, world["citizen"]).values())
    response = client.post(f"/committees/{world['committee']}/follow", data={"action": "follow"})
    assert response.status_code == 400 and _follows(app, world["citizen"]) == []


def test_an_unconfirmed_address_is_told_it_gets_nothing_yet(app, client, world):
    html = as_user(app, client, world["unconfirmed"], "en").get(SETTINGS).get_data(as_text=True)
    assert "Your e-mail address is not confirmed yet" in html


# --- follow buttons -----------------------------------------------------------------------------------------

def _button(html: str, path: str) -> bool:
    return f'action="{path}"' in html


def test_a_visitor_sees_no_button_but_a_way_to_log_in(client, world):
    html = client.get(f"/meetings/{world['published']}").get_data(as_text=True)
    assert not _button(html, f"/meetings/{world['published']}/follow") and 'href="/login"' in html
    response = client.post(f"/meetings/{world['published']}/follow", data={"action": "follow"})
    assert response.status_code in (302, 400)  # never followed: CSRF (400) or the login page


def test_following_and_unfollowing_a_meeting_and_a_committee(app, client, world):
    as_user(app, client, world["citizen"])
    meeting_page, committee_page = f"/meetings/{world['published']}", f"/committees/{world['committee']}"
    html = client.get(meeting_page).get_data(as_text=True)
    assert _button(html, f"{meeting_page}/follow") and "Follow this meeting" in html
    response = client.post(f"{meeting_page}/follow", data={"action": "follow", "back": "page",
                                                           "csrf_token": csrf_token(client, meeting_page)})
    assert response.status_code == 303 and response.headers["Location"].endswith(meeting_page)
    assert _follows(app, world["citizen"]) == [(None, world["published"])]
    html = client.get(meeting_page).get_data(as_text=True)
    assert "You follow it now" in html and "Stop following" in html and 'aria-pressed="true"' in html

    html = client.get(committee_page).get_data(as_text=True)
    assert _button(html, f"{committee_page}/follow") and "Follow this committee" in html
    client.post(f"{committee_page}/follow", data={"action": "follow", "csrf_token": csrf_token(client, committee_page)})
    assert sorted(_follows(app, world["citizen"]), key=str) == sorted(
        [(None, world["published"]), (world["committee"], None)], key=str)
    settings = client.get(SETTINGS).get_data(as_text=True)
    assert "정보화전략위원회" in settings and "공개 회의" in settings

    response = client.post(f"{committee_page}/follow", data={"action": "unfollow", "back": "settings",
                                                             "csrf_token": csrf_token(client, SETTINGS)})
    assert response.status_code == 303 and response.headers["Location"].endswith(SETTINGS)
    client.post(f"{meeting_page}/follow", data={"action": "unfollow", "csrf_token": csrf_token(client, meeting_page)})
    assert _follows(app, world["citizen"]) == []


def test_following_twice_keeps_one_row(app, client, world):
    as_user(app, client, world["citizen"])
    page = f"/committees/{world['committee']}"
    for _ in range(2):
        assert client.post(f"{page}/follow", data={"action": "follow", "csrf_token": csrf_token(client, page)}
                           ).status_code == 303
    assert len(_follows(app, world["citizen"])) == 1


def test_the_committees_follower_is_told_on_the_meeting_page(app, client, world):
    with app.app_context():
        services.set_follow(db.session.get(User, world["citizen"]), True,
                            committee=db.session.get(Committee, world["committee"]))
        db.session.commit()
    html = as_user(app, client, world["citizen"]).get(f"/meetings/{world['published']}").get_data(as_text=True)
    assert "You follow its committee" in html and not _button(html, f"/meetings/{world['published']}/follow")


@pytest.mark.parametrize("lang, message", [("en", "Choose to follow or to stop following."),
                                           ("ko", "소식 받기와 그만 받기 중에서 고르세요.")])
@pytest.mark.parametrize("data", [{}, {"action": "subscribe"}, {"action": "follow", "back": "https://evil.example"}])
def test_bad_follow_input_is_refused_in_the_users_language_and_nothing_changes(app, client, world, lang, message,
                                                                               data):
    as_user(app, client, world["citizen"], lang)
    page = f"/meetings/{world['published']}"
    response = client.post(f"{page}/follow", data={**data, "csrf_token": csrf_token(client, page)})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body if "back" not in data else ("Unknown page" in body or "돌아갈" in body)
    assert _follows(app, world["citizen"]) == []


def test_a_draft_or_unknown_meeting_cannot_be_followed(app, client, world):
    as_user(app, client, world["citizen"])
    token = csrf_token(client, f"/meetings/{world['published']}")
    for path in (f"/meetings/{world['draft']}/follow", "/meetings/999999/follow", "/committees/999999/follow"):
        assert client.post(path, data={"action": "follow", "csrf_token": token}).status_code == 404
    assert _follows(app, world["citizen"]) == []
