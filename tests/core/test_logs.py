"""The access log: one JSON line per request with its id, also on errors, and the id in the response."""
from __future__ import annotations

import io
import json
import logging

import pytest

from participation.core.logs import ACCESS_LOGGER, JsonFormatter


@pytest.fixture
def lines(app):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger(ACCESS_LOGGER)  # a child of the app's logger: keep its lines to itself here
    propagate, access.propagate = access.propagate, False
    access.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    access.removeHandler(handler)
    access.propagate = propagate


def test_each_request_writes_one_access_line_with_its_id(client, lines):
    ok = client.get("/")
    missing = client.get("/meetings/999", headers={"X-Request-ID": "proxy-given-id-1"})
    first, second = [line for line in lines() if line["logger"] == ACCESS_LOGGER]
    assert (first["method"], first["path"], first["status"], first["logger"]) == ("GET", "/", 200, ACCESS_LOGGER)
    assert first["request_id"] == ok.headers["X-Request-ID"] and len(first["request_id"]) == 32
    assert (second["status"], second["request_id"]) == (404, "proxy-given-id-1")
    assert missing.headers["X-Request-ID"] == "proxy-given-id-1"
    assert isinstance(first["ms"], float) and first["remote"] == "127.0.0.1"


def test_a_strange_incoming_id_is_replaced(client, lines):
    response = client.get("/", headers={"X-Request-ID": 'x" {"injected": 1}'})
    assert response.headers["X-Request-ID"] != 'x" {"injected": 1}'
    assert [line["request_id"] for line in lines() if line["logger"] == ACCESS_LOGGER] == [
        response.headers["X-Request-ID"]]


def test_an_error_is_logged_with_the_request_id(app, lines):
    # The catch-all handler is the production one (not registered under TESTING): build such an app.
    from config import TestConfig
    from participation import create_app

    production_like = create_app(TestConfig, TESTING=False, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])

    @production_like.get("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    production_like.logger.addHandler(handler)
    response = production_like.test_client().get("/boom-for-test")
    assert response.status_code == 500
    error = next(json.loads(line) for line in stream.getvalue().splitlines() if json.loads(line)["level"] == "ERROR")
    assert error["request_id"] == response.headers["X-Request-ID"] and "RuntimeError: boom" in error["error"]
