"""Voting without JavaScript: the vote form beside each approved comment of the item page, and the item's
voting page, one comment at a time (`/meetings/<id>/items/<item_id>/vote`). Posted as a browser would, the
CSRF token taken from the page; texts checked in English (the `lang` cookie)."""
from __future__ import annotations

import re

import pytest

from participation.comments import queries, services
from participation.comments.models import Comment, VoteChoice
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import MeetingState
from tests import factories
from tests.comments.conftest import counts
from tests.comments.test_views import approved_part, flashes, item_url, login
from tests.conftest import CSRF_FIELD

COUNTS = {"agree": 0, "disagree": 0, "pass": 0}


@pytest.fixture
def client(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    return client


def vote_page_url(w, item_id=None) -> str:
    return f"{item_url(w, item_id)}/vote"


def approve(app, w, body="승인된 의견", who="citizen") -> int:
    with app.app_context():
        comment = factories.approved_comment(w.item_, w.user(who), w.user("moderator"), body=body)
        db.session.commit()
        return comment.id


def token(client, url) -> str:
    match = CSRF_FIELD.search(client.get(url).get_data(as_text=True))
    return match.group(1) or match.group(2)


def post_vote(client, w, comment_id, choice, url=None, **extra):
    """Vote `choice` as the page at `url` (the item page by default) would send it."""
    data = {"csrf_token": token(client, url or item_url(w)), "choice": choice, **extra}
    return client.post(f"/comments/{comment_id}/vote", data={k: v for k, v in data.items() if v is not None})


def stored(app, comment_id) -> tuple[dict, int]:
    with app.app_context():
        return db.session.get(Comment, comment_id).vote_counts, counts()["votes"]


def card(html: str, comment_id: int) -> str:
    part = html[html.index(f'id="comment-{comment_id}"'):]
    return part[:part.index("</li>")]


def pressed(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-choice="(\w+)"\s+class="[^"]*vote-button[^"]*"\s+aria-pressed="(\w+)"', html)


def allow_guests(app, w) -> None:
    with app.app_context():
        w.meeting_.allow_guest_comments = True
        db.session.commit()


# --- the item page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("choice", ["agree", "disagree", "pass"])
def test_a_citizen_votes_from_the_item_page(app, client, world, choice):
    comment_id = approve(app, world)
    login(client, "citizen2")
    response = post_vote(client, world, comment_id, choice)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{item_url(world)}#comment-{comment_id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vote saved." in flashes(html)
    assert pressed(card(html, comment_id)) == [(c, "true" if c == choice else "false") for c in COUNTS]
    shown = {"agree": "1 agree" if choice == "agree" else "0 agree",
             "disagree": "1 disagree" if choice == "disagree" else "0 disagree",
             "pass": "1 pass" if choice == "pass" else "0 pass"}
    assert all(text in card(html, comment_id) for text in shown.values())
    assert stored(app, comment_id) == ({**COUNTS, choice: 1}, 1)


def test_changing_and_repeating_a_vote_through_the_form(app, client, world):
    comment_id = approve(app, world)
    login(client, "citizen2")
    for choice, expected in (("agree", {**COUNTS, "agree": 1}), ("disagree", {**COUNTS, "disagree": 1}),
                             ("disagree", {**COUNTS, "disagree": 1})):
        assert post_vote(client, world, comment_id, choice).status_code == 303
        assert stored(app, comment_id) == (expected, 1)


def test_the_form_is_offered_to_voters_only(app, client, world):
    mine = approve(app, world, "내 의견", who="citizen")
    other = approve(app, world, "남의 의견", who="citizen2")
    html = approved_part(client.get(item_url(world)).get_data(as_text=True))  # a visitor; no guests here
    assert "vote-button" not in html and "0 agree" in html and "/vote" not in html
    login(client, "citizen")
    html = client.get(item_url(world)).get_data(as_text=True)
    assert "vote-button" not in card(html, mine) and "vote-button" in card(html, other)
    assert f'href="{vote_page_url(world)}"' in html
    for who in ("moderator", "member", "secretary"):
        login(client, who)
        html = approved_part(client.get(item_url(world)).get_data(as_text=True))
        assert "vote-button" not in html and "0 disagree" in html


def test_a_vote_without_csrf_token_or_with_a_bad_choice_is_400(app, client, world):
    comment_id = approve(app, world)
    login(client, "citizen2")
    client.get(item_url(world))
    assert client.post(f"/comments/{comment_id}/vote", data={"choice": "agree"}).status_code == 400
    for choice in (None, "", "AGREE", "maybe", "support"):
        response = post_vote(client, world, comment_id, choice)
        assert response.status_code == 400
        assert "Choose one of: Agree, Disagree, Pass." in response.get_data(as_text=True)
    assert stored(app, comment_id) == (COUNTS, 0)


@pytest.mark.parametrize("who", ["moderator", "member", "secretary"])
def test_staff_are_refused_with_403_and_a_reason(app, client, world, who):
    comment_id = approve(app, world)
    login(client, who)
    response = post_vote(client, world, comment_id, "agree")
    assert response.status_code == 403
    assert "Only citizens vote" in response.get_data(as_text=True)
    assert stored(app, comment_id) == (COUNTS, 0)


def test_staff_are_refused_in_korean_too(app, world):
    comment_id = approve(app, world)
    client = app.test_client()  # no language cookie: Korean
    login(client, "moderator")
    response = post_vote(client, world, comment_id, "agree")
    assert response.status_code == 403 and "투표는 시민만 합니다" in response.get_data(as_text=True)


def test_own_comment_pending_comment_and_a_final_record(app, client, world):
    mine = approve(app, world, who="citizen2")
    with app.app_context():
        pending = factories.comment(world.item_, world.user("citizen")).id
        db.session.commit()
    other = approve(app, world)
    login(client, "citizen2")
    response = post_vote(client, world, mine, "agree")
    assert response.status_code == 409 and "You cannot vote on your own comment." in response.get_data(as_text=True)
    assert post_vote(client, world, pending, "agree").status_code == 404
    with app.app_context():
        world.meeting_.state = MeetingState.RECORD_FINAL
        db.session.commit()
    response = post_vote(client, world, other, "agree")
    assert response.status_code == 409 and "does not take votes now" in response.get_data(as_text=True)
    with app.app_context():
        assert counts()["votes"] == 0


def test_a_visitor_logs_in_first_where_the_meeting_takes_no_guests(app, client, world):
    comment_id = approve(app, world)
    response = post_vote(client, world, comment_id, "agree", url="/login")  # the item page has no form for them
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert stored(app, comment_id) == (COUNTS, 0)


def test_a_guest_votes_where_the_meeting_allows_guests(app, client, world):
    allow_guests(app, world)
    comment_id = approve(app, world)
    html = client.get(item_url(world)).get_data(as_text=True)
    assert "vote-button" in card(html, comment_id)
    assert post_vote(client, world, comment_id, "disagree").status_code == 303
    with client.session_transaction() as session:
        key = f"g:{session['guest_id']}"
    with app.app_context():
        assert queries.votes_of(key, [comment_id]) == {comment_id: VoteChoice.DISAGREE}
    assert pressed(card(client.get(item_url(world)).get_data(as_text=True), comment_id))[1] == ("disagree", "true")


def test_the_61st_vote_in_a_minute_answers_429(app, client, world):
    ids = [approve(app, world, f"의견 {n}") for n in range(61)]
    login(client, "citizen2")
    form_token = token(client, item_url(world))
    for comment_id in ids[:60]:
        response = client.post(f"/comments/{comment_id}/vote", data={"csrf_token": form_token, "choice": "pass"})
        assert response.status_code == 303
    response = client.post(f"/comments/{ids[60]}/vote", data={"csrf_token": form_token, "choice": "pass"})
    assert response.status_code == 429
    assert re.search(r"You are voting too fast\. Try again in \d+ seconds\.", response.get_data(as_text=True))
    assert stored(app, ids[60]) == (COUNTS, 60)


def test_back_names_where_the_vote_returns_and_nothing_else(app, client, world):
    comment_id = approve(app, world)
    login(client, "citizen2")
    response = post_vote(client, world, comment_id, "agree", back="focus")
    assert response.headers["Location"].endswith(f"{vote_page_url(world)}#statement")
    for back in ("https://evil.example/", "//evil.example", "live"):
        response = post_vote(client, world, comment_id, "pass", back=back)
        assert response.headers["Location"].endswith(f"{item_url(world)}#comment-{comment_id}")


# --- the voting page: one comment at a time -------------------------------------------------------------


def statement_of(html: str) -> int | None:
    match = re.search(r'<form method="post" action="/comments/(\d+)/vote"', html)
    return int(match.group(1)) if match else None


def test_the_voting_page_shows_one_unvoted_comment_at_a_time(app, client, world):
    mine = approve(app, world, "내 의견", who="citizen2")
    first, second = approve(app, world, "첫째 의견"), approve(app, world, "둘째 의견")
    login(client, "citizen2")
    html = client.get(vote_page_url(world)).get_data(as_text=True)
    assert statement_of(html) == first and html.count('class="inline-form vote-form"') == 1
    assert "첫째 의견" in html and "둘째 의견" not in html and "내 의견" not in html
    assert "You voted on 0 of 2 comments." in html
    assert [f'aria-keyshortcuts="{n}"' in html for n in (1, 2, 3)] == [True] * 3
    assert "js/vote.js" in html and 'aria-live="polite"' in html

    response = post_vote(client, world, first, "agree", url=vote_page_url(world), back="focus")
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vote saved." in flashes(html)
    assert statement_of(html) == second and "You voted on 1 of 2 comments." in html

    post_vote(client, world, second, "pass", url=vote_page_url(world), back="focus")
    html = client.get(vote_page_url(world)).get_data(as_text=True)
    assert statement_of(html) is None
    assert "You have voted on every comment of this item. Thank you." in html
    assert "You voted on 2 of 2 comments." in html
    assert stored(app, mine) == (COUNTS, 2)


def test_the_voting_page_of_an_item_without_comments_of_others(app, client, world):
    approve(app, world, "내 의견", who="citizen2")
    login(client, "citizen2")
    html = client.get(vote_page_url(world)).get_data(as_text=True)
    assert statement_of(html) is None and "There are no comments of others to vote on yet." in html


def test_the_voting_page_says_who_may_not_vote(app, client, world):
    approve(app, world)
    html = client.get(vote_page_url(world)).get_data(as_text=True)
    assert statement_of(html) is None and "Log in to vote on this meeting's comments." in html
    login(client, "moderator")
    html = client.get(vote_page_url(world)).get_data(as_text=True)
    assert statement_of(html) is None and "Only citizens vote" in html
    login(client, "citizen2")
    with app.app_context():
        world.meeting_.state = MeetingState.CANCELLED
        db.session.commit()
    html = client.get(vote_page_url(world)).get_data(as_text=True)
    assert statement_of(html) is None and "This meeting does not take votes now." in html


def test_a_guest_votes_on_the_voting_page_where_guests_are_allowed(app, client, world):
    allow_guests(app, world)
    first, second = approve(app, world, "첫째"), approve(app, world, "둘째")
    html = client.get(vote_page_url(world)).get_data(as_text=True)
    assert statement_of(html) == first
    post_vote(client, world, first, "disagree", url=vote_page_url(world), back="focus")
    assert statement_of(client.get(vote_page_url(world)).get_data(as_text=True)) == second


def test_the_voting_page_is_korean_by_default(app, world):
    approve(app, world)
    client = app.test_client()
    login(client, "citizen2")
    html = client.get(vote_page_url(world)).get_data(as_text=True)
    assert "의견에 투표하기" in html and all(label in html for label in ("공감", "비공감", "보류"))


def test_the_voting_page_of_a_draft_or_an_unknown_item_is_404(app, client, world):
    assert client.get(vote_page_url(world, 999_999)).status_code == 404
    assert client.get(f"/meetings/{world.meeting}/items/{world.other_item + 1000}/vote").status_code == 404
    with app.app_context():
        world.meeting_.state = MeetingState.DRAFT
        db.session.commit()
    login(client, "citizen2")
    assert client.get(vote_page_url(world)).status_code == 404


def test_a_citizen_who_is_also_staff_gets_no_form(app, client, world):
    approve(app, world)
    with app.app_context():
        factories.user(Role.CITIZEN, Role.MEMBER, email="both@example.org", name="Both Kim")
        db.session.commit()
    login(client, "both")
    assert statement_of(client.get(vote_page_url(world)).get_data(as_text=True)) is None
    assert "vote-button" not in approved_part(client.get(item_url(world)).get_data(as_text=True))


def test_the_form_and_the_service_agree(app, client, world):
    """A vote made elsewhere (the socket, `services.vote`) shows pressed on the page."""
    comment_id = approve(app, world)
    with app.app_context():
        services.vote(db.session.get(Comment, comment_id), Submitter(user=world.user("citizen3")), "pass")
        db.session.commit()
    login(client, "citizen3")
    assert pressed(card(client.get(item_url(world)).get_data(as_text=True), comment_id))[2] == ("pass", "true")
