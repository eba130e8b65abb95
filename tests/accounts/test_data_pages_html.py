"""The pages of a person's data are valid HTML (the Nu Html Checker, as tests/test_html_validity.py runs it
on the public pages): the account page with its data section, the deletion form (also refused), the
administrator's users page with its audit log and the administrator's deletion page."""
from __future__ import annotations

import json
import subprocess

import pytest

from tests.accounts import departure
from tests.accounts.test_deletion import delete_own, logged_in
from tests.conftest import csrf_token
from tests.test_html_validity import _checker


@pytest.fixture
def world(app):
    app.config.update(COMMENT_RATE_LIMIT="1000 per minute", LOGIN_RATE_LIMIT="1000 per minute")
    with app.app_context():
        return departure.build()


def test_the_data_pages_have_no_html_errors(app, world, tmp_path):
    command = _checker()
    pages: dict[str, bytes] = {}
    for lang in ("ko", "en"):
        other = logged_in(app, departure.OTHER_EMAIL)
        other.set_cookie("lang", lang)
        pages[f"account.{lang}"] = other.get("/account").data
        pages[f"delete.{lang}"] = other.get("/account/delete").data
        refused = delete_own(other, password="not-my-password")
        assert refused.status_code == 400
        pages[f"delete-refused.{lang}"] = refused.data
    delete_own(logged_in(app))  # an entry in the audit log
    admin = logged_in(app, "the.admin@example.org")
    export = admin.post(f"/admin/users/{world.other_id}/export", data={"csrf_token": csrf_token(admin, "/admin/users")})
    assert export.status_code == 200
    for lang in ("ko", "en"):
        admin.set_cookie("lang", lang)
        pages[f"admin-users.{lang}"] = admin.get("/admin/users").data
        pages[f"admin-delete.{lang}"] = admin.get(f"/admin/users/{world.other_id}/delete").data
        pages[f"admin-last.{lang}"] = admin.get(f"/admin/users/{world.admin_id}/delete").data
    files = {}
    for name, body in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(body)
        files[str(path)] = name
    run = subprocess.run([*command, "--errors-only", "--format", "json", *files], capture_output=True,
                         text=True, timeout=300)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: {m.get('message')}"
              for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    assert errors == []
