"""/api/v1/meetings/<id>/record over the demo (its 2016 meeting has a final record): the same JSON as the
record export, each version, `Last-Modified` with `304`; and the licence each comment was written under."""
from __future__ import annotations

from participation.extensions import db
from tests.api import open_data
from tests.api.openapi import checked_get


def test_the_record_is_the_exports_json_with_its_versions(client, demo):
    answer = checked_get(client, "/api/v1/meetings/1/record")
    assert answer.status_code == 200
    export = client.get("/meetings/1/record.json").get_json()
    assert answer.json["record"] == export
    versions = answer.json["versions"]
    assert [v["number"] for v in versions] == list(range(1, len(versions) + 1))
    assert versions[-1]["sha256"] == export["sha256"]
    first = checked_get(client, "/api/v1/meetings/1/record?version=1")
    assert first.json["record"]["version"] == 1
    assert checked_get(client, f"/api/v1/meetings/1/record?version={len(versions) + 1}").status_code == 404


def test_a_record_version_answers_304_to_if_modified_since(client, demo):
    answer = client.get("/api/v1/meetings/1/record?version=1")
    assert answer.headers["Last-Modified"]
    again = client.get("/api/v1/meetings/1/record?version=1",
                       headers={"If-Modified-Since": answer.headers["Last-Modified"]})
    assert again.status_code == 304


def test_a_comment_keeps_the_licence_the_form_stated_when_it_was_written(app, client):
    with app.app_context():
        world = open_data.build()
    app.config["DATA_LICENCE"] = {"id": "KOGL-Type1", "name": "공공누리 제1유형", "url": "https://www.kogl.or.kr/"}
    with app.app_context():
        newer = open_data.approve_another(world, "새 이용허락 아래의 의견")
    listed = {c["id"]: c["licence"] for c in client.get("/api/v1/comments").json["data"]}
    assert listed[newer] == "KOGL-Type1"
    assert {listed[i] for i in world.approved_ids} == {"CC-BY-4.0"}
    page = client.get(f"/meetings/{world.public_meeting_id}/items/{world.item_ids[0]}").get_data(as_text=True)
    assert "공공누리 제1유형" in page and 'rel="license"' in page
    with app.app_context():
        assert db.session.execute(db.text("SELECT COUNT(*) FROM comments WHERE licence = 'KOGL-Type1'")).scalar() == 1
