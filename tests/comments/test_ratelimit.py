"""Comment rate limits: counted per use case (the form and the socket share them), configurable."""
from __future__ import annotations

import re

import pytest

from participation.comments import services
from participation.comments.consents import CONSENT_VERSION
from participation.comments.services import Submitter
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import services as meetings
from tests.comments.conftest import counts

pytestmark = pytest.mark.usefixtures("app_ctx")


def submit(w, who="citizen", key=None, **kwargs):
    kwargs.setdefault("body", "의견입니다.")
    kwargs.setdefault("stance", "support")
    return services.submit(w.item_, Submitter(user=w.user(who)), client_key=key or _key(), **kwargs)


_counter = iter(range(1, 1_000_000))


def _key() -> str:
    return f"rl-{next(_counter)}"


def guest_submit(w, guest_id, key=None, addr="192.0.2.1"):
    return services.submit(w.item_, Submitter(guest_id=guest_id, nickname="손님"), body="질문", stance="question",
                           client_key=key or _key(), remote_addr=addr, consent=CONSENT_VERSION)


def seconds_in(message: str) -> int:
    match = re.search(r"(\d+)\s*(?:seconds|초)", message)
    assert match, message
    return int(match.group(1))


def test_the_third_comment_in_a_minute_is_refused(world, app):
    app.config["COMMENT_RATE_LIMIT"] = "2 per minute"
    submit(world)
    submit(world)
    db.session.commit()
    before = counts()
    with pytest.raises(ServiceError) as error:
        submit(world)
    assert error.value.code == "rate_limited"
    assert 1 <= seconds_in(str(error.value)) <= 60
    assert counts() == before


def test_another_user_is_not_affected(world, app):
    app.config["COMMENT_RATE_LIMIT"] = "2 per minute"
    submit(world)
    submit(world)
    with pytest.raises(ServiceError):
        submit(world)
    comment, created = submit(world, "citizen2")
    assert created


def test_several_limits_apply_together(world, app):
    app.config["COMMENT_RATE_LIMIT"] = "5 per minute;2 per hour"
    submit(world)
    submit(world)
    with pytest.raises(ServiceError) as error:
        submit(world)
    assert error.value.code == "rate_limited"
    assert 60 < seconds_in(str(error.value)) <= 3600


def test_resending_an_existing_client_key_is_not_counted(world, app):
    app.config["COMMENT_RATE_LIMIT"] = "2 per minute"
    first, _ = submit(world, key="again")
    for _ in range(5):
        same, created = submit(world, key="again")
        assert (same.id, created) == (first.id, False)
    second, created = submit(world)
    assert created
    # The limit still holds for new comments, and a resend is answered even when limited.
    with pytest.raises(ServiceError) as error:
        submit(world)
    assert error.value.code == "rate_limited"
    assert submit(world, key="again")[0].id == first.id


def test_refused_comments_do_not_use_up_the_limit(world, app):
    """A refused call changes nothing (docs/realtime.md): fixing a typo must not lock a citizen out."""
    app.config["COMMENT_RATE_LIMIT"] = "2 per minute"
    for bad in ({"body": ""}, {"stance": "nope"}, {"anchor": "p-00000000"}, {"body": "x" * 2001}):
        with pytest.raises(ServiceError) as error:
            submit(world, **bad)
        assert error.value.code in ("invalid", "not_found")
    submit(world)
    submit(world)


def test_the_limit_can_be_switched_off(world, app):
    app.config.update(COMMENT_RATE_LIMIT="1 per minute", RATELIMIT_ENABLED=False)
    for _ in range(3):
        submit(world)


def test_guests_have_their_own_limit(world, app):
    meetings.update_meeting(world.meeting_, allow_guest_comments=True)
    db.session.commit()
    app.config.update(GUEST_COMMENT_RATE_LIMIT="1 per minute", COMMENT_RATE_LIMIT="10 per minute")
    guest_submit(world, "guest-a", addr="192.0.2.1")
    before = counts()
    with pytest.raises(ServiceError) as error:
        guest_submit(world, "guest-a", addr="192.0.2.1")
    assert error.value.code == "rate_limited"
    assert 1 <= seconds_in(str(error.value)) <= 60
    assert counts() == before
    # A logged-in citizen is counted against the account limit, not the guests'.
    submit(world)
    submit(world)


def test_a_guest_cannot_escape_the_limit_with_a_new_guest_id(world, app):
    meetings.update_meeting(world.meeting_, allow_guest_comments=True)
    db.session.commit()
    app.config["GUEST_COMMENT_RATE_LIMIT"] = "1 per minute"
    guest_submit(world, "guest-a", addr="192.0.2.7")
    with pytest.raises(ServiceError) as error:
        guest_submit(world, "guest-b", addr="192.0.2.7")
    assert error.value.code == "rate_limited"
    # A guest elsewhere is not affected.
    guest_submit(world, "guest-c", addr="198.51.100.9")


def test_a_guest_resend_is_not_counted(world, app):
    meetings.update_meeting(world.meeting_, allow_guest_comments=True)
    db.session.commit()
    app.config["GUEST_COMMENT_RATE_LIMIT"] = "1 per minute"
    first, _ = guest_submit(world, "guest-a", key="g-again")
    again, created = guest_submit(world, "guest-a", key="g-again")
    assert (again.id, created) == (first.id, False)
