"""Security headers on every response, error pages in HTML or JSON, and the production configuration."""
from __future__ import annotations

import pytest

from config import ProductionConfig
from participation import create_app
from participation.extensions import db
from tests import factories
from tests.conftest import AuthActions


def _every_kind_of_response(client):
    return {
        "page": client.get("/"),
        "form": client.get("/login"),
        "not found": client.get("/meetings/999"),
        "method not allowed": client.get("/logout"),
        "csrf refused": client.post("/login", data={"email": "a@example.org", "password": "x"}),
        "redirect": client.get("/account"),
        "static": client.get("/static/css/site.css"),
        "json error": client.get("/nowhere", headers={"Accept": "application/json"}),
    }


def test_security_headers_on_every_response(client):
    for kind, response in _every_kind_of_response(client).items():
        csp = response.headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in csp, kind
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, kind
        assert "script-src 'self'" in csp and "object-src 'none'" in csp, kind
        assert response.headers["X-Content-Type-Options"] == "nosniff", kind
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", kind
        assert response.headers["X-Frame-Options"] == "DENY", kind


def test_pages_carry_no_inline_script_or_style(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<script>" not in html and "<style" not in html and " style=" not in html and " onclick=" not in html


# --- error pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("method, url, status, code", [
    ("get", "/meetings/999", 404, "not_found"), ("get", "/nowhere", 404, "not_found"),
    ("get", "/logout", 405, "method_not_allowed"), ("post", "/login", 400, "csrf_failed"),
])
def test_errors_answer_json_when_asked(client, method, url, status, code):
    response = getattr(client, method)(url, headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.is_json
    assert response.json["error"]["status"] == status and response.json["error"]["code"] == code
    assert response.json["error"]["message"]


def test_errors_answer_html_to_browsers(client):
    response = client.get("/meetings/999", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                                                    "Accept-Language": "en"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "does not exist or is not public" in response.get_data(as_text=True)


def test_api_paths_answer_json_whatever_is_accepted(client):
    response = client.get("/api/v0/nothing-here", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.is_json


# --- production configuration ------------------------------------------------------------------------


def _production(tmp_path, secret):
    class Production(ProductionConfig):
        SECRET_KEY = secret
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'prod.db'}"
        UPLOAD_FOLDER = tmp_path / "uploads"
        REDIS_URL = None
        RATELIMIT_STORAGE_URI = "memory://"

    return Production


@pytest.mark.parametrize("secret", [None, ""])
def test_production_refuses_to_start_without_a_secret_key(tmp_path, secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(_production(tmp_path, secret))


def test_production_sends_cookies_over_tls_only(tmp_path):
    app = create_app(_production(tmp_path, "a-real-secret-from-the-environment"))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SEED_ALLOWED"] is False
    with app.app_context():
        db.create_all()
        factories.user(email="ann@example.org")
        db.session.commit()
    client = app.test_client()
    response = AuthActions(client).login("ann@example.org")
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie
    cookies = client.get("/?lang=en").headers.getlist("Set-Cookie")
    assert "Secure" in next(c for c in cookies if c.startswith("lang="))
    with app.app_context():
        db.drop_all()
        db.engine.dispose()
