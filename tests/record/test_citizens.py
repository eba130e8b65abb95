"""The citizens' part of a record: only approved texts, masked as approved, with figures per item and reason."""
from __future__ import annotations

import pytest

from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.record import citizens, exports, importer, services
from participation.record.models import WrittenOpinion
from tests import factories
from tests.record import minutes_text


@pytest.fixture
def meeting(app_ctx):
    meeting = factories.meeting(published=True, items=2)
    first, second = sorted(meeting_items(meeting), key=lambda i: i.position)
    moderator, member = factories.user(Role.MODERATOR), factories.user(Role.MEMBER, name="김위원")
    citizens_ = [factories.user(Role.CITIZEN) for _ in range(3)]
    approved = factories.approved_comment(first, citizens_[0], moderator, body="연락처 010-1234-5678 로 알려 주세요")
    comments.post_reply(approved, member, "검토하겠습니다.")
    factories.approved_comment(first, citizens_[1], moderator, body="찬성합니다")
    comments.reject(factories.comment(first, citizens_[2], body="거절될 글"), moderator, reason="off_topic")
    comments.reject(factories.comment(second, citizens_[0], body="또 거절될 글"), moderator, reason="abusive")
    factories.comment(second, citizens_[1], body="기다리는 글")
    db.session.commit()
    return meeting


def meeting_items(meeting):
    from participation.meetings.services import agenda_of
    return agenda_of(meeting)


def test_only_approved_texts_appear_with_the_figures(meeting):
    part = citizens.citizens_part(meeting)
    first, second = part["items"]
    assert [c["body"] for c in first["comments"]][1] == "찬성합니다"
    assert "010-1234-5678" not in first["comments"][0]["body"]  # masked as approved
    assert first["comments"][0]["replies"][0]["body"] == "검토하겠습니다."
    assert second["comments"] == []
    text = exports.canonical_json(part)
    for hidden in ("거절될 글", "또 거절될 글", "기다리는 글"):
        assert hidden not in text
    assert first["figures"] == {"submitted": 3, "approved": 2, "rejected": 1, "pending": 0, "hidden": 0,
                                "participants": 3, "rejected_by_reason": {"off_topic": 1}}
    assert second["figures"]["rejected_by_reason"] == {"abusive": 1}
    assert second["figures"]["pending"] == 1 and second["figures"]["participants"] == 2
    assert part["figures"]["submitted"] == 5 and part["figures"]["participants"] == 3
    assert part["figures"]["rejected_by_reason"] == {"abusive": 1, "off_topic": 1}


def test_written_opinions_follow_the_anonymization_policy(meeting):
    record = services.import_minutes(meeting, importer.parse(minutes_text()))
    member = factories.user(Role.MEMBER, name="박위원")
    item = meeting_items(meeting)[0]
    db.session.add(WrittenOpinion(record_id=record.id, agenda_item_id=item.id, member_id=member.id, body="의견입니다"))
    db.session.commit()
    anonymous = exports.canonical_json(exports.document(record))
    assert "의견입니다" in anonymous and "박위원" not in anonymous
    record.anonymize_members = False
    assert "박위원" in exports.canonical_json(exports.document(record))


def test_official_replies_follow_the_anonymization_policy(meeting):
    def reply_authors(part):
        return [reply["author"] for item in part["items"] for c in item["comments"] for reply in c["replies"]]

    assert reply_authors(citizens.citizens_part(meeting)) == [citizens.ANONYMOUS]
    assert reply_authors(citizens.citizens_part(meeting, anonymize=False)) == ["김위원"]
    record = services.import_minutes(meeting, importer.parse(minutes_text()))
    db.session.commit()
    for on in (True, False):
        record.anonymize_members = on
        forms = (exports.canonical_json(exports.document(record)), exports.to_markdown(record))
        assert all(("김위원" in text) is not on for text in forms), on
        assert all(("검토하겠습니다." in text) for text in forms)  # the reply itself stays


def test_each_item_carries_its_feedback_brief(meeting):
    first, second = citizens.citizens_part(meeting)["items"]
    brief = first["brief"]
    assert brief["figures"] == {"submitted": 3, "approved": 2, "waiting": 0, "rejected": 1, "participants": 3,
                                "agrees": 0}
    assert brief["by_stance"] == {"support": 2, "oppose": 0, "concern": 0, "question": 0, "suggestion": 0}
    assert brief["by_phase"] == {"before": 2, "live": 0, "after": 0}
    assert brief["rejected_by_reason"]["off_topic"] == 1 and sum(brief["rejected_by_reason"].values()) == 1
    # The most agreed (none agreed: the newest first), their public text: the phone number masked.
    assert [c["body"] for c in brief["top"]][0] == "찬성합니다"
    assert [c["id"] for c in brief["top"]] == [c["id"] for c in reversed(first["comments"])]
    assert "010-1234-5678" not in exports.canonical_json(brief) and brief["themes"] is None
    assert second["brief"]["top"] == [] and second["brief"]["figures"]["waiting"] == 1
    text = exports.canonical_json(second["brief"])
    assert "또 거절될 글" not in text and "기다리는 글" not in text
