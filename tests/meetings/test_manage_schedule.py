"""Postponing and cancelling from the secretary's meeting page, and what the public pages say afterwards.

Forms are posted as a browser would (CSRF token from the page); texts are checked in English.
"""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import Meeting, MeetingCancellation, MeetingPostponement, MeetingState
from tests import factories
from tests.meetings.test_manage_views import count, get, secretary  # noqa: F401  (fixtures)

SEOUL = ZoneInfo("Asia/Seoul")
WEEK = timedelta(days=7)
HOSTILE = "<script>alert('x')</script> 회의실 & 공사"


def local(moment) -> str:
    """A moment as the form's datetime-local field sends it (the site's zone)."""
    return moment.astimezone(SEOUL).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def meeting(app):
    """A published meeting with parts 1 and 2, a draft, and their first items."""
    with app.app_context():
        committee = factories.committee()
        published = factories.meeting(committee, items=2, title="Published meeting")
        start = published.starts_at.replace(second=0, microsecond=0)  # as a form gives it
        services.update_meeting(published, starts_at=start, part1_starts_at=start,
                                part1_ends_at=start + timedelta(hours=1))
        services.move_meeting(published, MeetingState.PUBLISHED)
        draft = factories.meeting(committee, items=1, title="Draft meeting")
        db.session.commit()
        return SimpleNamespace(id=published.id, starts_at=published.starts_at, draft=draft.id,
                               item=services.agenda_of(published)[0].id,
                               page=f"/manage/meetings/{published.id}")


def postpone(post_form, meeting, **data):
    fields = {"starts_at": local(meeting.starts_at + WEEK), "part2_starts_at": "",
              "part2_ends_at": "", "reason": "The room is being repaired."} | data
    return post_form(f"{meeting.page}/postpone", fields, form_url=meeting.page)


def cancel(post_form, meeting, reason="The chair is ill."):
    return post_form(f"{meeting.page}/cancel", {"reason": reason}, form_url=meeting.page)


# --- the forms ---------------------------------------------------------------------------------------


def test_a_published_meeting_offers_both_forms(client, secretary, meeting):
    html = client.get(meeting.page).get_data(as_text=True)
    assert f'action="{meeting.page}/postpone"' in html and f'action="{meeting.page}/cancel"' in html
    assert 'id="postpone-part2_starts_at"' in html and 'id="cancel-reason"' in html
    assert html.count('name="csrf_token"') >= 3  # each form carries its token
    assert f'value="{local(meeting.starts_at)}"' in html  # the new start begins as the current one


def test_a_draft_and_a_live_meeting_offer_neither(app, client, secretary, meeting):
    html = client.get(f"/manage/meetings/{meeting.draft}").get_data(as_text=True)
    assert "/postpone" not in html and "/cancel" not in html
    with app.app_context():
        services.move_meeting(db.session.get(Meeting, meeting.id), MeetingState.LIVE)
        db.session.commit()
    html = client.get(meeting.page).get_data(as_text=True)
    assert "/postpone" not in html and "/cancel" not in html


# --- postponing ----------------------------------------------------------------------------------------


def test_postponing_moves_the_meeting_and_every_page_says_so(client, secretary, post_form, meeting, get):
    response = postpone(post_form, meeting)
    assert response.status_code == 303 and response.headers["Location"].endswith(meeting.page)
    assert get(Meeting, meeting.id).starts_at == meeting.starts_at + timedelta(days=7)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The meeting is postponed" in html and "Schedule changes" in html

    for url in (f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/items/{meeting.item}",
                f"/meetings/{meeting.id}/live"):
        page = client.get(url).get_data(as_text=True)
        assert "This meeting was postponed." in page and "The room is being repaired." in page, url
    public = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'id="schedule-changes"' in public and "Postponed from" in public
    assert "badge-postponed" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("data, field, message", [
    (lambda m: {"reason": ""}, "postpone-reason", "This field is required."),
    (lambda m: {"starts_at": ""}, "postpone-starts_at", "This field is required."),
    (lambda m: {"starts_at": "tomorrow"}, "postpone-starts_at", "Enter a date and time"),
    (lambda m: {"starts_at": local(m.starts_at - timedelta(days=1))}, "postpone-starts_at",
     "later start than the one set now"),
    (lambda m: {"part2_starts_at": local(m.starts_at + WEEK + timedelta(hours=3)),
                "part2_ends_at": local(m.starts_at + WEEK + timedelta(hours=2))}, "postpone-part2_ends_at",
     "The end must be after the start."),
])
def test_a_refused_postponement_says_why_beside_the_field_and_stores_nothing(client, secretary, post_form, meeting,
                                                                         count, get, data, field, message):
    response = postpone(post_form, meeting, **data(meeting))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert count(MeetingPostponement) == 0 and get(Meeting, meeting.id).starts_at == meeting.starts_at


def test_only_a_published_meeting_is_postponed(client, secretary, post_form, meeting, count):
    draft = SimpleNamespace(page=f"/manage/meetings/{meeting.draft}", starts_at=meeting.starts_at)
    response = postpone(post_form, draft)
    assert response.status_code == 400
    assert "Only a published meeting that has not started can be postponed." in response.get_data(as_text=True)
    assert count(MeetingPostponement) == 0


# --- cancelling ----------------------------------------------------------------------------------------


def test_cancelling_keeps_the_pages_and_they_say_so(client, secretary, post_form, meeting, get):
    response = cancel(post_form, meeting)
    assert response.status_code == 303
    assert get(Meeting, meeting.id).state is MeetingState.CANCELLED
    manage = client.get(meeting.page).get_data(as_text=True)
    assert "No further step: this meeting was cancelled." in manage and "/postpone" not in manage

    for url in (f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/items/{meeting.item}",
                f"/meetings/{meeting.id}/live"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "This meeting was cancelled." in page and "The chair is ill." in page
    item = client.get(f"/meetings/{meeting.id}/items/{meeting.item}").get_data(as_text=True)
    assert 'class="comment-form"' not in item and "does not take comments now" in item
    live = client.get(f"/meetings/{meeting.id}/live").get_data(as_text=True)
    assert "There will be no online open session." in live and 'id="live-comment-form"' not in live
    public = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'href="/meetings/{meeting.id}/live"' not in public  # no invitation to a session that will not be

    home = client.get("/").get_data(as_text=True)
    past = home[home.index('id="past-heading"'):]
    assert "Published meeting" in past and "badge-cancelled" in past and "The chair is ill." in past
    assert "Published meeting" not in home[home.index('id="upcoming-heading"'):home.index('id="past-heading"')]


def test_cancelling_needs_a_reason(client, secretary, post_form, meeting, count, get):
    response = cancel(post_form, meeting, reason="   ")
    assert response.status_code == 400 and 'id="cancel-reason-error"' in response.get_data(as_text=True)
    assert get(Meeting, meeting.id).state is MeetingState.PUBLISHED and count(MeetingCancellation) == 0


def test_the_one_button_state_form_does_not_cancel_without_a_reason(client, secretary, post_form, meeting, get):
    response = post_form(f"{meeting.page}/state", {"target": "cancelled"}, form_url=meeting.page)
    assert response.status_code == 400 and "Give the reason" in response.get_data(as_text=True)
    assert get(Meeting, meeting.id).state is MeetingState.PUBLISHED


def test_a_cancelled_meeting_is_not_cancelled_or_postponed_again(client, secretary, post_form, meeting, count):
    assert cancel(post_form, meeting).status_code == 303
    again = cancel(post_form, meeting, reason="Twice")
    assert again.status_code == 400 and "can be cancelled" in again.get_data(as_text=True)
    assert postpone(post_form, meeting).status_code == 400
    assert count(MeetingCancellation) == 1 and count(MeetingPostponement) == 0


# --- who may, CSRF, unknown meetings -------------------------------------------------------------------


@pytest.mark.parametrize("action", ["postpone", "cancel"])
def test_without_a_csrf_token_nothing_happens(client, secretary, meeting, get, count, action):
    response = client.post(f"{meeting.page}/{action}", data={
        "starts_at": local(meeting.starts_at + timedelta(days=7)), "reason": "No token"})
    assert response.status_code == 400
    assert get(Meeting, meeting.id).state is MeetingState.PUBLISHED and count(MeetingPostponement) == 0


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.MODERATOR, Role.MEMBER, Role.ADMIN])
def test_other_roles_are_forbidden(app, client, auth, post_form, meeting, get, count, role):
    with app.app_context():
        factories.user(role, email="other@example.org")
        db.session.commit()
    auth.login("other@example.org")
    form_url = f"/meetings/{meeting.id}"  # they cannot open the manage page: a token from a public page
    fields = {"starts_at": local(meeting.starts_at + timedelta(days=7)), "reason": "x"}
    assert post_form(f"{meeting.page}/postpone", fields, form_url=form_url).status_code == 403
    assert post_form(f"{meeting.page}/cancel", {"reason": "x"}, form_url=form_url).status_code == 403
    assert get(Meeting, meeting.id).state is MeetingState.PUBLISHED and count(MeetingPostponement) == 0


def test_anonymous_is_sent_to_login(post_form, meeting, get):
    for action in ("postpone", "cancel"):
        response = post_form(f"{meeting.page}/{action}", {"reason": "x"}, form_url="/login")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert get(Meeting, meeting.id).state is MeetingState.PUBLISHED


def test_unknown_meetings_are_404(client, secretary, post_form, meeting):
    for action in ("postpone", "cancel"):
        assert post_form(f"/manage/meetings/999/{action}", {"reason": "x"}, form_url=meeting.page).status_code == 404


# --- user text stays text ------------------------------------------------------------------------------


def test_the_reasons_are_shown_as_text(client, secretary, post_form, meeting):
    assert postpone(post_form, meeting, reason=HOSTILE).status_code == 303
    urls = [f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/items/{meeting.item}", f"/meetings/{meeting.id}/live",
            meeting.page]
    for url in urls:
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html, url
    assert cancel(post_form, meeting, reason=HOSTILE).status_code == 303
    for url in urls + ["/"]:
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html, url
