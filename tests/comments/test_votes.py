"""Votes on approved comments (agree, disagree, pass): who votes, changing a vote, the counts and the
feedback tallies that follow them, the rate limit, the phase, and the read side (`votes_of`, `vote_rows`,
the voting page's queries). The agree of `services.agree`: test_reactions.py."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from participation.comments import queries, services
from participation.comments.consents import CONSENT_VERSION
from participation.comments.models import Comment, Phase, Vote, VoteChoice
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import services as meetings
from participation.meetings.models import MeetingState
from tests import factories
from tests.comments.conftest import approved, counts, events, fresh, stale_copy

pytestmark = pytest.mark.usefixtures("app_ctx")




def as_user(w, who: str) -> Submitter:
    return Submitter(user=w.user(who))


def vote(w, comment_id: int, who, choice):
    """`who` (a name of the world, or a Submitter) votes `choice` on a freshly loaded comment; committed."""
    voter = who if isinstance(who, Submitter) else as_user(w, who)
    result = services.vote(fresh(comment_id), voter, choice)
    db.session.commit()
    return result


def refused(code, call, field=None) -> str:
    """`call` is refused with `code`, and nothing is stored (no vote, no event: `counts`); its message in
    English."""
    before = counts()
    with pytest.raises(services.ServiceError) as error:
        call()
    db.session.commit()
    assert error.value.code == code, str(error.value)
    if field:
        assert error.value.field == field
    assert counts() == before
    with force_locale("en"):
        return str(error.value.message)


def votes_stored() -> list[tuple]:
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(
        sa.select(Vote.comment_id, Vote.voter_key, Vote.user_id, Vote.choice, Vote.phase).order_by(Vote.voter_key))]


def tallied_agrees() -> int:
    """The agrees the feedback counters (database triggers) hold for approved comments."""
    return db.session.scalar(sa.text("SELECT coalesce(sum(agrees), 0) FROM feedback_tallies WHERE status = 'approved'"))


COUNTS = {"agree": 0, "disagree": 0, "pass": 0}


# --- each choice, changing it, the same choice again ---------------------------------------------------


@pytest.mark.parametrize("choice", ["agree", "disagree", "pass"])
def test_each_choice_is_stored_and_counted(world, choice):
    comment = approved(world)
    result = vote(world, comment.id, "citizen2", choice)
    assert result.as_dict() == {"comment_id": comment.id, **COUNTS, choice: 1, "choice": choice}
    assert result.changed is True
    assert votes_stored() == [(comment.id, f"u:{world.citizen2}", world.citizen2, VoteChoice(choice), Phase.BEFORE)]
    assert fresh(comment.id).vote_counts == {**COUNTS, choice: 1}
    [*_, last] = events(world.meeting)
    assert (last.type, last.data) == ("comment.votes", {"comment_id": comment.id, **COUNTS, choice: 1})
    assert tallied_agrees() == (1 if choice == "agree" else 0)


def test_changing_a_vote_moves_one_count(world):
    comment = approved(world)
    vote(world, comment.id, "citizen3", "agree")
    first = vote(world, comment.id, "citizen2", "agree")
    created = db.session.scalar(sa.select(Vote.created_at).where(Vote.voter_key == f"u:{world.citizen2}"))
    assert first.counts == {**COUNTS, "agree": 2} and tallied_agrees() == 2
    meetings.move_meeting(world.meeting_, MeetingState.LIVE)
    db.session.commit()
    moved = vote(world, comment.id, "citizen2", "disagree")
    assert (moved.counts, moved.choice, moved.changed) == ({"agree": 1, "disagree": 1, "pass": 0}, VoteChoice.DISAGREE,
                                                           True)
    assert tallied_agrees() == 1  # the feedback counters follow agree → disagree (the UPDATE trigger)
    assert vote(world, comment.id, "citizen2", "pass").counts == {"agree": 1, "disagree": 0, "pass": 1}
    assert vote(world, comment.id, "citizen2", "agree").counts == {"agree": 2, "disagree": 0, "pass": 0}
    assert tallied_agrees() == 2
    row = db.session.scalar(sa.select(Vote).where(Vote.voter_key == f"u:{world.citizen2}"))
    # One row per voter and comment; the phase is the meeting's when it last changed.
    assert (row.choice, row.phase, row.created_at) == (VoteChoice.AGREE, Phase.LIVE, created)
    assert row.updated_at > row.created_at
    assert counts()["votes"] == 2
    assert [e.data for e in events(world.meeting) if e.type == "comment.votes"][-3:] == [
        {"comment_id": comment.id, "agree": 1, "disagree": 1, "pass": 0},
        {"comment_id": comment.id, "agree": 1, "disagree": 0, "pass": 1},
        {"comment_id": comment.id, "agree": 2, "disagree": 0, "pass": 0}]


@pytest.mark.parametrize("choice", ["agree", "disagree", "pass"])
def test_the_same_choice_again_changes_nothing_and_answers_the_counts(world, choice):
    comment = approved(world)
    vote(world, comment.id, "citizen2", choice)
    vote(world, comment.id, "citizen3", "disagree")
    before, stored = counts(), [e.seq for e in events(world.meeting)]
    again = vote(world, comment.id, "citizen2", choice)
    assert again.changed is False and again.choice is VoteChoice(choice)
    assert again.counts == fresh(comment.id).vote_counts
    assert counts() == before and [e.seq for e in events(world.meeting)] == stored


def test_agree_is_a_vote_and_moves_a_vote_held(world):
    comment = approved(world)
    vote(world, comment.id, "citizen2", "disagree")
    result = services.agree(fresh(comment.id), world.user("citizen2"))
    db.session.commit()
    assert result.counts == {**COUNTS, "agree": 1} and result.choice is VoteChoice.AGREE


# --- refusals ------------------------------------------------------------------------------------------


def _hidden(world) -> Comment:
    comment = approved(world)
    for who in ("citizen2", "citizen3", "citizen4"):
        services.report(fresh(comment.id), world.user(who), "욕설")
        db.session.commit()
    return comment


@pytest.mark.parametrize("state", ["pending", "rejected", "hidden", "hidden by a moderator"])
def test_only_approved_comments_take_votes(world, state):
    if state == "pending":
        comment = factories.comment(world.item_, world.user("citizen"))
    elif state == "rejected":
        comment = services.reject(factories.comment(world.item_, world.user("citizen")), world.user("moderator"),
                                  reason="spam")
    elif state == "hidden":
        comment = _hidden(world)
    else:
        comment = approved(world)
        services.report(comment, world.user("citizen3"), "광고")
        services.hide(comment, world.user("moderator"), reason="spam")
    db.session.commit()
    for choice in VoteChoice:
        refused("not_found", lambda: services.vote(fresh(comment.id), as_user(world, "citizen2"), choice),
                field="comment_id")
    assert fresh(comment.id).vote_counts == COUNTS


def test_a_vote_held_is_not_changed_once_the_comment_is_hidden(world):
    comment = approved(world)
    vote(world, comment.id, "citizen2", "agree")
    for who in ("citizen2", "citizen3", "citizen4"):
        services.report(fresh(comment.id), world.user(who), "욕설")
        db.session.commit()
    for choice in ("disagree", "agree"):  # neither a change nor the same vote again
        refused("not_found", lambda: services.vote(fresh(comment.id), as_user(world, "citizen2"), choice))
    assert votes_stored()[0][3] is VoteChoice.AGREE


@pytest.mark.parametrize("held", [None, "agree"])
def test_a_vote_racing_a_hide_is_refused_and_stores_nothing(world, app, held):
    comment = approved(world)
    if held:
        vote(world, comment.id, "citizen4", held)
    for who in ("citizen2", "citizen3"):
        services.report(fresh(comment.id), world.user(who), "부적절")
    db.session.commit()
    stale = stale_copy(Comment, comment.id)
    with app.app_context():
        services.report(db.session.get(Comment, comment.id), world.user("moderator"), "부적절")
        db.session.commit()
    rows = votes_stored()
    refused("not_found", lambda: services.vote(stale(), as_user(world, "citizen4"), "disagree"))
    assert votes_stored() == rows
    assert fresh(comment.id).vote_counts == ({**COUNTS, "agree": 1} if held else COUNTS)


def test_nobody_votes_on_their_own_comment(world):
    comment = approved(world)
    message = refused("conflict", lambda: services.vote(comment, as_user(world, "citizen"), "disagree"))
    assert message == "You cannot vote on your own comment."


def test_a_guest_does_not_vote_on_its_own_comment(world):
    world.meeting_.allow_guest_comments = True
    guest = Submitter(guest_id="guest-1", nickname="손님")
    comment, _ = services.submit(world.item_, guest, body="손님 의견", stance="support", client_key="g1",
                                 consent=CONSENT_VERSION)
    services.approve(comment, world.user("moderator"))
    db.session.commit()
    refused("conflict", lambda: services.vote(fresh(comment.id), Submitter(guest_id="guest-1"), "agree"))
    assert vote(world, comment.id, Submitter(guest_id="guest-2"), "agree").counts["agree"] == 1


def test_guests_vote_only_where_the_meeting_allows_guests(world):
    comment = approved(world)
    guest = Submitter(guest_id="0123abcd")
    refused("unauthorized", lambda: services.vote(fresh(comment.id), guest, "agree"))
    world.meeting_.allow_guest_comments = True
    db.session.commit()
    assert vote(world, comment.id, guest, "pass").counts == {**COUNTS, "pass": 1}
    assert votes_stored() == [(comment.id, "g:0123abcd", None, VoteChoice.PASS, Phase.BEFORE)]
    assert queries.votes_of("g:0123abcd", [comment.id]) == {comment.id: VoteChoice.PASS}


def test_a_guest_without_a_guest_id_does_not_vote(world):
    world.meeting_.allow_guest_comments = True
    db.session.commit()
    comment = approved(world)
    refused("unauthorized", lambda: services.vote(fresh(comment.id), Submitter(), "agree"))


@pytest.mark.parametrize("roles", [(Role.MODERATOR,), (Role.SECRETARY,), (Role.MEMBER,), (Role.ADMIN,),
                                   (Role.CITIZEN, Role.MODERATOR), (Role.CITIZEN, Role.MEMBER)])
def test_staff_do_not_vote(world, roles):
    comment = approved(world)
    user = factories.user(*roles)
    db.session.commit()
    message = refused("forbidden", lambda: services.vote(fresh(comment.id), Submitter(user=user), "agree"))
    assert "citizens" in message
    with force_locale("ko"):
        with pytest.raises(services.ServiceError) as error:
            services.vote(fresh(comment.id), Submitter(user=user), "agree")
        assert "시민" in str(error.value.message)


@pytest.mark.parametrize("choice", [None, "", "AGREE", "maybe", "support", 1, True, ["agree"], {"agree": 1}])
def test_an_unknown_choice_is_refused(world, choice):
    comment = approved(world)
    refused("invalid", lambda: services.vote(comment, as_user(world, "citizen2"), choice), field="choice")


@pytest.mark.parametrize("state", [MeetingState.RECORD_FINAL, MeetingState.CANCELLED])
def test_a_meeting_that_takes_no_comments_takes_no_votes(world, state):
    comment = approved(world)
    world.meeting_.state = state
    db.session.commit()
    refused("closed", lambda: services.vote(fresh(comment.id), as_user(world, "citizen2"), "agree"))


def test_votes_are_stored_with_the_phase_of_the_meeting(world):
    first = approved(world)
    vote(world, first.id, "citizen2", "agree")
    meetings.move_meeting(world.meeting_, MeetingState.LIVE)
    db.session.commit()
    vote(world, first.id, "citizen3", "disagree")
    meetings.move_meeting(world.meeting_, MeetingState.CLOSED)
    db.session.commit()
    vote(world, first.id, "citizen4", "pass")
    assert [row[4] for row in votes_stored()] == [Phase.BEFORE, Phase.LIVE, Phase.AFTER]


def test_a_rolled_back_vote_leaves_nothing(world):
    comment = approved(world)
    services.vote(comment, as_user(world, "citizen2"), "disagree")
    db.session.rollback()
    assert fresh(comment.id).vote_counts == COUNTS and counts()["votes"] == 0
    assert [e.type for e in events(world.meeting)] == ["comment.approved"]


# --- the rate limit -------------------------------------------------------------------------------------


def test_the_61st_vote_in_a_minute_is_refused(world, app):
    assert app.config["VOTE_RATE_LIMIT"] == "60 per minute;600 per hour"
    comments = [approved(world, who="citizen3", body=f"의견 {n}") for n in range(31)]
    choices = ["agree", "disagree"]
    for n in range(60):  # 30 first votes, then 30 changes: each counts
        vote(world, comments[n % 30].id, "citizen2", choices[n // 30])
    # Voting again what one holds is not a vote: never counted, never refused.
    assert vote(world, comments[0].id, "citizen2", "disagree").changed is False
    message = refused("rate_limited", lambda: services.vote(fresh(comments[30].id), as_user(world, "citizen2"), "pass"))
    assert "too fast" in message
    with force_locale("ko"):
        with pytest.raises(services.ServiceError) as error:
            services.vote(fresh(comments[30].id), as_user(world, "citizen2"), "pass")
        assert "초" in str(error.value.message) and "too fast" not in str(error.value.message)
    db.session.rollback()
    assert fresh(comments[30].id).vote_counts == COUNTS
    # The limit is the voter's: another citizen votes on.
    assert vote(world, comments[30].id, "citizen4", "pass").changed is True


def test_refused_votes_do_not_count_against_the_limit(world, app):
    app.config["VOTE_RATE_LIMIT"] = "2 per minute"
    comment = approved(world)
    for _ in range(5):
        with pytest.raises(services.ServiceError):
            services.vote(fresh(comment.id), as_user(world, "citizen2"), "maybe")
    vote(world, comment.id, "citizen2", "agree")
    vote(world, comment.id, "citizen2", "pass")
    refused("rate_limited", lambda: services.vote(fresh(comment.id), as_user(world, "citizen2"), "agree"))


# --- the read side --------------------------------------------------------------------------------------


def test_votes_of_a_voter(world):
    one, two, three = (approved(world, body=f"의견 {n}") for n in range(3))
    vote(world, one.id, "citizen2", "agree")
    vote(world, three.id, "citizen2", "pass")
    vote(world, two.id, "citizen3", "disagree")
    key = f"u:{world.citizen2}"
    assert queries.votes_of(key, [one.id, two.id, three.id]) == {one.id: VoteChoice.AGREE, three.id: VoteChoice.PASS}
    assert queries.votes_of(key, [two.id]) == {} and queries.votes_of(None, [one.id]) == {}
    assert queries.votes_of(key, []) == {}


def test_vote_rows_are_the_votes_on_the_items_approved_comments(world):
    one, two = approved(world, body="하나"), approved(world, body="둘")
    elsewhere = approved(world, body="다른 안건", item=world.get(services.AgendaItem, world.other_item))
    for comment_id, who, choice in ((one.id, "citizen2", "agree"), (one.id, "citizen3", "disagree"),
                                    (two.id, "citizen2", "pass"), (elsewhere.id, "citizen2", "agree")):
        vote(world, comment_id, who, choice)
    rows = list(queries.vote_rows(world.item))
    assert rows == sorted([(f"u:{world.citizen2}", one.id, VoteChoice.AGREE), (f"u:{world.citizen3}", one.id,
                           VoteChoice.DISAGREE), (f"u:{world.citizen2}", two.id, VoteChoice.PASS)],
                          key=lambda row: (row[1], row[0]))
    for who in ("citizen2", "citizen3", "citizen4"):  # hidden: its votes leave the map
        services.report(fresh(two.id), world.user(who), "욕설")
        db.session.commit()
    assert [row[1] for row in queries.vote_rows(world.item)] == [one.id, one.id]


def test_the_voting_page_queries_skip_own_and_voted_comments(world):
    mine = approved(world, who="citizen2", body="내 의견")
    first, second = approved(world, body="첫째"), approved(world, body="둘째")
    key = f"u:{world.citizen2}"
    assert queries.next_unvoted(world.item, key).id == first.id
    assert queries.voting_progress(world.item, key) == (0, 2)
    vote(world, first.id, "citizen2", "pass")
    assert queries.next_unvoted(world.item, key).id == second.id
    assert queries.voting_progress(world.item, key) == (1, 2)
    vote(world, second.id, "citizen2", "agree")
    assert queries.next_unvoted(world.item, key) is None
    assert queries.voting_progress(world.item, key) == (2, 2)
    assert queries.next_unvoted(world.item, f"u:{world.citizen3}").id == mine.id


# --- two windows of one voter ---------------------------------------------------------------------------


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="PostgreSQL only: SQLite runs one writer at a time (a write unit holds the lock)")
@pytest.mark.parametrize("held", [None, "agree"])
def test_a_vote_changed_meanwhile_in_another_window_is_a_conflict(world, app, monkeypatch, held):
    """Between reading the voter's choice and storing the new one, another window of the same voter votes:
    the compare-and-set (the row's old choice, or its primary key for a first vote) refuses the late one."""
    comment = approved(world)
    if held:
        vote(world, comment.id, "citizen2", held)
    checked = services.check_vote_rate

    def other_window(voter):
        monkeypatch.setattr(services, "check_vote_rate", checked)  # once: the other window's vote is plain
        with app.app_context():  # a session, and a connection, of its own
            services.vote(db.session.get(Comment, comment.id), as_user(world, "citizen2"), "pass")
            db.session.commit()

    monkeypatch.setattr(services, "check_vote_rate", other_window)
    with pytest.raises(services.ServiceError) as error:
        services.vote(fresh(comment.id), as_user(world, "citizen2"), "disagree")
    db.session.rollback()
    assert error.value.code == "conflict"
    assert fresh(comment.id).vote_counts == {**COUNTS, "pass": 1}
    assert votes_stored() == [(comment.id, f"u:{world.citizen2}", world.citizen2, VoteChoice.PASS, Phase.BEFORE)]
