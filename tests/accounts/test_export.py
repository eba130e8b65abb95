"""The account data download (accounts/deletion.py `export_account`, data_views.py): the person's own from
/account, a person's by an administrator on request (audited). One JSON file with the profile, the
comments with their status and reasons, the votes, the reports and the consents, and nothing of anybody
else; an attachment, UTF-8, never cached."""
from __future__ import annotations

import json

import pytest

from participation.accounts import audit
from participation.comments.consents import CONSENT_VERSION
from tests.accounts import departure
from tests.accounts.departure import BODIES, EMAIL, NAME, OTHER_EMAIL, OTHER_NAME
from tests.accounts.test_deletion import delete_own, logged_in, shows
from tests.conftest import csrf_token

SECTIONS = {"format", "version", "exported_at", "profile", "comments", "votes", "reports", "consents"}


@pytest.fixture
def app(app):
    app.config.update(COMMENT_RATE_LIMIT="1000 per minute", LOGIN_RATE_LIMIT="1000 per minute",
                      ACCOUNT_DATA_RATE_LIMIT="1000 per minute")
    return app


@pytest.fixture
def world(app):
    with app.app_context():
        return departure.build()


def export(client, url="/account/export", form_url="/account"):
    return client.post(url, data={"csrf_token": csrf_token(client, form_url)})


def test_the_download_is_an_uncached_utf8_json_attachment(app, world):
    response = export(logged_in(app))
    assert response.status_code == 200
    assert response.mimetype == "application/json" and response.mimetype_params.get("charset") == "utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"account-{world.person_id}-" in disposition
    assert disposition.endswith('.json"')
    assert "no-store" in response.headers["Cache-Control"]
    assert NAME.encode("utf-8") in response.data  # UTF-8 as is, not escaped
    assert SECTIONS <= set(json.loads(response.data))


def test_each_section_holds_the_persons_data(app, world):
    data = json.loads(export(logged_in(app)).data)
    assert data["profile"] == {**data["profile"], "id": world.person_id, "email": EMAIL, "display_name": NAME,
                               "roles": ["citizen"], "locale": "ko"}
    mine = {c["id"]: c for c in data["comments"]}
    assert set(mine) == {world.comment_ids[w] for w in ("final", "approved", "pending", "hidden", "rejected")}
    by_body = {c["body"]: c for c in data["comments"]}
    assert by_body[BODIES["pending"]]["status"] == "pending"
    assert by_body[BODIES["hidden"]]["status"] == "hidden"
    assert by_body[BODIES["approved"]]["status"] == "approved"
    assert by_body[BODIES["approved"]]["votes"] == {"agree": 1, "disagree": 1, "pass": 0}
    rejected = by_body[BODIES["rejected"]]
    assert (rejected["status"], rejected["reject_reason"], rejected["moderator_note"]) == \
        ("rejected", "other", "주제와 다른 내용입니다")
    assert rejected["reject_reason_label"]
    assert by_body[BODIES["approved"]]["moderator_note"] is None
    assert [(v["comment_id"], v["choice"]) for v in data["votes"]] == [(world.comment_ids["other"], "agree")]
    assert [(r["comment_id"], r["reason"]) for r in data["reports"]] == [(world.comment_ids["other"], "다시 보아 주세요")]
    assert [c["text_version"] for c in data["consents"]] == [CONSENT_VERSION]


def test_nothing_of_anybody_else(app, world):
    body = export(logged_in(app)).data
    for theirs in (OTHER_NAME, OTHER_EMAIL, BODIES["other"], "the.admin@example.org", "공개 답변입니다", "김위원"):
        assert not shows(body, theirs), theirs
    with app.app_context():
        moderator = departure.db.session.get(departure.User, world.moderator_id)
        assert not shows(body, moderator.display_name) and not shows(body, moderator.email)


def test_an_admin_exports_a_persons_data_and_it_is_audited(app, world):
    admin = logged_in(app, "the.admin@example.org")
    response = export(admin, f"/admin/users/{world.person_id}/export", "/admin/users")
    assert response.status_code == 200
    data = json.loads(response.data)
    assert data["profile"]["email"] == EMAIL and data["profile"]["id"] == world.person_id
    assert not shows(response.data, "the.admin@example.org")
    with app.app_context():
        [entry] = audit.recent()
        assert (entry.action, entry.subject_id, entry.actor_id) == (audit.AccountAction.EXPORT, world.person_id,
                                                                    world.admin_id)
    page = admin.get("/admin/users?lang=en").get_data(as_text=True)
    assert "Data exported" in page and f"#{world.person_id}" in page


def test_ones_own_download_is_not_audited(app, world):
    export(logged_in(app))
    with app.app_context():
        assert audit.recent() == []


def test_only_admins_download_another_persons_data(app, world):
    other = logged_in(app, OTHER_EMAIL)
    response = other.post(f"/admin/users/{world.person_id}/export",
                          data={"csrf_token": csrf_token(other, "/account")})
    assert response.status_code == 403
    assert app.test_client().post("/account/export").status_code in (302, 400)  # no login (and no CSRF token)


def test_the_download_needs_its_csrf_token(app, world):
    person = logged_in(app)
    assert person.post("/account/export").status_code == 400
    assert person.get("/account/export").status_code == 405


def test_downloads_are_rate_limited(app, world):
    app.config["ACCOUNT_DATA_RATE_LIMIT"] = "2 per minute"
    person = logged_in(app)
    assert [export(person).status_code for _ in range(3)] == [200, 200, 429]


def test_a_deleted_account_has_nothing_left_to_export(app, world):
    delete_own(logged_in(app))
    admin = logged_in(app, "the.admin@example.org")
    assert export(admin, f"/admin/users/{world.person_id}/export", "/admin/users").status_code == 404
