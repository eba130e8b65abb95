"""Submitting a comment: the rules of `services.submit`, shared by the form, the socket and the API."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from participation.comments import services
from participation.comments.consents import CONSENT_VERSION
from participation.comments.models import Comment, CommentStatus, Phase, Stance
from participation.comments.services import Submitter
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import materials
from participation.meetings import services as meetings
from participation.meetings.models import MeetingState
from tests import factories
from tests.comments.conftest import counts

pytestmark = pytest.mark.usefixtures("app_ctx")

_keys = iter(range(1, 1_000_000))
FRESH = object()  # a new client key for each call


def submit(w, who: str = "citizen", *, body="정보화 예산 증액에 찬성합니다.", stance="support", key=FRESH,
           item=None, **kwargs):
    key = f"key-{next(_keys)}" if key is FRESH else key
    comment, created = services.submit(item or w.item_, Submitter(user=w.user(who)), body=body, stance=stance,
                                       client_key=key, **kwargs)
    return comment, created


def refused(w, code="invalid", field=None, **kwargs) -> ServiceError:
    """Submit, expect a refusal with `code` (and `field`), and that no row was written."""
    before = counts()
    with pytest.raises(ServiceError) as error:
        submit(w, **kwargs)
    db.session.commit()
    assert (error.value.code, error.value.field) == (code, field), str(error.value)
    assert counts() == before
    return error.value


def reloaded(comment_id: int) -> Comment:
    db.session.expire_all()
    return db.session.get(Comment, comment_id)


# --- body --------------------------------------------------------------------------------------------


def test_a_comment_starts_pending_with_its_author_and_trimmed_body(world):
    comment, created = submit(world, body="  \n 찬성합니다. \t\n")
    db.session.commit()
    comment = reloaded(comment.id)
    assert created is True
    assert comment.status is CommentStatus.PENDING
    assert comment.body == comment.public_body == "찬성합니다."
    assert (comment.author_id, comment.guest_name, comment.submitter_key) == (world.citizen, None,
                                                                              f"u:{world.citizen}")
    assert (comment.meeting_id, comment.item_id, comment.anchor) == (world.meeting, world.item, None)
    assert comment.stance is Stance.SUPPORT and comment.phase is Phase.BEFORE
    assert comment.decided_by_id is None and comment.agree_count == 0 and comment.report_count == 0


def test_body_of_2000_characters_is_accepted_even_with_surrounding_space(world):
    body = "가" * 2000
    comment, _ = submit(world, body=f"\n  {body}  \n")
    db.session.commit()
    assert reloaded(comment.id).body == body


@pytest.mark.parametrize("body", ["가" * 2001, "a" * 2001, " " + "😀" * 2001])
def test_body_over_2000_characters_is_refused(world, body):
    error = refused(world, field="body", body=body)
    assert "2000" in str(error)


@pytest.mark.parametrize("body", ["", " ", "   \n\t  ", "\u3000"])
def test_empty_or_whitespace_body_is_refused(world, body):
    refused(world, field="body", body=body)


@pytest.mark.parametrize("body", [None, 42, 4.2, True, ["찬성"], {"text": "찬성"}, b"bytes"])
def test_body_that_is_not_text_is_refused(world, body):
    refused(world, field="body", body=body)


@pytest.mark.parametrize("body", ["찬성\x00합니다", "\x00", "끝\x00"])
def test_body_with_nul_is_refused(world, body):
    refused(world, field="body", body=body)


@pytest.mark.parametrize("text", [
    "정보화 예산을 늘려 주세요. 한글 자모: ㄱㄴㄷ ㅏㅑ",
    "좋아요 👍🏽 가족 👨‍👩‍👧‍👦 국기 🇰🇷",
    "أوافق على هذا الاقتراح ١٢٣",  # Arabic, right to left, Arabic-Indic digits
    "אני מסכים עם ההצעה",  # Hebrew
    "mixed \u202bRTL embedding\u202c and \u200fmark",
    "cafe\u0301 n\u0303 \u1100\u1161\u11a8",  # combining accents; Hangul jamo not composed
    "line one\nline two\n\nline four",
])
def test_text_is_stored_exactly_as_written(world, text):
    comment, _ = submit(world, body=text)
    db.session.commit()
    stored = reloaded(comment.id)
    assert stored.body == text
    assert stored.public_body == text


# --- stance ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["support", "oppose", "concern", "question", "suggestion"])
def test_each_stance_code_is_accepted(world, code):
    comment, _ = submit(world, stance=code)
    db.session.commit()
    assert reloaded(comment.id).stance.value == code


def test_there_are_exactly_five_stances():
    assert Stance.codes() == ["support", "oppose", "concern", "question", "suggestion"]


@pytest.mark.parametrize("stance", ["", "Support", "SUPPORT", " support", "agree", "찬성", None, 1, ["support"],
                                    {"support": 1}])
def test_other_stances_are_refused(world, stance):
    refused(world, field="stance", stance=stance)


# --- anchor ------------------------------------------------------------------------------------------


def test_anchor_of_the_items_document_is_kept(world):
    comment, _ = submit(world, anchor=world.anchors[1])
    db.session.commit()
    assert reloaded(comment.id).anchor == world.anchors[1]


def test_anchor_of_a_meeting_level_document_is_accepted(world):
    comment, _ = submit(world, anchor=world.meeting_anchor)
    assert comment.anchor == world.meeting_anchor


@pytest.mark.parametrize("anchor", [None, ""])
def test_no_anchor_means_the_whole_item(world, anchor):
    comment, _ = submit(world, anchor=anchor)
    assert comment.anchor is None


@pytest.mark.parametrize("anchor", ["p-00000000", "p-ffffffff", "p-12345678-2"])
def test_unknown_anchor_is_not_found(world, anchor):
    refused(world, code="not_found", field="anchor", anchor=anchor)


@pytest.mark.parametrize("anchor", ["p-xyz", "p-1234567", "p-123456789", "P-ABCDEF12", "abcdef12", " p-12345678",
                                    "p-%", "p-________", "<p id=x>", 12345678, ["p-12345678"], True])
def test_malformed_anchor_is_refused(world, anchor):
    refused(world, field="anchor", anchor=anchor)


def test_malformed_variants_of_a_real_anchor_are_refused(world):
    real = world.anchors[0]
    for anchor in (real.upper(), f" {real}", f"{real} ", real[:-1], f"{real}0", real.replace("p-", "p_")):
        refused(world, field="anchor", anchor=anchor)


def test_anchor_of_another_meetings_document_is_refused(world):
    other = factories.meeting(items=1, title="다른 회의")
    document = materials.add_document(other, None, "다른 자료", "다른 회의에만 있는 문단.", None)
    meetings.move_meeting(other, MeetingState.PUBLISHED)
    db.session.commit()
    from participation.core.text import render_markdown
    foreign = render_markdown(document.current.markdown).anchors[0].id
    refused(world, code="not_found", field="anchor", anchor=foreign)


# --- meeting state -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path, phase", [
    ((), Phase.BEFORE),
    ((MeetingState.LIVE,), Phase.LIVE),
    ((MeetingState.LIVE, MeetingState.CLOSED), Phase.AFTER),
])
def test_phase_follows_the_meeting_state(world, path, phase):
    for state in path:
        meetings.move_meeting(world.meeting_, state)
    db.session.commit()
    comment, _ = submit(world)
    assert comment.phase is phase


def test_a_draft_meeting_takes_no_comments(world):
    draft = factories.meeting(items=1, title="초안 회의")
    item = meetings.agenda_of(draft)[0]
    db.session.commit()
    refused(world, code="closed", item=item)


def test_a_meeting_with_a_final_record_takes_no_comments(world):
    for state in (MeetingState.LIVE, MeetingState.CLOSED, MeetingState.RECORD_FINAL):
        meetings.move_meeting(world.meeting_, state)
    db.session.commit()
    refused(world, code="closed")


def test_visible_item_hides_items_of_draft_meetings(world):
    from participation.meetings.queries import visible_item

    draft = factories.meeting(items=1, title="초안 회의")
    item = meetings.agenda_of(draft)[0]
    db.session.commit()
    for item_id in (item.id, 999_999):
        with pytest.raises(ServiceError) as error:
            visible_item(item_id, None)
        assert error.value.code == "not_found"
    assert visible_item(world.item, None).id == world.item


def test_get_comment_refuses_what_is_not_an_id(world):
    for comment_id in (999_999, "1", None, True, 2**64):
        with pytest.raises(ServiceError) as error:
            services.get_comment(comment_id, None)
        assert error.value.code == "not_found"


# --- guests ------------------------------------------------------------------------------------------


def guest(w, nickname="시민A", guest_id="guest-1", **kwargs):
    kwargs.setdefault("client_key", f"key-{next(_keys)}")
    kwargs.setdefault("stance", "question")
    kwargs.setdefault("body", "질문이 있습니다.")
    kwargs.setdefault("consent", CONSENT_VERSION)  # the guest ticks the consent box
    return services.submit(w.item_, Submitter(guest_id=guest_id, nickname=nickname), **kwargs)


def allow_guests(w, allow: bool = True):
    meetings.update_meeting(w.meeting_, allow_guest_comments=allow)
    db.session.commit()


def test_guests_may_not_comment_unless_the_meeting_allows_it(world):
    before = counts()
    with pytest.raises(ServiceError) as error:
        guest(world)
    assert error.value.code == "unauthorized"
    assert counts() == before


def test_a_guest_comments_with_a_nickname_where_allowed(world):
    allow_guests(world)
    comment, created = guest(world, nickname="  시민A  ")
    db.session.commit()
    comment = reloaded(comment.id)
    assert created and comment.is_guest
    assert (comment.author_id, comment.guest_name, comment.author_name) == (None, "시민A", "시민A")
    assert comment.submitter_key == "g:guest-1"


@pytest.mark.parametrize("nickname", [None, "", "   ", "가" * 41, 7, "a\x00b"])
def test_a_guest_needs_a_nickname_of_1_to_40_characters(world, nickname):
    allow_guests(world)
    before = counts()
    with pytest.raises(ServiceError) as error:
        guest(world, nickname=nickname)
    assert (error.value.code, error.value.field) == ("invalid", "nickname")
    assert counts() == before


def test_a_nickname_of_40_characters_is_accepted(world):
    allow_guests(world)
    comment, _ = guest(world, nickname="가" * 40)
    assert comment.guest_name == "가" * 40


# --- client_key and idempotency ----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["a", "A" * 64, "0123456789", "abc_DEF.ghi:jkl-mno", "550e8400e29b41d4a716446655440000"])
def test_valid_client_keys(world, key):
    comment, created = submit(world, key=key)
    assert created and comment.client_key == key


@pytest.mark.parametrize("key", ["", "a" * 65, "has space", "slash/", "키", "a\nb", "trailing-newline\n", "a+b", "ab\x00", None, 12,
                                 ["k"], True])
def test_invalid_client_keys_are_refused(world, key):
    refused(world, field="client_key", key=key)


def test_the_same_client_key_returns_the_same_comment(world):
    first, created = submit(world, key="resend-1", body="처음 보낸 글")
    db.session.commit()
    again, created_again = submit(world, key="resend-1", body="처음 보낸 글")
    db.session.commit()
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 1


def test_a_resend_returns_the_first_comment_even_if_the_text_differs(world):
    first, _ = submit(world, key="resend-2", body="첫 글")
    db.session.commit()
    again, created = submit(world, key="resend-2", body="다른 글", stance="oppose")
    assert (again.id, created, again.body, again.stance) == (first.id, False, "첫 글", Stance.SUPPORT)


def test_client_keys_belong_to_their_submitter(world):
    mine, _ = submit(world, "citizen", key="same-key")
    theirs, created = submit(world, "citizen2", key="same-key")
    db.session.commit()
    assert created and mine.id != theirs.id


def test_a_resend_is_answered_even_after_the_meeting_closed(world):
    """The comment was stored; a client that lost the acknowledgement learns its id, whatever happened since."""
    first, _ = submit(world, key="late-ack")
    for state in (MeetingState.LIVE, MeetingState.CLOSED, MeetingState.RECORD_FINAL):
        meetings.move_meeting(world.meeting_, state)
    db.session.commit()
    again, created = submit(world, key="late-ack")
    assert (again.id, created) == (first.id, False)


def test_a_refused_submit_changes_nothing(world):
    submit(world, key="kept")
    db.session.commit()
    before = counts()
    for kwargs in ({"body": ""}, {"stance": "nope"}, {"anchor": "p-00000000"}, {"key": "bad key"},
                   {"body": "x" * 2001}, {"body": "a\x00"}):
        with pytest.raises(ServiceError):
            submit(world, **kwargs)
    db.session.commit()
    assert counts() == before


def test_a_rolled_back_submit_stores_nothing(world):
    """An adapter that fails after `submit` (before its commit) must leave no comment behind."""
    submit(world, key="rolled-back")
    db.session.rollback()
    assert counts()["comments"] == 0
