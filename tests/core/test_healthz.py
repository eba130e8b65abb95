"""`/healthz` (core/site.py) tells a proxy or service manager whether this process reaches its database
and Redis; `TRUSTED_PROXIES` makes the app believe that many proxies' X-Forwarded-* headers, and no more."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from config import TestConfig
from participation import create_app
from participation.extensions import db


def test_a_healthy_process_answers_200_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unreachable_database_answers_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "failing", "database": "failing"}


def test_an_unreachable_redis_answers_503(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "failing", "database": "ok", "redis": "failing"}


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "open.example.org"}


def _external_link(app) -> str:
    seen = {}

    @app.get("/_probe")
    def probe():
        from flask import request, url_for

        seen.update(remote=request.remote_addr, link=url_for("meetings.home", _external=True))
        return ""

    app.test_client().get("/_probe", headers=FORWARDED)
    return seen


@pytest.mark.parametrize("proxies, remote, link", [
    (0, "127.0.0.1", "http://localhost/"),
    (1, "203.0.113.7", "https://open.example.org/"),
])
def test_forwarded_headers_count_only_behind_trusted_proxies(tmp_path, proxies, remote, link):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}", TRUSTED_PROXIES=proxies)
    assert _external_link(app) == {"remote": remote, "link": link}
