"""What happens to an approved comment: agree votes ("I agree", 공감, through `services.agree`), reports and
the second look, official replies. The other choices and changing a vote: test_votes.py."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from participation.comments import queries, services
from participation.comments.models import (
    Comment, CommentStatus, ModerationAction, Reply, Report, Vote,
)
from participation.core.services import ServiceError
from participation.extensions import db
from participation.live.models import LiveEvent
from tests import factories
from tests.comments.conftest import approved, counts, events, fresh, stale_copy

pytestmark = pytest.mark.usefixtures("app_ctx")




def expect_refusal(code, call, field=None):
    before = counts()
    with pytest.raises(ServiceError) as error:
        call()
    db.session.commit()
    assert error.value.code == code, str(error.value)
    if field:
        assert error.value.field == field
    assert counts() == before
    return error.value


# --- agree -------------------------------------------------------------------------------------------


def test_agree_counts_once_per_user(world):
    comment = approved(world)
    assert services.agree(comment, world.user("citizen2")).counts["agree"] == 1
    db.session.commit()
    assert services.agree(fresh(comment.id), world.user("citizen3")).counts["agree"] == 2
    db.session.commit()
    assert fresh(comment.id).agree_count == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 2


def test_agreeing_twice_changes_nothing(world):
    comment = approved(world)
    services.agree(comment, world.user("citizen2"))
    db.session.commit()
    before, stored = counts(), [e.seq for e in events(world.meeting)]
    again = services.agree(fresh(comment.id), world.user("citizen2"))
    db.session.commit()
    assert (again.changed, again.counts["agree"]) == (False, 1)
    assert counts() == before and [e.seq for e in events(world.meeting)] == stored
    assert fresh(comment.id).agree_count == 1


def test_agreeing_twice_in_one_transaction_keeps_the_first(world):
    comment = approved(world)
    services.agree(comment, world.user("citizen2"))
    assert services.agree(comment, world.user("citizen2")).changed is False
    db.session.commit()
    assert fresh(comment.id).agree_count == 1


def test_nobody_agrees_with_their_own_comment(world):
    comment = approved(world)
    expect_refusal("conflict", lambda: services.agree(comment, world.user("citizen")))
    assert fresh(comment.id).agree_count == 0


@pytest.mark.parametrize("decide", ["pending", "rejected", "hidden"])
def test_only_approved_comments_take_agreements_and_reports(world, decide):
    comment = factories.comment(world.item_, world.user("citizen"))
    if decide == "rejected":
        services.reject(comment, world.user("moderator"), reason="spam")
    elif decide == "hidden":
        services.approve(comment, world.user("moderator"))
        for who in ("citizen2", "citizen3", "citizen4"):
            services.report(comment, world.user(who), "욕설")
    db.session.commit()
    comment = fresh(comment.id)
    expect_refusal("not_found", lambda: services.agree(comment, world.user("citizen2")))
    expect_refusal("not_found", lambda: services.report(comment, world.user("moderator2"), "부적절"))


# --- report ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [None, "", "   ", 5, "가" * 501, "a\x00"])
def test_a_report_needs_a_reason(world, reason):
    comment = approved(world)
    expect_refusal("invalid", lambda: services.report(comment, world.user("citizen2"), reason), field="reason")
    assert fresh(comment.id).report_count == 0


def test_a_user_reports_a_comment_once(world):
    comment = approved(world)
    assert services.report(comment, world.user("citizen2"), "  욕설이 있습니다  ") is False
    db.session.commit()
    expect_refusal("conflict", lambda: services.report(fresh(comment.id), world.user("citizen2"), "또 신고"))
    comment = fresh(comment.id)
    assert (comment.report_count, comment.status) == (1, CommentStatus.APPROVED)
    assert db.session.scalar(sa.select(Report.reason)) == "욕설이 있습니다"


def test_the_third_report_hides_the_comment(world):
    comment = approved(world)
    results = []
    for who in ("citizen2", "citizen3", "citizen4"):
        results.append(services.report(fresh(comment.id), world.user(who), "부적절합니다"))
        db.session.commit()
    assert results == [False, False, True]
    comment = fresh(comment.id)
    assert (comment.status, comment.report_count) == (CommentStatus.HIDDEN, 3)
    assert queries.approved_for_item(world.item) == []
    assert [c.id for c in queries.pending_queue(world.meeting)] == [comment.id]
    auto = queries.audit_log(world.meeting)[-1]
    assert (auto.action, auto.moderator_id, auto.comment_id) == (ModerationAction.AUTO_HIDE, None, comment.id)


def _hidden(w) -> Comment:
    comment = approved(w)
    for who in ("citizen2", "citizen3", "citizen4"):
        services.report(fresh(comment.id), w.user(who), "부적절합니다")
    db.session.commit()
    assert fresh(comment.id).status is CommentStatus.HIDDEN
    return fresh(comment.id)


def test_a_report_racing_the_third_one_does_not_hide_twice(world, app):
    """Two reporters load the comment while it is approved; the third report hides it first."""
    comment = approved(world)
    for who in ("citizen2", "citizen3"):
        services.report(fresh(comment.id), world.user(who), "부적절")
    late = factories.user(email="late@example.org")
    db.session.commit()
    stale = stale_copy(Comment, comment.id)  # loaded while approved
    with app.app_context():  # another request reports third and commits first
        assert services.report(db.session.get(Comment, comment.id), world.user("citizen4"), "부적절") is True
        db.session.commit()
    assert stale().status is CommentStatus.APPROVED
    expect_refusal("not_found", lambda: services.report(stale(), late, "부적절"))
    comment = fresh(comment.id)
    assert (comment.status, comment.report_count) == (CommentStatus.HIDDEN, 3)
    assert [d.action for d in queries.audit_log(world.meeting)].count(ModerationAction.AUTO_HIDE) == 1
    assert [e.type for e in events(world.meeting)].count("comment.hidden") == 1


def test_an_agreement_racing_a_hide_is_refused(world, app):
    comment = approved(world)
    for who in ("citizen2", "citizen3"):
        services.report(fresh(comment.id), world.user(who), "부적절")
    db.session.commit()
    stale = stale_copy(Comment, comment.id)
    with app.app_context():
        services.report(db.session.get(Comment, comment.id), world.user("citizen4"), "부적절")
        db.session.commit()
    assert stale().status is CommentStatus.APPROVED
    expect_refusal("not_found", lambda: services.agree(stale(), world.user("citizen2")))
    assert fresh(comment.id).agree_count == 0
    assert "comment.votes" not in [e.type for e in events(world.meeting)]


def test_a_moderator_approves_a_hidden_comment_again(world):
    comment = _hidden(world)
    services.approve(comment, world.user("moderator2"))
    db.session.commit()
    comment = fresh(comment.id)
    assert (comment.status, comment.decided_by_id) == (CommentStatus.APPROVED, world.moderator2)
    assert [c.id for c in queries.approved_for_item(world.item)] == [comment.id]
    assert [d.action for d in queries.audit_log(world.meeting)] == [
        ModerationAction.APPROVE, ModerationAction.AUTO_HIDE, ModerationAction.APPROVE]


def test_a_moderator_rejects_a_hidden_comment(world):
    comment = _hidden(world)
    services.reject(comment, world.user("moderator2"), reason="abusive")
    db.session.commit()
    comment = fresh(comment.id)
    assert (comment.status, comment.reject_reason.value) == (CommentStatus.REJECTED, "abusive")
    assert queries.pending_queue(world.meeting) == []
    # Decided now: another look is refused.
    expect_refusal("already_decided", lambda: services.approve(comment, world.user("moderator")))


def test_after_a_second_look_it_takes_three_new_reports_to_hide_again(world):
    """The moderator looked again and kept the comment: one more report must not overrule that."""
    comment = _hidden(world)
    services.approve(comment, world.user("moderator2"))
    db.session.commit()
    late = [factories.user(email=f"late{n}@example.org") for n in range(3)]
    db.session.commit()
    assert services.report(fresh(comment.id), late[0], "다시 신고") is False
    assert services.report(fresh(comment.id), late[1], "다시 신고") is False
    db.session.commit()
    assert fresh(comment.id).status is CommentStatus.APPROVED
    assert services.report(fresh(comment.id), late[2], "다시 신고") is True
    db.session.commit()
    assert fresh(comment.id).status is CommentStatus.HIDDEN
    # The first three reporters already had their say.
    expect_refusal("not_found", lambda: services.report(fresh(comment.id), world.user("citizen2"), "또"))


def test_a_second_look_is_itself_decided_once(world):
    comment = _hidden(world)
    services.approve(comment, world.user("moderator2"))
    db.session.commit()
    error = expect_refusal("already_decided", lambda: services.reject(fresh(comment.id), world.user("moderator"),
                                                                       reason="spam"))
    assert "Moderator Han" in str(error)


# --- replies -----------------------------------------------------------------------------------------


def test_a_member_replies_to_an_approved_comment(world):
    comment = approved(world)
    reply = services.post_reply(comment, world.user("member"), "  검토하겠습니다.\n감사합니다.  ")
    db.session.commit()
    db.session.expire_all()
    reply = db.session.get(Reply, reply.id)
    assert (reply.comment_id, reply.author_id, reply.body) == (comment.id, world.member, "검토하겠습니다.\n감사합니다.")
    assert [r.id for r in queries.replies_by_comment([comment.id])[comment.id]] == [reply.id]


@pytest.mark.parametrize("who", ["citizen", "citizen2", "moderator", "secretary", None])
def test_only_members_reply(world, who):
    comment = approved(world)
    actor = world.user(who) if who else None
    expect_refusal("forbidden" if who else "unauthorized", lambda: services.post_reply(comment, actor, "답변"))


@pytest.mark.parametrize("state", ["pending", "rejected"])
def test_replies_only_to_approved_comments(world, state):
    comment = factories.comment(world.item_, world.user("citizen"))
    if state == "rejected":
        services.reject(comment, world.user("moderator"), reason="spam")
    db.session.commit()
    expect_refusal("not_found", lambda: services.post_reply(fresh(comment.id), world.user("member"), "답변"))


@pytest.mark.parametrize("body", ["", "  \n ", None, 3, "가" * 2001, "a\x00b"])
def test_a_reply_body_is_1_to_2000_characters_of_text(world, body):
    comment = approved(world)
    expect_refusal("invalid", lambda: services.post_reply(comment, world.user("member"), body), field="body")


def test_a_reply_of_2000_characters_is_accepted(world):
    comment = approved(world)
    reply = services.post_reply(comment, world.user("member"), "답" * 2000)
    assert len(reply.body) == 2000


# --- public events -----------------------------------------------------------------------------------


def test_approval_stores_a_public_event_after_commit(world):
    comment = factories.comment(world.item_, world.user("citizen"), body="연락처 010-1234-5678 입니다")
    db.session.commit()
    assert events(world.meeting) == []
    services.approve(comment, world.user("moderator"))
    db.session.commit()
    [event] = events(world.meeting)
    assert (event.seq, event.type) == (1, "comment.approved")
    data = event.data["comment"]
    assert (data["id"], data["item_id"], data["stance"], data["phase"], data["author"], data["guest"]) == (
        comment.id, world.item, "support", "before", "Citizen Lee", False)
    assert data["body"] == "연락처 ●●●●●●●●●●●●● 입니다"
    assert "010-1234-5678" not in str(event.data)


def test_event_ids_are_gap_free_per_meeting(world):
    other = factories.meeting(published=True, title="다른 회의")
    from participation.meetings.services import agenda_of
    other_item = agenda_of(other)[0]
    db.session.commit()
    for n in range(3):
        factories.approved_comment(world.item_, world.user("citizen"), world.user("moderator"), body=f"의견 {n}")
        db.session.commit()
    rejected = factories.comment(world.item_, world.user("citizen2"))
    services.reject(rejected, world.user("moderator"), reason="spam")
    db.session.commit()
    factories.approved_comment(other_item, world.user("citizen"), world.user("moderator"))
    db.session.commit()
    factories.approved_comment(world.item_, world.user("citizen"), world.user("moderator"), body="마지막")
    db.session.commit()
    assert [e.seq for e in events(world.meeting)] == [1, 2, 3, 4]
    assert [e.seq for e in events(other.id)] == [1]


def test_rejecting_a_pending_comment_publishes_nothing(world):
    comment = factories.comment(world.item_, world.user("citizen"))
    db.session.commit()
    services.reject(comment, world.user("moderator"), reason="abusive")
    db.session.commit()
    assert events(world.meeting) == []


def test_agree_and_reply_and_hide_are_public_events(world):
    comment = approved(world)
    services.agree(comment, world.user("citizen2"))
    db.session.commit()
    services.agree(fresh(comment.id), world.user("citizen3"))
    db.session.commit()
    reply = services.post_reply(fresh(comment.id), world.user("member"), "검토하겠습니다.")
    db.session.commit()
    for who in ("citizen2", "citizen3", "citizen4"):
        services.report(fresh(comment.id), world.user(who), "부적절")
        db.session.commit()
    stored = events(world.meeting)
    assert [(e.seq, e.type) for e in stored] == [
        (1, "comment.approved"), (2, "comment.votes"), (3, "comment.votes"), (4, "reply.posted"),
        (5, "comment.hidden"),
    ]
    assert stored[1].data == {"comment_id": comment.id, "agree": 1, "disagree": 0, "pass": 0}
    assert stored[2].data == {"comment_id": comment.id, "agree": 2, "disagree": 0, "pass": 0}
    assert stored[3].data["reply"]["id"] == reply.id and stored[3].data["reply"]["body"] == "검토하겠습니다."
    assert stored[3].data["reply"]["author"] == "Member Yoon"
    assert stored[4].data == {"comment_id": comment.id, "item_id": world.item}


def test_refused_reactions_publish_nothing(world):
    comment = approved(world)
    services.agree(comment, world.user("citizen2"))
    db.session.commit()
    before = [e.seq for e in events(world.meeting)]
    services.agree(fresh(comment.id), world.user("citizen2"))  # the same vote again: nothing to tell
    with pytest.raises(ServiceError):
        services.agree(fresh(comment.id), world.user("citizen"))
    db.session.commit()
    assert [e.seq for e in events(world.meeting)] == before


def test_nothing_is_stored_when_the_transaction_rolls_back(world):
    comment = factories.comment(world.item_, world.user("citizen"))
    db.session.commit()
    services.approve(comment, world.user("moderator"))
    db.session.rollback()
    assert events(world.meeting) == []
    assert fresh(comment.id).status is CommentStatus.PENDING
    assert queries.audit_log(world.meeting) == []
    # The next event still starts the sequence at 1.
    services.approve(fresh(comment.id), world.user("moderator"))
    db.session.commit()
    assert [e.seq for e in events(world.meeting)] == [1]


def test_a_rolled_back_agreement_leaves_no_event(world):
    comment = approved(world)
    services.agree(comment, world.user("citizen2"))
    db.session.rollback()
    assert [e.type for e in events(world.meeting)] == ["comment.approved"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LiveEvent)) == 1


@pytest.mark.parametrize("react", ["agree", "report"])
def test_a_rolled_back_agreement_or_report_stores_nothing(world, react):
    comment = approved(world)
    if react == "agree":
        services.agree(comment, world.user("citizen2"))
    else:
        services.report(comment, world.user("citizen2"), "부적절")
    db.session.rollback()
    comment = fresh(comment.id)
    assert (comment.agree_count, comment.report_count) == (0, 0)
    assert counts()["votes"] == counts()["reports"] == 0
