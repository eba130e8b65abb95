"""The rules of `comments.policies` and `meetings.policies`, against tables written out by hand, and the
doors that must respect them: a comment of a meeting that is not public is not there for anyone."""
from __future__ import annotations

import pytest

from participation.comments import policies, services
from participation.comments.consents import CONSENT_VERSION
from participation.comments.models import CommentStatus
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import policies as meeting_policies
from participation.meetings.models import MeetingState
from tests import factories
from tests.comments.conftest import counts

pytestmark = pytest.mark.usefixtures("app_ctx")

S = MeetingState
# Who may comment in which state (guests: where the meeting allows them). Written out, not derived.
MAY_COMMENT = {
    #           citizen  moderator  member  secretary  guest(allowed)  guest(not allowed)
    S.DRAFT:        (False, False, False, False, False, False),
    S.PUBLISHED:    (True, False, False, False, True, False),
    S.LIVE:         (True, False, False, False, True, False),
    S.CLOSED:       (True, False, False, False, True, False),
    S.RECORD_FINAL: (False, False, False, False, False, False),
    S.CANCELLED:    (False, False, False, False, False, False),
}
PUBLIC = {S.DRAFT: False, S.PUBLISHED: True, S.LIVE: True, S.CLOSED: True, S.RECORD_FINAL: True, S.CANCELLED: True}
PHASE = {S.DRAFT: None, S.PUBLISHED: "before", S.LIVE: "live", S.CLOSED: "after", S.RECORD_FINAL: None,
         S.CANCELLED: None}


class Anonymous:
    is_authenticated = False


def _in_state(world, state: MeetingState, guests: bool):
    meeting = world.meeting_
    meeting.state = state  # every state, whatever path led there
    meeting.allow_guest_comments = guests
    return meeting


@pytest.mark.parametrize("state", list(MeetingState))
def test_who_may_comment_in_each_state(world, state):
    expected = MAY_COMMENT[state]
    meeting = _in_state(world, state, guests=True)
    users = [world.user(n) for n in ("citizen", "moderator", "member", "secretary")]
    got = [policies.may_comment(u, meeting) for u in users] + [policies.may_comment(Anonymous(), meeting)]
    meeting.allow_guest_comments = False
    got.append(policies.may_comment(Anonymous(), meeting))
    assert tuple(got) == expected
    assert meeting_policies.is_public(meeting) is PUBLIC[state]
    phase = policies.phase_of(meeting)
    assert (phase.value if phase else None) == PHASE[state]
    db.session.rollback()


@pytest.mark.parametrize("state", list(MeetingState))
def test_only_the_secretary_previews_a_draft(world, state):
    meeting = _in_state(world, state, guests=False)
    for name in ("citizen", "moderator", "member"):
        assert meeting_policies.may_view(world.user(name), meeting) is PUBLIC[state]
    assert meeting_policies.may_view(Anonymous(), meeting) is PUBLIC[state]
    assert meeting_policies.may_view(world.user("secretary"), meeting) is True
    db.session.rollback()


@pytest.fixture
def draft_comment(world):
    """An approved comment with a reply, of a meeting then taken back to draft."""
    comment = factories.comment(world.item_, world.user("citizen"))
    services.approve(comment, world.user("moderator"))
    world.meeting_.state = MeetingState.DRAFT
    db.session.commit()
    return comment.id


def test_a_comment_of_a_draft_is_unknown_to_everyone_but_the_secretary(world, draft_comment):
    for name in ("citizen", "citizen2", "moderator", "member"):
        with pytest.raises(ServiceError) as error:
            services.get_comment(draft_comment, world.user(name))
        assert error.value.code == "not_found"
    assert services.get_comment(draft_comment, world.user("secretary")).id == draft_comment


def test_no_action_works_on_a_comment_of_a_draft(world, draft_comment):
    comment = db.session.get(services.Comment, draft_comment)
    before = counts()
    attempts = [
        lambda: services.agree(comment, world.user("citizen2")),
        lambda: services.report(comment, world.user("citizen2"), "부적절"),
        lambda: services.post_reply(comment, world.user("member"), "답변"),
    ]
    for attempt in attempts:
        with pytest.raises(ServiceError) as error:
            attempt()
        assert error.value.code == "not_found"
        db.session.rollback()
    comment = db.session.get(services.Comment, draft_comment)
    comment.status = CommentStatus.HIDDEN  # a second look: the moderator cannot see the draft either
    with pytest.raises(ServiceError) as error:
        services.approve(comment, world.user("moderator"))
    assert error.value.code == "forbidden"
    db.session.rollback()
    assert counts() == before


def test_guests_and_new_citizens_cannot_take_a_speaking_name(world):
    world.meeting_.allow_guest_comments = True
    db.session.commit()
    for n, nickname in enumerate(("Member Yoon", " member  yoon ", "Ｍｅｍｂｅｒ Ｙｏｏｎ", "Moderator Kim", "위원", "위원장",
                     "Committee member", "Secretary Seo")):
        with pytest.raises(ServiceError) as error:
            services.submit(world.item_, Submitter(guest_id="g1", nickname=nickname), body="의견", stance="support",
                            client_key=f"k-{n}", consent=CONSENT_VERSION)
        assert error.value.field == "nickname"
        db.session.rollback()
    # Another citizen's name is not reserved: the guest label tells them apart.
    comment, created = services.submit(world.item_, Submitter(guest_id="g1", nickname="Citizen Lee"),
                                       body="의견", stance="support", client_key="k-citizen", consent=CONSENT_VERSION)
    assert created and comment.is_guest
    from participation.accounts import services as accounts

    with pytest.raises(ServiceError) as error:
        accounts.create_user("new@example.org", "member yoon", "long-enough-password")
    assert error.value.field == "display_name"
    # Staff accounts created by an administrator are not refused the name they are given.
    assert accounts.create_user("chair@example.org", "위원장", "long-enough-password", roles={Role.MEMBER})
