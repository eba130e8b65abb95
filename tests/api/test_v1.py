"""The JSON API (/api/v1): every endpoint's answers against the OpenAPI document, what is public and what
never is, drafts, errors."""
from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from participation.extensions import db
from tests.api import open_data
from tests.api.openapi import checked_get, document


@pytest.fixture
def world(app):
    """Built in an app context of its own: requests then push theirs (with their own `g` and language)."""
    with app.app_context():
        return open_data.build()


def _urls(world) -> list[str]:
    m, item = world.public_meeting_id, world.item_ids[0]
    return ["/api/v1/committees", "/api/v1/tasks", "/api/v1/tasks/3-1-7", "/api/v1/meetings",
            f"/api/v1/meetings/{m}", f"/api/v1/meetings/{m}/items", f"/api/v1/meetings/{m}/comments",
            f"/api/v1/meetings/{m}/feedback", "/api/v1/comments", f"/api/v1/comments?meeting={m}",
            f"/api/v1/comments?item={item}&stance=support&phase=before", "/api/v1/comments?limit=1",
            "/api/v1/comments?since=2000-01-01T00:00:00%2B09:00"]


def test_the_document_is_valid_openapi_3_1(client):
    spec = document(client)
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["license"]["identifier"] == "CC-BY-4.0"
    validate(spec)
    assert {"/api/v1/comments", "/api/v1/meetings/{meeting_id}/record", "/api/v1/tasks/{code}"} <= set(spec["paths"])


def test_every_endpoint_answers_as_documented(client, world):
    for url in _urls(world):
        response = checked_get(client, url)
        assert response.status_code == 200, url


def test_errors_answer_as_documented_in_the_requested_language(client, world):
    korean = checked_get(client, "/api/v1/meetings/999999", headers={"Accept-Language": "ko"})
    english = checked_get(client, "/api/v1/meetings/999999", headers={"Accept-Language": "en"})
    assert korean.status_code == english.status_code == 404
    assert korean.json["error"]["code"] == english.json["error"]["code"] == "not_found"
    assert korean.json["error"]["message"] != english.json["error"]["message"]
    assert "not" in english.json["error"]["message"]
    bad = checked_get(client, "/api/v1/comments?stance=angry&limit=9999", headers={"Accept-Language": "en"},
                      valid_request=False)
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_parameter"
    assert set(bad.json["error"]["errors"]["query"]) == {"stance", "limit"}


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJtZWV0aW5ncyIsMV0", "WyJjb21tZW50cyIsIjIwMjAtMDEtMDEiLDFd"])
def test_a_cursor_the_listing_did_not_give_is_refused(client, world, cursor):
    """Undecodable; an empty list; the meetings listing's; a naive time: each a 422, never a 500."""
    response = checked_get(client, f"/api/v1/comments?cursor={cursor}", valid_request=False)
    assert response.status_code == 422 and response.json["error"]["errors"]["query"] == {
        "cursor": [response.json["error"]["errors"]["query"]["cursor"][0]]}


def test_only_approved_comments_of_public_meetings_with_masked_bodies(client, world):
    listed = client.get("/api/v1/comments").json["data"]
    assert sorted(c["id"] for c in listed) == sorted(world.approved_ids)
    by_id = {c["id"]: c for c in listed}
    masked = by_id[world.approved_ids[0]]["body"]
    assert open_data.PHONE not in masked and open_data.EMAIL not in masked
    plain = by_id[world.approved_ids[1]]
    assert plain["votes"] == {"agree": 1, "disagree": 1, "pass": 0}
    assert [r["body"] for r in plain["replies"]] == ["검토하겠습니다"]
    assert by_id[world.approved_ids[2]]["guest"] is True and by_id[world.approved_ids[2]]["author"] == "손님"
    assert {c["licence"] for c in listed} == {"CC-BY-4.0"}


def test_no_endpoint_leaks_hidden_texts_or_personal_data(client, world):
    urls = _urls(world) + [f"/api/v1/meetings/{world.public_meeting_id}/record", "/api/v1/openapi.json"]
    for url in urls:
        body = client.get(url).get_data(as_text=True)
        body = body.encode().decode("unicode_escape") if "\\u" in body else body
        for text in world.hidden_texts + world.secrets:
            assert text not in body, (url, text)


def test_a_draft_is_invisible_through_every_endpoint_and_filter(client, world, auth):
    draft = world.draft_meeting_id
    for url in (f"/api/v1/meetings/{draft}", f"/api/v1/meetings/{draft}/items", f"/api/v1/meetings/{draft}/comments",
                f"/api/v1/meetings/{draft}/feedback", f"/api/v1/meetings/{draft}/record"):
        assert checked_get(client, url).status_code == 404, url
    assert client.get(f"/api/v1/comments?meeting={draft}").json == {"data": [], "next": None}
    assert draft not in [m["id"] for m in client.get("/api/v1/meetings").json["data"]]


def test_the_feedback_counts_pending_and_rejected_only_as_numbers(client, world):
    feedback = client.get(f"/api/v1/meetings/{world.public_meeting_id}/feedback").json
    assert feedback["figures"]["submitted"] == 6
    assert feedback["figures"]["approved"] == 3 and feedback["figures"]["rejected"] == 1
    assert feedback["figures"]["waiting"] == 2  # the pending one, and the one hidden for review
    first = feedback["items"][0]
    assert first["task_code"] == "3-1-7" and first["by_stance"]["question"] == 1


def test_a_meeting_lists_its_agenda_and_links(client, world):
    meeting = client.get(f"/api/v1/meetings/{world.public_meeting_id}").json
    assert [i["id"] for i in meeting["items"]] == world.item_ids
    assert meeting["links"]["live"].endswith(f"/meetings/{world.public_meeting_id}/live")
    assert meeting["state"] == "published"


def test_a_new_comment_changes_the_etag_and_a_matching_one_answers_304(client, world, app):
    first = client.get("/api/v1/comments")
    tag = first.headers["ETag"]
    again = client.get("/api/v1/comments", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b""
    with app.app_context():
        open_data.approve_another(world, "새 의견")
    changed = client.get("/api/v1/comments", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag


def test_reads_from_other_sites_are_allowed(client, world):
    response = client.get("/api/v1/meetings", headers={"Origin": "https://civic.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/meetings", headers={"Origin": "https://civic.example",
                                                            "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_past_the_rate_limit_429_with_retry_after(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    # One budget across the API's blueprints: committees and tasks, meetings, comments.
    answers = [client.get(url, environ_base={"REMOTE_ADDR": "10.9.9.9"})
               for url in ("/api/v1/committees", "/api/v1/meetings", "/api/v1/comments", "/api/v1/tasks")]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].json["error"]["code"] == "rate_limited" and int(answers[-1].headers["Retry-After"]) > 0
    assert client.get("/api/v1/committees", environ_base={"REMOTE_ADDR": "10.9.9.8"}).status_code == 200


def test_the_documentation_page_is_served_from_the_app(client):
    page = client.get("/api/v1/docs", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in html and "CC-BY-4.0" in html and "//cdn" not in html


def test_a_comment_approved_a_moment_ago_waits_for_the_next_request(app, client, world):
    """A client paging by approval time must not pass a comment whose transaction is still committing."""
    app.config["API_SETTLE_SECONDS"] = 3600
    assert client.get("/api/v1/comments").json["data"] == []
    app.config["API_SETTLE_SECONDS"] = 0
    assert len(client.get("/api/v1/comments").json["data"]) == 3


@pytest.mark.parametrize("query", ["since=9999-12-31T23:00:00-05:00", "since=0001-01-01T00:00:00%2B05:00",
                                   "since=2020-01-01T00:00:00", "cursor=WyJjb21tZW50cyIsIjk5OTktMTItMzFUMjM6MDA6MDAtMDU6MDAiLDFd",
                                   "cursor=WyJjb21tZW50cyIsIjIwMjAtMDEtMDFUMDA6MDA6MDArMDA6MDAiLDkyMjMzNzIwMzY4NTQ3NzU4MDhd"])
def test_times_and_ids_out_of_range_are_invalid_parameters(client, world, query):
    """Past UTC's range either side, without an offset; a cursor at year 9999 west of UTC, or past the ids."""
    response = checked_get(client, f"/api/v1/comments?{query}", valid_request=False)
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid_parameter"
