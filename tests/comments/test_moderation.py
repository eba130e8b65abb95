"""Moderation: approve (with redactions), reject with a published reason, first decision wins, audit log."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from participation.comments import queries, services
from participation.comments.models import (
    Comment, CommentStatus, ModerationAction, ModerationDecision, RejectReason,
)
from participation.core.db import utcnow
from participation.core.services import ServiceError
from participation.core.transactions import write_transaction
from participation.extensions import db
from tests import factories
from tests.comments.conftest import counts, fresh, stale_copy

pytestmark = pytest.mark.usefixtures("app_ctx")

REASONS = ["off_topic", "abusive", "personal_data", "spam", "duplicate", "other"]


def pending(w, body="정보화 예산 증액에 찬성합니다.", who="citizen") -> Comment:
    comment = factories.comment(w.item_, w.user(who), body=body)
    db.session.commit()
    return comment



def snapshot(comment: Comment) -> tuple:
    c = fresh(comment.id)
    return (c.status, c.public_body, c.reject_reason, c.moderator_note, c.decided_by_id, c.decided_at)


# --- approve and reject ------------------------------------------------------------------------------


def test_approve_publishes_and_records_who_and_when(world):
    comment = pending(world)
    before = utcnow()
    services.approve(comment, world.user("moderator"))
    db.session.commit()
    comment = fresh(comment.id)
    assert comment.status is CommentStatus.APPROVED
    assert comment.decided_by_id == world.moderator
    assert before - timedelta(seconds=1) <= comment.decided_at <= utcnow() + timedelta(seconds=1)
    assert comment.reject_reason is None and comment.moderator_note is None
    assert comment.public_body == comment.body


def test_the_published_reasons_are_these_six():
    assert RejectReason.codes() == REASONS


@pytest.mark.parametrize("reason", REASONS)
def test_reject_with_each_reason(world, reason):
    comment = pending(world)
    note = "설명" if reason == "other" else None
    services.reject(comment, world.user("moderator"), reason=reason, note=note)
    db.session.commit()
    comment = fresh(comment.id)
    assert (comment.status, comment.reject_reason, comment.moderator_note) == (
        CommentStatus.REJECTED, RejectReason(reason), note)
    assert comment.decided_by_id == world.moderator


def test_reject_may_carry_a_note_for_any_reason(world):
    comment = pending(world)
    services.reject(comment, world.user("moderator"), reason="spam", note="  같은 글을 열 번 올림  ")
    db.session.commit()
    assert fresh(comment.id).moderator_note == "같은 글을 열 번 올림"


@pytest.mark.parametrize("note", [None, "", "   "])
def test_reject_for_other_needs_a_note(world, note):
    comment = pending(world)
    before, state = counts(), snapshot(comment)
    with pytest.raises(ServiceError) as error:
        services.reject(comment, world.user("moderator"), reason="other", note=note)
    db.session.commit()
    assert error.value.field == "note"
    assert counts() == before and snapshot(comment) == state


@pytest.mark.parametrize("reason", [None, "", "OFF_TOPIC", "rude", 3, ["spam"]])
def test_reject_needs_a_known_reason(world, reason):
    comment = pending(world)
    before, state = counts(), snapshot(comment)
    with pytest.raises(ServiceError) as error:
        services.reject(comment, world.user("moderator"), reason=reason)
    db.session.commit()
    assert (error.value.code, error.value.field) == ("invalid", "reason")
    assert counts() == before and snapshot(comment) == state


@pytest.mark.parametrize("note", ["가" * 501, 5, "a\x00b"])
def test_bad_notes_are_refused(world, note):
    comment = pending(world)
    state = snapshot(comment)
    with pytest.raises(ServiceError) as error:
        services.reject(comment, world.user("moderator"), reason="spam", note=note)
    assert error.value.field == "note"
    db.session.rollback()
    assert snapshot(comment) == state


@pytest.mark.parametrize("who", ["citizen2", "member", "secretary", None])
def test_only_moderators_decide(world, who):
    comment = pending(world)
    before, state = counts(), snapshot(comment)
    actor = world.user(who) if who else None
    for decide in (lambda: services.approve(comment, actor),
                   lambda: services.reject(comment, actor, reason="spam")):
        with pytest.raises(ServiceError) as error:
            decide()
        assert error.value.code == ("forbidden" if who else "unauthorized")
    db.session.commit()
    assert counts() == before and snapshot(comment) == state


def test_an_anonymous_user_object_is_refused(world, app):
    comment = pending(world)
    anonymous = app.login_manager.anonymous_user()
    with pytest.raises(ServiceError) as error:
        services.approve(comment, anonymous)
    assert error.value.code == "unauthorized"


# --- first decision wins -----------------------------------------------------------------------------


@pytest.mark.parametrize("first, second", [
    ("approve", "approve"), ("approve", "reject"), ("reject", "approve"), ("reject", "reject"),
])
def test_a_second_decision_is_refused_and_names_the_first_moderator(world, first, second):
    comment = pending(world)
    decide = {
        "approve": lambda c, m: services.approve(c, m),
        "reject": lambda c, m: services.reject(c, m, reason="off_topic"),
    }
    decide[first](comment, world.user("moderator"))
    db.session.commit()
    before, state = counts(), snapshot(comment)

    # The second moderator still holds the comment as it was loaded before the first decision.
    with pytest.raises(ServiceError) as error:
        decide[second](fresh(comment.id), world.user("moderator2"))
    db.session.commit()
    assert error.value.code == "already_decided"
    assert "Moderator Kim" in str(error.value)
    assert counts() == before and snapshot(comment) == state


def test_a_stale_copy_cannot_overwrite_the_first_decision(world, app):
    """Two moderators load the same pending comment; the one who decides second loses."""
    comment = pending(world)
    stale = stale_copy(Comment, comment.id)
    with app.app_context():  # another request, with its own session, decides first
        services.approve(db.session.get(Comment, comment.id), world.user("moderator"))
        db.session.commit()
    assert stale().status is CommentStatus.PENDING  # as this request loaded it
    with pytest.raises(ServiceError) as error:
        services.reject(stale(), world.user("moderator2"), reason="spam")
    assert error.value.code == "already_decided" and "Moderator Kim" in str(error.value)
    db.session.commit()
    comment = fresh(comment.id)
    assert (comment.status, comment.decided_by_id) == (CommentStatus.APPROVED, world.moderator)
    assert [d.action for d in queries.audit_log(world.meeting)] == [ModerationAction.APPROVE]


def test_a_decision_overlapping_another_in_time_answers_already_decided(world, app):
    """Request A has read (its transaction is open) when request B commits its decision; A then decides,
    in a write unit as every POST and socket call does (on SQLite a write from A's older snapshot would
    be refused as "database is locked")."""
    comment = pending(world)
    moderator2 = world.user("moderator2")
    loaded = fresh(comment.id)  # request A's transaction reads the comment
    with app.app_context():  # request B decides and commits meanwhile
        services.approve(db.session.get(Comment, comment.id), world.user("moderator"))
        db.session.commit()
    with write_transaction(), pytest.raises(ServiceError) as error:
        services.reject(loaded, moderator2, reason="spam")
    assert error.value.code == "already_decided"


# --- redactions --------------------------------------------------------------------------------------


def test_redactions_mask_spans_of_the_public_text_only(world):
    body = "김철수 위원 집이 서울 강남구 역삼동 123번지입니다. 예산에 반대합니다."
    comment = pending(world, body=body)
    services.approve(comment, world.user("moderator"), redactions=[[0, 3], [12, 28]], note="주소 가림")
    db.session.commit()
    comment = fresh(comment.id)
    assert comment.body == body
    expected = list(body)
    for index in [*range(0, 3), *range(12, 28)]:
        if not body[index].isspace():
            expected[index] = "●"
    assert comment.public_body == "".join(expected)
    assert comment.public_body.endswith("예산에 반대합니다.")
    assert comment.moderator_note == "주소 가림"


def test_redaction_offsets_count_code_points(world):
    body = "👨‍👩‍👧 우리 가족 번호는 비밀 🇰🇷 끝"
    comment = pending(world, body=body)
    start = body.index("비밀")
    services.approve(comment, world.user("moderator"), redactions=[(start, start + 2)], note="가림")
    db.session.commit()
    assert fresh(comment.id).public_body == body.replace("비밀", "●●")


def test_redactions_add_to_the_automatic_masking(world):
    body = "연락처 010-1234-5678, 이름 홍길동"
    comment = pending(world, body=body)
    start = body.index("홍길동")
    services.approve(comment, world.user("moderator"), redactions=[[start, start + 3]], note="이름")
    db.session.commit()
    assert fresh(comment.id).public_body == "연락처 ●●●●●●●●●●●●●, 이름 ●●●"


def test_redactions_may_cover_the_whole_body(world):
    comment = pending(world, body="abc")
    services.approve(comment, world.user("moderator"), redactions=[[0, 3]], note="전부")
    assert comment.public_body == "●●●"


@pytest.mark.parametrize("note", [None, "", "  "])
def test_redactions_need_a_note(world, note):
    comment = pending(world)
    before, state = counts(), snapshot(comment)
    with pytest.raises(ServiceError) as error:
        services.approve(comment, world.user("moderator"), redactions=[[0, 2]], note=note)
    db.session.commit()
    assert error.value.field == "note"
    assert counts() == before and snapshot(comment) == state


@pytest.mark.parametrize("redactions", [
    [[5, 3]], [[2, 2]], [[-1, 2]], [[0, 999]], [[0, 19]],  # reversed, empty, out of range (body has 18)
    [["0", "2"]], [[0.0, 2.0]], [[True, 2]], [[0, False]], [[0, None]],  # wrong types, bools
    [[0, 1, 2]], [[0]], [[]], [0, 2], [{"start": 0, "end": 2}], "0-2", {"0": 2}, 5, True, (0, 2),
    [[0, 1]] * 51,
])
def test_bad_redactions_are_refused(world, redactions):
    comment = pending(world, body="가" * 18)
    before, state = counts(), snapshot(comment)
    with pytest.raises(ServiceError) as error:
        services.approve(comment, world.user("moderator"), redactions=redactions, note="가림")
    db.session.commit()
    assert (error.value.code, error.value.field) == ("invalid", "redactions")
    assert counts() == before and snapshot(comment) == state


def test_no_redactions_keeps_the_public_text(world):
    comment = pending(world, body="메일 a@b.kr")
    for redactions in (None, []):
        assert services._redacted_body(comment, redactions) == "메일 ●●●●●●"


def test_a_note_without_redactions_is_kept(world):
    comment = pending(world)
    services.approve(comment, world.user("moderator"), note="좋은 의견")
    db.session.commit()
    assert fresh(comment.id).moderator_note == "좋은 의견"


# --- audit log and figures ---------------------------------------------------------------------------


def test_every_decision_is_in_the_audit_log(world):
    a, b, c = (pending(world, body=f"의견 {n}") for n in range(3))
    services.approve(a, world.user("moderator"))
    services.reject(b, world.user("moderator2"), reason="other", note="안건과 무관한 광고성 문구")
    services.approve(c, world.user("moderator2"), redactions=[[0, 2]], note="가림")
    db.session.commit()
    db.session.expire_all()
    log = queries.audit_log(world.meeting)
    assert [(d.comment_id, d.moderator_id, d.action, d.reason, d.note) for d in log] == [
        (a.id, world.moderator, ModerationAction.APPROVE, None, None),
        (b.id, world.moderator2, ModerationAction.REJECT, RejectReason.OTHER, "안건과 무관한 광고성 문구"),
        (c.id, world.moderator2, ModerationAction.APPROVE, None, "가림"),
    ]
    assert [d.moderator.display_name for d in log] == ["Moderator Kim", "Moderator Han", "Moderator Han"]
    assert all(d.meeting_id == world.meeting and d.created_at is not None for d in log)
    assert [d.created_at for d in log] == sorted(d.created_at for d in log)


def test_a_refused_decision_is_not_logged(world):
    comment = pending(world)
    services.approve(comment, world.user("moderator"))
    db.session.commit()
    with pytest.raises(ServiceError):
        services.reject(fresh(comment.id), world.user("moderator2"), reason="spam")
    db.session.commit()
    assert len(queries.audit_log(world.meeting)) == 1


def test_audit_log_is_per_meeting(world):
    other = factories.meeting(published=True, title="다른 회의")
    from participation.meetings.services import agenda_of
    foreign = factories.comment(agenda_of(other)[0], world.user("citizen"))
    services.approve(foreign, world.user("moderator"))
    db.session.commit()
    assert queries.audit_log(world.meeting) == []
    assert [d.comment_id for d in queries.audit_log(other.id)] == [foreign.id]


def test_moderation_figures(world):
    made = [pending(world, body=f"의견 {n}") for n in range(9)]
    moderator = world.user("moderator")
    services.approve(made[0], moderator)
    services.approve(made[1], moderator)
    services.reject(made[2], moderator, reason="spam")
    services.reject(made[3], moderator, reason="spam")
    services.reject(made[4], moderator, reason="abusive")
    services.reject(made[5], moderator, reason="other", note="기타")
    # made[6..8] stay pending
    other = factories.meeting(published=True, title="다른 회의")
    from participation.meetings.services import agenda_of
    services.reject(factories.comment(agenda_of(other)[0], world.user("citizen")), moderator, reason="duplicate")
    db.session.commit()

    figures = queries.moderation_figures(world.meeting)
    assert (figures.submitted, figures.pending, figures.approved, figures.rejected, figures.hidden) == (9, 3, 2, 4, 0)
    assert figures.rejected_by_reason == {RejectReason.SPAM: 2, RejectReason.ABUSIVE: 1, RejectReason.OTHER: 1}
    empty = queries.moderation_figures(999)
    assert (empty.submitted, empty.rejected_by_reason) == (0, {})


def test_moderation_figures_count_in_sql(world, app):
    """The same few queries however many comments there are: counting is grouped in the database."""
    statements = []

    def count(_conn, _cursor, statement, *_rest):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    for n in range(12):
        comment = pending(world, body=f"의견 {n}")
        if n % 3 == 0:
            services.reject(comment, world.user("moderator"), reason="spam")
        elif n % 3 == 1:
            services.approve(comment, world.user("moderator"))
    db.session.commit()
    db.session.expire_all()
    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        figures = queries.moderation_figures(world.meeting)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert (figures.submitted, figures.approved, figures.rejected) == (12, 4, 4)
    assert len(statements) <= 2


def test_audit_log_rows_are_plain_columns(world):
    """Figures and the record aggregate without loading comments: action and reason are stored codes."""
    comment = pending(world)
    services.reject(comment, world.user("moderator"), reason="personal_data")
    db.session.commit()
    row = db.session.execute(sa.text("SELECT action, reason FROM moderation_decisions")).one()
    assert tuple(row) == ("reject", "personal_data")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModerationDecision)) == 1
