"""Reports reach moderators before the third one hides a comment: the reported list with its reasons, and
the two decisions on it, hide (with a published reason, as a rejection) and dismiss the reports."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from participation.comments import queries, services
from participation.comments.models import (
    Comment, CommentStatus, ModerationAction, ModerationDecision, RejectReason, Report,
)
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings.models import Meeting, MeetingState
from participation.meetings.services import agenda_of
from tests import factories
from tests.comments.conftest import approved, counts, events, fresh, stale_copy

pytestmark = pytest.mark.usefixtures("app_ctx")




def reported(w, *reports: tuple[str, str]) -> Comment:
    """An approved comment reported by each (user, reason), one commit each."""
    comment = approved(w)
    for who, reason in reports:
        services.report(fresh(comment.id), w.user(who), reason)
        db.session.commit()
    return fresh(comment.id)


def state(comment_id: int) -> tuple:
    c = fresh(comment_id)
    return (c.status, c.reject_reason, c.moderator_note, c.decided_by_id, c.decided_at, c.report_count)


def reasons(comment: Comment) -> list[str]:
    return [r.reason for r in queries.current_reports([comment]).get(comment.id, [])]


# --- what moderators see -----------------------------------------------------------------------------


def test_a_reported_comment_is_listed_with_its_count_and_reasons(world):
    quiet = approved(world, body="신고 없는 의견")
    comment = reported(world, ("citizen2", "욕설이 있습니다"), ("citizen3", "광고 같아요"))
    factories.comment(world.item_, world.user("citizen4"))  # pending: the queue's, not this list's
    db.session.commit()
    listed = queries.reported_queue(world.meeting)
    assert [c.id for c in listed] == [comment.id]
    assert quiet.id not in [c.id for c in listed]
    assert listed[0].report_count == 2
    assert reasons(listed[0]) == ["욕설이 있습니다", "광고 같아요"]


def test_reported_comments_are_listed_oldest_first_and_per_meeting(world):
    first = reported(world, ("citizen2", "첫째"))
    second = reported(world, ("citizen3", "둘째"))
    other = factories.meeting(published=True, title="다른 회의")
    foreign = approved(world, item=agenda_of(other)[0])
    services.report(foreign, world.user("citizen2"), "다른 회의의 신고")
    db.session.commit()
    assert [c.id for c in queries.reported_queue(world.meeting)] == [first.id, second.id]
    assert [c.id for c in queries.reported_queue(other.id)] == [foreign.id]


def test_the_third_report_moves_it_from_the_reported_list_to_the_queue(world):
    comment = reported(world, ("citizen2", "a"), ("citizen3", "b"), ("citizen4", "c"))
    assert comment.status is CommentStatus.HIDDEN
    assert queries.reported_queue(world.meeting) == []
    assert [c.id for c in queries.pending_queue(world.meeting)] == [comment.id]
    assert reasons(comment) == ["a", "b", "c"]  # the second look shows why it was hidden


def test_current_reports_are_read_in_one_query(world, app):
    comments = [reported(world, ("citizen2", f"이유 {n}"), ("citizen3", "같음")) for n in range(4)]
    assert [c.report_count for c in comments] == [2] * 4  # loaded: only the reports are left to read
    statements = []

    def count(_conn, _cursor, statement, *_rest):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = queries.current_reports(comments)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert [[r.reason for r in found[c.id]] for c in comments] == [[f"이유 {n}", "같음"] for n in range(4)]
    assert len(statements) == 1


def test_reported_by_tells_which_comments_a_user_reported(world, app):
    comment, other = reported(world, ("citizen2", "이유")), approved(world, body="다른 의견")
    ids = [comment.id, other.id]
    assert queries.reported_by(world.user("citizen2"), ids) == {comment.id}
    assert queries.reported_by(world.user("citizen3"), ids) == set()
    assert queries.reported_by(app.login_manager.anonymous_user(), ids) == set()


# --- hide --------------------------------------------------------------------------------------------


def test_hide_takes_it_off_the_public_pages_as_a_rejection(world):
    comment = reported(world, ("citizen2", "욕설"))
    services.hide(comment, world.user("moderator2"), reason="abusive", note="  욕설 포함  ")
    db.session.commit()
    comment = fresh(comment.id)
    assert (comment.status, comment.reject_reason, comment.moderator_note, comment.decided_by_id) == (
        CommentStatus.REJECTED, RejectReason.ABUSIVE, "욕설 포함", world.moderator2)
    assert comment not in queries.approved_for_meeting(world.meeting)
    assert queries.reported_queue(world.meeting) == [] and queries.pending_queue(world.meeting) == []
    last = queries.audit_log(world.meeting)[-1]
    assert (last.action, last.reason, last.note, last.moderator_id) == (
        ModerationAction.HIDE, RejectReason.ABUSIVE, "욕설 포함", world.moderator2)
    figures = queries.moderation_figures(world.meeting)
    assert (figures.approved, figures.rejected, figures.rejected_by_reason) == (0, 1, {RejectReason.ABUSIVE: 1})


def test_hide_sends_comment_hidden_and_withdraws_the_stored_text(world):
    comment = reported(world, ("citizen2", "욕설"))
    services.hide(comment, world.user("moderator"), reason="spam")
    db.session.commit()
    stored = events(world.meeting)
    assert [e.type for e in stored] == ["comment.approved", "comment.hidden"]
    assert stored[0].data["withdrawn"] is True and stored[0].data["comment"]["body"] == ""
    assert stored[1].data == {"comment_id": comment.id, "item_id": world.item}


@pytest.mark.parametrize("note", [None, "", "  "])
def test_hide_for_other_needs_a_note(world, note):
    comment = reported(world, ("citizen2", "이상함"))
    before, was = counts(), state(comment.id)
    with pytest.raises(ServiceError) as error:
        services.hide(comment, world.user("moderator"), reason="other", note=note)
    db.session.commit()
    assert error.value.field == "note"
    assert counts() == before and state(comment.id) == was


@pytest.mark.parametrize("reason", [None, "", "rude", 3, ["spam"]])
def test_hide_needs_a_published_reason(world, reason):
    comment = reported(world, ("citizen2", "이상함"))
    before, was = counts(), state(comment.id)
    with pytest.raises(ServiceError) as error:
        services.hide(comment, world.user("moderator"), reason=reason)
    db.session.commit()
    assert (error.value.code, error.value.field) == ("invalid", "reason")
    assert counts() == before and state(comment.id) == was


# --- dismiss -----------------------------------------------------------------------------------------


def test_dismissing_keeps_it_published_and_logs_it(world):
    comment = reported(world, ("citizen2", "그냥 싫어요"), ("citizen3", "반대 의견이라서"))
    approved_at = comment.decided_at
    services.dismiss_reports(comment, world.user("moderator2"), note="정당한 의견")
    db.session.commit()
    comment = fresh(comment.id)
    assert (comment.status, comment.report_count, comment.decided_by_id, comment.decided_at) == (
        CommentStatus.APPROVED, 0, world.moderator, approved_at)  # the approval stands, the feed order too
    assert comment in queries.approved_for_meeting(world.meeting)
    assert queries.reported_queue(world.meeting) == []
    last = queries.audit_log(world.meeting)[-1]
    assert (last.action, last.reason, last.note, last.moderator_id) == (
        ModerationAction.DISMISS_REPORTS, None, "정당한 의견", world.moderator2)
    assert events(world.meeting)[-1].type == "comment.approved"  # nothing public happened


def test_dismissed_reports_do_not_count_again(world):
    comment = reported(world, ("citizen2", "a"), ("citizen3", "b"))
    services.dismiss_reports(comment, world.user("moderator"))
    db.session.commit()
    # The same reporters cannot report it again ...
    with pytest.raises(ServiceError) as error:
        services.report(fresh(comment.id), world.user("citizen2"), "다시")
    db.session.rollback()
    assert error.value.code == "conflict"
    # ... a new report lists it again, alone, and it takes three new reports to hide it.
    services.report(fresh(comment.id), world.user("citizen4"), "새 신고")
    db.session.commit()
    listed = queries.reported_queue(world.meeting)
    assert [(c.id, c.report_count) for c in listed] == [(comment.id, 1)]
    assert reasons(listed[0]) == ["새 신고"]
    assert fresh(comment.id).status is CommentStatus.APPROVED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 3  # kept for the record


@pytest.mark.parametrize("note", ["가" * 501, 5, "a\x00b"])
def test_a_bad_dismissal_note_is_refused(world, note):
    comment = reported(world, ("citizen2", "a"))
    before, was = counts(), state(comment.id)
    with pytest.raises(ServiceError) as error:
        services.dismiss_reports(comment, world.user("moderator"), note=note)
    db.session.rollback()
    assert error.value.field == "note"
    assert counts() == before and state(comment.id) == was


# --- who may, and the first decision wins ------------------------------------------------------------


DECISIONS = {
    "hide": lambda c, m: services.hide(c, m, reason="off_topic"),
    "dismiss": lambda c, m: services.dismiss_reports(c, m),
}


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("who", ["citizen2", "member", "secretary", None])
def test_only_moderators_decide_reports(world, app, decision, who):
    comment = reported(world, ("citizen2", "a"))
    before, was = counts(), state(comment.id)
    actor = world.user(who) if who else app.login_manager.anonymous_user()
    with pytest.raises(ServiceError) as error:
        DECISIONS[decision](comment, actor)
    db.session.commit()
    assert error.value.code == ("forbidden" if who else "unauthorized")
    assert counts() == before and state(comment.id) == was


@pytest.mark.parametrize("first, second", [(a, b) for a in DECISIONS for b in DECISIONS])
def test_a_second_decision_on_the_reports_names_the_first_moderator(world, first, second):
    comment = reported(world, ("citizen2", "a"))
    stale = stale_copy(Comment, comment.id)
    DECISIONS[first](fresh(comment.id), world.user("moderator"))
    db.session.commit()
    before, was = counts(), state(comment.id)
    db.session.expunge_all()
    with pytest.raises(ServiceError) as error:
        DECISIONS[second](stale(), world.user("moderator2"))
    db.session.commit()
    assert error.value.code == "already_decided"
    assert "Moderator Kim" in str(error.value)
    assert counts() == before and state(comment.id) == was


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_comment_the_third_report_hid_meanwhile_goes_to_the_queue(world, decision):
    comment = reported(world, ("citizen2", "a"), ("citizen3", "b"))
    stale = stale_copy(Comment, comment.id)
    services.report(fresh(comment.id), world.user("citizen4"), "c")
    db.session.commit()
    before, was = counts(), state(comment.id)
    db.session.expunge_all()
    with pytest.raises(ServiceError) as error:
        DECISIONS[decision](stale(), world.user("moderator"))
    db.session.commit()
    assert error.value.code == "already_decided"
    assert str(error.value) == str(_l("Hidden after three reports meanwhile: decide it in the queue."))
    assert counts() == before and state(comment.id) == was


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_pending_or_unreported_comment_has_no_reports_to_decide(world, decision):
    pending = factories.comment(world.item_, world.user("citizen"))
    db.session.commit()
    quiet = approved(world, body="신고 없는 의견")
    before = counts()
    with pytest.raises(ServiceError) as error:
        DECISIONS[decision](pending, world.user("moderator"))
    assert error.value.code == "conflict"
    with pytest.raises(ServiceError) as error:
        DECISIONS[decision](quiet, world.user("moderator2"))
    assert error.value.code == "already_decided" and "Moderator Kim" in str(error.value)
    db.session.commit()
    assert counts() == before
    assert fresh(pending.id).status is CommentStatus.PENDING and fresh(quiet.id).status is CommentStatus.APPROVED


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_comment_of_a_meeting_the_moderator_may_not_see_is_unknown(world, decision):
    comment = reported(world, ("citizen2", "a"))
    db.session.execute(sa.update(Meeting).where(Meeting.id == world.meeting).values(state=MeetingState.DRAFT))
    db.session.commit()
    with pytest.raises(ServiceError) as error:
        services.get_comment(comment.id, world.user("moderator"))
    assert error.value.code == "not_found"
    before, was = counts(), state(comment.id)
    with pytest.raises(ServiceError) as error:  # the service checks again: may_moderate needs may_view
        DECISIONS[decision](fresh(comment.id), world.user("moderator"))
    db.session.commit()
    assert error.value.code == "forbidden"
    assert counts() == before and state(comment.id) == was


def test_decisions_on_reports_are_plain_codes_in_the_audit_log(world):
    comment = reported(world, ("citizen2", "a"))
    services.dismiss_reports(comment, world.user("moderator"))
    db.session.commit()
    services.report(fresh(comment.id), world.user("citizen3"), "b")
    db.session.commit()
    services.hide(fresh(comment.id), world.user("moderator"), reason="duplicate")
    db.session.commit()
    rows = db.session.execute(sa.text("SELECT action, reason FROM moderation_decisions ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("approve", None), ("dismiss_reports", None), ("hide", "duplicate")]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModerationDecision)) == 3
