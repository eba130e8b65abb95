"""Reports over the socket (docs/realtime.md): moderators see each report at once (`moderation.reported`,
the `reported` list of the `moderation.join` ack) and decide them with `comment.hide` or
`reports.dismiss`; the first decision wins, a refused one changes nothing. Also what the moderate and
live pages render of it."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from participation.comments.models import Comment, ModerationAction, ModerationDecision
from participation.extensions import db
from participation.meetings.models import Meeting, MeetingState
from tests.conftest import AuthActions
from tests.live.conftest import assert_ok, error_of


def reported(make, *reasons: str) -> int:
    """An approved comment by `author`, reported by citizen, citizen2 ... with `reasons`."""
    comment_id = make.approved()
    for who, reason in zip(("citizen", "citizen2", "member"), reasons):
        make.report(comment_id, who, reason)
    return comment_id


def moderators(connect, world, *names: str):
    clients = [connect(name) for name in names or ("moderator",)]
    for client in clients:
        assert_ok(client.call("moderation.join", {"meeting_id": world.meeting_id}))
    return clients


def decisions(make, comment_id: int) -> list[tuple[str, str | None, str | None]]:
    stmt = (sa.select(ModerationDecision).where(ModerationDecision.comment_id == comment_id)
            .order_by(ModerationDecision.id))
    return make.query(lambda: [(d.action.value, d.reason.value if d.reason else None, d.note)
                               for d in db.session.scalars(stmt)])


def status_of(make, comment_id: int) -> tuple[str, int]:
    return make.query(lambda: (lambda c: (c.status.value, c.report_count))(db.session.get(Comment, comment_id)))


# What moderators see.

def test_the_join_ack_lists_reported_comments_with_count_and_reasons(connect, world, make):
    pending = make.comment(body="대기 중인 의견")
    comment_id = reported(make, "욕설이 있습니다", "<b>광고</b> 같아요")
    make.approved(body="신고 없는 의견")
    [moderator] = [connect("moderator")]
    ack = assert_ok(moderator.call("moderation.join", {"meeting_id": world.meeting_id}), "queue", "reported")
    assert [e["id"] for e in ack["queue"]] == [pending]
    [entry] = ack["reported"]
    assert (entry["id"], entry["status"], entry["report_count"]) == (comment_id, "approved", 2)
    assert [r["reason"] for r in entry["reports"]] == ["욕설이 있습니다", "<b>광고</b> 같아요"]
    assert all(r["created_at"] for r in entry["reports"])
    assert entry["public_body"] == "좋은 제안입니다." and entry["author"] == "Author Park"
    assert ack["queue"][0]["reports"] == []


def test_a_report_reaches_this_meetings_moderators_only(connect, world, make):
    comment_id = make.approved()
    [moderator] = moderators(connect, world)
    elsewhere = connect("moderator2")
    assert_ok(elsewhere.call("moderation.join", {"meeting_id": world.other_meeting_id}))
    viewer = connect(None)
    viewer.call("join", {"meeting_id": world.meeting_id})
    assert_ok(connect("citizen").call("comment.report", {"comment_id": comment_id, "reason": "  부적절한 표현  "}))
    [(name, message)] = moderator.inbox()
    assert (name, message["type"], message["meeting_id"]) == ("moderation.reported",) * 2 + (world.meeting_id,)
    assert message["data"]["id"] == comment_id and message["data"]["report_count"] == 1
    assert message["data"]["reports"][0]["reason"] == "부적절한 표현"
    assert elsewhere.inbox() == [] and viewer.inbox() == []


def test_the_reported_list_is_refused_to_non_moderators(connect, world, make):
    reported(make, "이유")
    for who in (None, "citizen", "member", "secretary"):
        error = error_of(connect(who).call("moderation.join", {"meeting_id": world.meeting_id}))
        assert error["code"] == ("unauthorized" if who is None else "forbidden")


# Hide.

def test_hide_removes_it_from_the_feed_and_tells_the_moderators(connect, world, make):
    comment_id = reported(make, "욕설")
    first, second = moderators(connect, world, "moderator", "moderator2")
    viewer = connect(None)
    viewer.call("join", {"meeting_id": world.meeting_id})
    ack = assert_ok(first.call("comment.hide", {"comment_id": comment_id, "reason": "abusive"}))
    assert ack == {"ok": True, "comment_id": comment_id, "status": "rejected"}
    [event] = viewer.events()
    assert (event["type"], event["data"]) == ("comment.hidden", {"comment_id": comment_id, "item_id": world.items[0]})
    for moderator in (first, second):
        [(name, message)] = moderator.inbox()
        assert (name, message["data"]) == ("moderation.decided", {
            "comment_id": comment_id, "status": "rejected", "decided_by": "Moderator One", "reason": "abusive",
            "action": "hide"})
    assert decisions(make, comment_id)[-1] == ("hide", "abusive", None)
    # A viewer joining later gets neither the text nor the comment back.
    late = connect(None).call("join", {"meeting_id": world.meeting_id, "last_event_id": 0})
    assert late["replayed"] == 2


def test_hide_with_other_needs_a_note_and_changes_nothing_without_it(connect, world, make, snapshot):
    comment_id = reported(make, "이상함")
    [moderator] = moderators(connect, world)
    before = snapshot()
    error = error_of(moderator.call("comment.hide", {"comment_id": comment_id, "reason": "other"}))
    assert (error["code"], error["field"]) == ("invalid", "note")
    assert snapshot() == before and moderator.inbox() == []
    assert_ok(moderator.call("comment.hide", {"comment_id": comment_id, "reason": "other", "note": "사적인 다툼"}))
    assert decisions(make, comment_id)[-1] == ("hide", "other", "사적인 다툼")


# Dismiss.

def test_dismissing_keeps_it_published_and_tells_the_moderators(connect, world, make):
    comment_id = reported(make, "싫어요", "반대합니다")
    first, second = moderators(connect, world, "moderator", "moderator2")
    viewer = connect(None)
    viewer.call("join", {"meeting_id": world.meeting_id})
    ack = assert_ok(second.call("reports.dismiss", {"comment_id": comment_id, "note": "정당한 반대 의견"}))
    assert ack == {"ok": True, "comment_id": comment_id, "status": "approved", "report_count": 0}
    for moderator in (first, second):
        [(name, message)] = moderator.inbox()
        assert (name, message["data"]) == ("moderation.decided", {
            "comment_id": comment_id, "status": "approved", "decided_by": "Moderator Two", "reason": None,
            "action": "dismiss_reports"})
    assert viewer.inbox() == []
    assert status_of(make, comment_id) == ("approved", 0)
    assert decisions(make, comment_id)[-1] == ("dismiss_reports", None, "정당한 반대 의견")
    again = assert_ok(connect("moderator").call("moderation.join", {"meeting_id": world.meeting_id}))
    assert again["reported"] == []


def test_a_dismissed_reporter_cannot_report_again(connect, world, make):
    comment_id = reported(make, "싫어요")
    [moderator] = moderators(connect, world)
    assert_ok(moderator.call("reports.dismiss", {"comment_id": comment_id}))
    error = error_of(connect("citizen").call("comment.report", {"comment_id": comment_id, "reason": "다시"}))
    assert error["code"] == "conflict"
    moderator.inbox()
    assert_ok(connect("citizen2").call("comment.report", {"comment_id": comment_id, "reason": "새 이유"}))
    [(name, message)] = moderator.inbox()
    assert name == "moderation.reported" and message["data"]["report_count"] == 1
    assert [r["reason"] for r in message["data"]["reports"]] == ["새 이유"]


# The first decision wins.

@pytest.mark.parametrize("first", ["comment.hide", "reports.dismiss"])
@pytest.mark.parametrize("second", ["comment.hide", "reports.dismiss"])
def test_a_second_moderator_is_told_who_decided(connect, world, make, snapshot, first, second):
    comment_id = reported(make, "이유")
    one, two = moderators(connect, world, "moderator", "moderator2")
    payload = {"comment_id": comment_id, "reason": "spam"}
    assert_ok(one.call(first, payload if first == "comment.hide" else {"comment_id": comment_id}))
    before = snapshot()
    two.inbox()
    error = error_of(two.call(second, payload if second == "comment.hide" else {"comment_id": comment_id}))
    assert error["code"] == "already_decided" and "Moderator One" in error["message"]
    assert snapshot() == before and two.inbox() == []


def test_the_second_moderator_reads_who_decided_in_their_language(connect, world, make):
    comment_id = reported(make, "이유")
    [one] = moderators(connect, world)
    assert_ok(one.call("reports.dismiss", {"comment_id": comment_id}))
    korean = connect("moderator2", lang="ko").call("comment.hide", {"comment_id": comment_id, "reason": "spam"})
    english = connect("moderator2", lang="en").call("comment.hide", {"comment_id": comment_id, "reason": "spam"})
    assert error_of(english)["message"] == "Already decided by Moderator One."
    assert error_of(korean)["message"] != error_of(english)["message"]
    assert "Moderator One" in error_of(korean)["message"]


@pytest.mark.parametrize("event", ["comment.hide", "reports.dismiss"])
def test_a_comment_the_third_report_hid_is_decided_in_the_queue(connect, world, make, snapshot, event):
    comment_id = reported(make, "a", "b", "c")
    [moderator] = moderators(connect, world)
    before = snapshot()
    error = error_of(moderator.call(event, {"comment_id": comment_id, "reason": "spam"}))
    assert error["code"] == "already_decided"
    assert snapshot() == before
    assert_ok(moderator.call("comment.reject", {"comment_id": comment_id, "reason": "spam"}))


@pytest.mark.parametrize("event", ["comment.hide", "reports.dismiss"])
def test_a_pending_comment_has_no_reports_to_decide(connect, world, make, snapshot, event):
    comment_id = make.comment()
    [moderator] = moderators(connect, world)
    before = snapshot()
    assert error_of(moderator.call(event, {"comment_id": comment_id, "reason": "spam"}))["code"] == "conflict"
    assert snapshot() == before


@pytest.mark.parametrize("event", ["comment.hide", "reports.dismiss"])
def test_a_comment_of_a_meeting_nobody_may_see_is_unknown(connect, world, make, snapshot, event):
    comment_id = reported(make, "a")

    def to_draft():
        db.session.execute(sa.update(Meeting).where(Meeting.id == world.meeting_id).values(state=MeetingState.DRAFT))
        db.session.commit()

    make.query(to_draft)
    moderator = connect("moderator")
    before = snapshot()
    error = error_of(moderator.call(event, {"comment_id": comment_id, "reason": "spam"}))
    assert (error["code"], error["field"]) == ("not_found", "comment_id")
    assert snapshot() == before
    assert make.query(lambda: db.session.scalar(
        sa.select(sa.func.count()).select_from(ModerationDecision)
        .where(ModerationDecision.action != ModerationAction.APPROVE))) == 0


# The pages.

def page_html(app, who: str | None, url: str) -> str:
    client = app.test_client()
    if who:
        assert AuthActions(client).login(f"{who}@example.org").status_code in (302, 303)
    response = client.get(url)
    assert response.status_code == 200, (who, url, response.status_code)
    return response.get_data(as_text=True)


def test_the_moderate_page_lists_the_reported_comments_escaped(app, world, make):
    comment_id = reported(make, "<script>alert(1)</script> 광고", "욕설")
    make.comment(body="대기 중")
    html = page_html(app, "moderator", f"/meetings/{world.meeting_id}/moderate?lang=en")
    panel = html.split('id="panel-reported"', 1)[1]
    assert f'data-comment-id="{comment_id}"' in panel and "reported-entry" in panel
    assert "reports: 2" in panel
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 광고" in panel and "<script>alert(1)" not in html
    assert 'id="reported-count">1<' in html and 'id="queue-tab-count">1<' in html
    assert 'id="keep-button"' in html and 'id="hide-button"' in html
    assert "<details class=\"shortcuts\">" in html  # folded until the script opens it on a wide screen


def test_the_live_page_knows_what_the_user_reported(app, world, make):
    comment_id = reported(make, "이유")
    mine = page_html(app, "citizen", f"/meetings/{world.meeting_id}/live")
    other = page_html(app, "citizen2", f"/meetings/{world.meeting_id}/live")
    assert re.search(rf'id="comment-{comment_id}"[^>]*data-reported="true"', mine)
    assert not re.search(rf'id="comment-{comment_id}"[^>]*data-reported="true"', other)
    assert 'id="report-dialog"' in mine
    assert 'id="report-dialog"' not in page_html(app, None, f"/meetings/{world.meeting_id}/live")


def test_the_secretarys_controls_come_before_the_agenda_and_the_feed(app, world):
    html = page_html(app, "secretary", f"/meetings/{world.meeting_id}/live")
    assert html.index('id="control-heading"') < html.index('id="agenda-heading"') < html.index('id="feed-heading"')


@pytest.mark.parametrize("way", ["hidden by a moderator", "hidden by the third report"])
def test_a_spotlighted_comment_taken_off_the_public_pages_leaves_the_spotlight(connect, world, make, way):
    make.start()
    comment_id = reported(make, "욕설", "광고") if way == "hidden by a moderator" else make.approved()
    secretary, viewer = connect("secretary"), connect(None)
    assert_ok(secretary.call("session.spotlight", {"meeting_id": world.meeting_id, "comment_id": comment_id}))
    assert_ok(viewer.call("join", {"meeting_id": world.meeting_id}))
    viewer.events()
    if way == "hidden by a moderator":
        [moderator] = moderators(connect, world)
        assert_ok(moderator.call("comment.hide", {"comment_id": comment_id, "reason": "abusive"}))
    else:
        for who in ("citizen", "citizen2", "member"):
            make.report(comment_id, who, "욕설")
    assert [(e["type"], e["data"]) for e in viewer.events()][-2:] == [
        ("comment.hidden", {"comment_id": comment_id, "item_id": world.items[0]}),
        ("comment.spotlight", {"comment_id": None})]
    late = connect(None).call("join", {"meeting_id": world.meeting_id})
    assert late["spotlight_comment_id"] is None
