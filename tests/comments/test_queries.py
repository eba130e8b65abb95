"""The read side: public feeds, the moderation queue, an author's comments and history."""
from __future__ import annotations

import pytest

from participation.comments import queries, services
from participation.comments.consents import CONSENT_VERSION
from participation.comments.services import Submitter
from participation.extensions import db
from participation.meetings.services import agenda_of, update_meeting
from tests import factories

pytestmark = pytest.mark.usefixtures("app_ctx")


def test_public_feeds_hold_only_approved_comments_in_decision_order(world):
    citizen, moderator = world.user("citizen"), world.user("moderator")
    first = factories.comment(world.item_, citizen, body="먼저 쓴 글")
    second = factories.comment(world.item_, citizen, body="나중에 쓴 글")
    rejected = factories.comment(world.item_, citizen, body="거절될 글")
    factories.comment(world.item_, citizen, body="대기 중인 글")
    on_other_item = factories.comment(db.session.get(type(world.item_), world.other_item), citizen, body="다른 안건")
    db.session.commit()
    # Decided in the other order: the feed follows the decisions (what viewers saw arrive).
    services.approve(second, moderator)
    db.session.commit()
    services.approve(first, moderator)
    services.approve(on_other_item, moderator)
    services.reject(rejected, moderator, reason="spam")
    db.session.commit()
    assert [c.id for c in queries.approved_for_item(world.item)] == [second.id, first.id]
    assert [c.id for c in queries.approved_for_meeting(world.meeting)] == [second.id, first.id, on_other_item.id]


def test_feeds_are_limited(world):
    for n in range(4):
        factories.approved_comment(world.item_, world.user("citizen"), world.user("moderator"), body=f"의견 {n}")
    db.session.commit()
    assert len(queries.approved_for_item(world.item, limit=3)) == 3
    assert len(queries.approved_for_meeting(world.meeting, limit=2)) == 2


def test_pending_queue_is_the_meetings_pending_and_hidden_oldest_first(world):
    citizen = world.user("citizen")
    a = factories.comment(world.item_, citizen, body="a")
    b = factories.comment(world.item_, citizen, body="b")
    c = factories.approved_comment(world.item_, citizen, world.user("moderator"), body="c")
    d = factories.comment(world.item_, citizen, body="d")
    services.reject(d, world.user("moderator"), reason="spam")
    other = factories.meeting(published=True, title="다른 회의")
    factories.comment(agenda_of(other)[0], citizen, body="elsewhere")
    db.session.commit()
    for who in ("citizen2", "citizen3", "citizen4"):
        services.report(c, world.user(who), "신고")
    db.session.commit()
    assert [x.id for x in queries.pending_queue(world.meeting)] == [a.id, b.id, c.id]


def test_submitter_history_counts_decisions_per_submitter(world):
    moderator = world.user("moderator")
    for n in range(3):
        factories.approved_comment(world.item_, world.user("citizen"), moderator, body=f"승인 {n}")
    services.reject(factories.comment(world.item_, world.user("citizen"), body="거절"), moderator, reason="spam")
    factories.comment(world.item_, world.user("citizen"), body="대기")
    services.reject(factories.comment(world.item_, world.user("citizen2"), body="거절"), moderator, reason="spam")
    db.session.commit()
    keys = {f"u:{world.citizen}", f"u:{world.citizen2}", f"u:{world.citizen3}"}
    history = queries.submitter_history(keys)
    assert (history[f"u:{world.citizen}"].approved, history[f"u:{world.citizen}"].rejected) == (3, 1)
    assert (history[f"u:{world.citizen2}"].approved, history[f"u:{world.citizen2}"].rejected) == (0, 1)
    assert (history[f"u:{world.citizen3}"].approved, history[f"u:{world.citizen3}"].rejected) == (0, 0)
    assert queries.submitter_history(set()) == {}


def test_own_comments_are_the_submitters_on_the_item_newest_first(world):
    update_meeting(world.meeting_, allow_guest_comments=True)
    citizen = world.user("citizen")
    old = factories.comment(world.item_, citizen, body="옛 글")
    new = factories.comment(world.item_, citizen, body="새 글")
    services.reject(old, world.user("moderator"), reason="spam")
    factories.comment(world.item_, world.user("citizen2"), body="남의 글")
    factories.comment(db.session.get(type(world.item_), world.other_item), citizen, body="다른 안건")
    guest, _ = services.submit(world.item_, Submitter(guest_id="g1", nickname="손님"), body="손님 글",
                               stance="question", client_key="gk", consent=CONSENT_VERSION)
    db.session.commit()
    assert [c.id for c in queries.own_comments(f"u:{world.citizen}", world.item)] == [new.id, old.id]
    assert [c.id for c in queries.own_comments("g:g1", world.item)] == [guest.id]
    assert queries.own_comments("g:unknown", world.item) == []
    assert len(queries.comments_of_submitter(f"u:{world.citizen}")) == 3


def test_replies_by_comment_groups_in_order(world):
    a = factories.approved_comment(world.item_, world.user("citizen"), world.user("moderator"), body="a")
    b = factories.approved_comment(world.item_, world.user("citizen"), world.user("moderator"), body="b")
    member = world.user("member")
    r1 = services.post_reply(a, member, "첫 답변")
    r2 = services.post_reply(b, member, "다른 답변")
    r3 = services.post_reply(a, member, "둘째 답변")
    db.session.commit()
    replies = queries.replies_by_comment([a.id, b.id])
    assert [r.id for r in replies[a.id]] == [r1.id, r3.id]
    assert [r.id for r in replies[b.id]] == [r2.id]
    assert queries.replies_by_comment([]) == {}
