"""No internal code reaches a person: every refusal of the comment, reply, report and moderation use
cases (and of the socket's payload checks) speaks in labels of the user's language, in Korean and in
English, never in codes such as `off_topic`, `support` or `comment_id`."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from participation.comments import services
from participation.comments.models import RejectReason, Stance
from participation.comments.services import Submitter
from participation.core.services import ServiceError
from participation.extensions import db
from participation.live.payloads import PayloadError, integer, require_field
from tests import factories
from tests.comments.conftest import GENEROUS  # noqa: F401  (the world fixture sets generous limits)

pytestmark = pytest.mark.usefixtures("app_ctx")

FIELDS = ("comment_id", "item_id", "meeting_id", "client_key", "last_event_id", "redactions", "nickname", "stance")
# Codes that are no plain words (`spam` and `other` are also words of the labels themselves).
CODES = re.compile(r"\b(%s)\b" % "|".join(
    [*FIELDS, *(c for c in [*Stance.codes(), *RejectReason.codes()] if c not in ("spam", "other"))]))


def _refusals(world) -> list:
    item, citizen, moderator, member = (world.item_, world.user("citizen"), world.user("moderator"),
                                        world.user("member"))
    pending = factories.comment(item, citizen)
    approved = factories.approved_comment(item, world.user("citizen2"), moderator)
    db.session.commit()
    submit = lambda **kw: services.submit(item, Submitter(user=citizen), **{  # noqa: E731
        "body": "의견", "stance": "support", "client_key": "k", **kw})
    return [
        lambda: submit(stance="maybe"), lambda: submit(stance=None), lambda: submit(body=""),
        lambda: submit(body="x" * 2001), lambda: submit(body="a\x00b"), lambda: submit(client_key="no spaces"),
        lambda: submit(anchor="p-00000000"), lambda: submit(anchor="bad"),
        lambda: services.submit(item, Submitter(guest_id="g", nickname="손님"), body="의견", stance="support",
                                client_key="g1"),
        lambda: services.reject(pending, moderator, reason="maybe"),
        lambda: services.reject(pending, moderator, reason="other"),
        lambda: services.approve(pending, moderator, redactions="1-3"),
        lambda: services.approve(pending, moderator, redactions=[[0, 2]]),
        lambda: services.approve(approved, world.user("moderator2")),
        lambda: services.approve(pending, citizen),
        lambda: services.post_reply(pending, member, "답변"), lambda: services.post_reply(approved, member, ""),
        lambda: services.post_reply(approved, citizen, "답변"),
        lambda: services.report(approved, citizen, ""), lambda: services.report(pending, citizen, "이유"),
        lambda: services.agree(approved, world.user("citizen2")),
        lambda: services.vote(approved, Submitter(user=moderator), "agree"),
        lambda: services.vote(approved, Submitter(user=citizen), "maybe"),
        lambda: services.vote(pending, Submitter(user=citizen), "pass"),
        lambda: services.vote(approved, Submitter(guest_id="g"), "disagree"),
        lambda: services.vote(approved, Submitter(), "agree"),
        lambda: services.hide(approved, moderator, reason="maybe"),
        lambda: services.hide(approved, moderator, reason="other"),
        lambda: services.hide(approved, citizen, reason="abusive"),
        lambda: services.hide(pending, moderator, reason="abusive"),
        lambda: services.dismiss_reports(approved, citizen),
        lambda: services.dismiss_reports(pending, moderator),
        lambda: services.get_comment(10**9, citizen), lambda: services.get_comment("1", citizen),
        lambda: require_field({}, "comment_id"), lambda: integer({}, "comment_id"),
        lambda: integer({"item_id": "1"}, "item_id"), lambda: integer({"meeting_id": True}, "meeting_id"),
        lambda: integer({"last_event_id": -1}, "last_event_id", minimum=0),
    ]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_no_refusal_shows_an_internal_code(world, language):
    messages = []
    for refusal in _refusals(world):
        with force_locale(language):
            try:
                refusal()
            except (ServiceError, PayloadError) as error:
                messages.append(str(error.message))
            else:
                pytest.fail(f"not refused: {refusal}")
        db.session.rollback()
    leaking = [m for m in messages if CODES.search(m)]
    assert leaking == []
    if language == "en":
        assert any("Support, Oppose, Concern, Question, Suggestion" in m for m in messages)
    else:
        english = [m for m in messages if re.search(r"[A-Za-z]{4,}", m.replace("Moderator Kim", ""))]  # a name
        assert english == []
