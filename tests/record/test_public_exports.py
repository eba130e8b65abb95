"""The record as served: anonymization in the HTML, Markdown and JSON; only approved comments with the
right figures; a version's exports the same bytes every time and frozen against later changes; the
Markdown re-importing to the same entries."""
from __future__ import annotations

import json

import pytest

from participation.accounts.models import User
from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import AgendaItem
from participation.record import exports, importer, markdown
from participation.record.kinds import EntryType
from tests import factories
from tests.record.reading_data import APPROVED, HIDDEN_TEXTS, NAMES, REPLY, build

STAMP = ("version", "sha256", "finalized_at")


@pytest.fixture
def case(app):
    return build(app)


def served(client, meeting_id: int, query: str = "") -> dict[str, str]:
    return {form or "html": client.get(f"/meetings/{meeting_id}/record{form}{query}").get_data(as_text=True)
            for form in ("", ".md", ".json")}


def statement_texts(forms: dict[str, str]) -> dict[str, str]:
    """Per form, the text where statements are: the page, the Markdown's proceedings, the JSON's entries."""
    data = json.loads(forms[".json"])
    return {"html": forms["html"], "md": forms[".md"].split(markdown.END_OF_PROCEEDINGS)[0],
            "json": json.dumps([e for e in data["entries"] if e["type"] == "statement"], ensure_ascii=False)}


def names_in(forms: dict[str, str]) -> dict[str, set[str]]:
    return {form: {name for name in NAMES if name in text} for form, text in statement_texts(forms).items()}


def policy(on: bool):
    return lambda record: setattr(record, "anonymize_members", on)


def test_no_members_name_appears_in_a_draft_with_the_policy_on_and_each_with_it_off(case, client):
    case.log_in(client, "secretary")
    assert names_in(served(client, case.meeting_id)) == {"html": set(), "md": set(), "json": set()}
    case.edit(policy(False))
    assert names_in(served(client, case.meeting_id)) == dict.fromkeys(("html", "md", "json"), set(NAMES))


def test_a_version_keeps_the_policy_it_was_made_with(case, client):
    case.add_version()
    assert names_in(served(client, case.meeting_id)) == {"html": set(), "md": set(), "json": set()}
    case.edit(policy(False))  # a later change of policy does not alter version 1; version 2 follows it
    assert all(name not in text for text in served(client, case.meeting_id).values() for name in NAMES)
    case.add_version()
    assert names_in(served(client, case.meeting_id)) == dict.fromkeys(("html", "md", "json"), set(NAMES))
    old = served(client, case.meeting_id, "?version=1")
    assert all(name not in text for text in old.values() for name in NAMES)


def test_only_approved_comments_appear_with_the_figures_per_item_and_reason(case, client):
    case.add_version()
    client.set_cookie("lang", "en")
    forms = served(client, case.meeting_id)
    for form, text in forms.items():
        for shown in (*APPROVED, REPLY):
            assert shown in text, (form, shown)
        for hidden in HIDDEN_TEXTS:
            assert hidden not in text, (form, hidden)
    first, second = json.loads(forms[".json"])["citizens"]["items"]
    assert [c["body"] for c in first["comments"]] == list(APPROVED)
    assert first["figures"] == {"submitted": 3, "approved": 2, "rejected": 1, "pending": 0, "hidden": 0,
                                "participants": 3, "rejected_by_reason": {"off_topic": 1}}
    assert second["figures"]["rejected_by_reason"] == {"abusive": 1} and second["figures"]["pending"] == 1
    html = forms["html"]
    assert "<dd>1 (Off-topic 1)</dd>" in html and "<dd>1 (Abusive or discriminatory 1)</dd>" in html
    assert "<dt>Waiting</dt><dd>1</dd>" in html
    assert "접수 3 · 승인 2 · 반려 1 (주제와 무관 1)" in forms[".md"] and "반려 1 (욕설·차별 1)" in forms[".md"]


def test_the_json_is_the_document_with_its_version_hash_and_time(case, client):
    case.log_in(client, "member")
    draft = client.get(f"/meetings/{case.meeting_id}/record.json")
    assert draft.mimetype == "application/json"
    data = json.loads(draft.data)
    assert {key: data[key] for key in STAMP} == dict.fromkeys(STAMP)
    document = case.edit(exports.document)
    assert {k: v for k, v in data.items() if k not in STAMP} == document
    _, sha = case.add_version()
    response = client.get(f"/meetings/{case.meeting_id}/record.json")
    data = json.loads(response.data)
    assert data["version"] == 1 and data["sha256"] == sha and data["finalized_at"].endswith("+00:00")
    assert exports.sha256(exports.canonical_json({k: v for k, v in data.items() if k not in STAMP})) == sha
    assert [e["type"] for e in data["entries"]].count("statement") == 59
    day = document["meeting"]["starts_at"][:10]
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="record-{day}-meeting-{case.meeting_id}-v1.json"'
    markdown_download = client.get(f"/meetings/{case.meeting_id}/record.md")
    assert markdown_download.content_type == "text/markdown; charset=utf-8"
    assert markdown_download.headers["Content-Disposition"].endswith(f'meeting-{case.meeting_id}-v1.md"')


def later_changes(case):
    def change(record):
        item = db.session.get(AgendaItem, case.items[0])
        moderator = db.session.get(User, case.people["moderator"])
        factories.approved_comment(item, factories.user(Role.CITIZEN), moderator, body="나중에 온 의견")
        record.entries[0].text = "바뀐 제목"
    case.edit(change)


def test_a_versions_exports_are_the_same_bytes_every_time_and_ignore_later_changes(case, client):
    case.add_version()
    url = f"/meetings/{case.meeting_id}/record"
    first = {form: client.get(f"{url}{form}").data for form in (".md", ".json")}
    for lang in ("en", "ko"):  # neither the reader's language nor who reads changes a version
        client.set_cookie("lang", lang)
        case.log_in(client, "secretary" if lang == "en" else None)
        assert {form: client.get(f"{url}{form}?version=1").data for form in (".md", ".json")} == first
    later_changes(case)
    assert {form: client.get(f"{url}{form}").data for form in (".md", ".json")} == first
    html = client.get(url).get_data(as_text=True)
    assert "나중에 온 의견" not in html and "바뀐 제목" not in html
    etag = client.get(f"{url}.json").headers["ETag"]
    assert client.get(f"{url}.json", headers={"If-None-Match": etag}).status_code == 304
    case.log_in(client, "secretary")  # the live draft has moved on; the next version will hold it
    assert "나중에 온 의견" in case.edit(lambda record: exports.to_markdown(record))


def test_the_markdown_reimports_to_the_same_entries_and_carries_the_citizens_part(case, client):
    def multi_line_comment(record):
        item = db.session.get(AgendaItem, case.items[1])
        moderator, replier = (db.session.get(User, case.people[who]) for who in ("moderator", "replier"))
        comment = factories.approved_comment(item, factories.user(Role.CITIZEN), moderator,
                                             body="여러 줄\n\n## 제목처럼\n- 목록처럼")
        comments.post_reply(comment, replier, "답변\n둘째 줄")
    case.edit(multi_line_comment)
    _, sha = case.add_version()
    text = client.get(f"/meetings/{case.meeting_id}/record.md").get_data(as_text=True)
    public = json.loads(client.get(f"/meetings/{case.meeting_id}/record.json").data)["entries"]
    again = importer.parse(text)
    assert [(e.type.value, e.text, e.speaker) for e in again.entries] == \
        [(e["type"], e["text"], e.get("speaker")) for e in public]
    assert again.count(EntryType.SECTION) == 9 and again.count(EntryType.STATEMENT) == 59
    assert f"- SHA-256 : {sha}" in text and "- 회의록 버전 : 1" in text
    proceedings, citizens_part = text.split(markdown.END_OF_PROCEEDINGS)
    assert "## 시민 참여" in citizens_part and APPROVED[0] in citizens_part
    # The replier is a member: shown as ○○○ while the record anonymizes members (its default).
    assert "   - ▷ 공식 답변 (○○○)" in citizens_part and "답변위원" not in text
    assert "\n   ## 제목처럼\n" in citizens_part and "\n     둘째 줄" in citizens_part  # inside their list items
    assert APPROVED[0] not in proceedings
