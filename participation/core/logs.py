"""Logs a collector reads: one JSON line per request (the access log) and per error, each with the
request's id, which the response also carries (`X-Request-ID`) so a user's report can be matched.

A request id sent by a proxy in front (`X-Request-ID`) is kept when it looks like one; otherwise a new
one is made.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import g, has_request_context, request

ACCESS_LOGGER = "participation.access"
_INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "message", "request_id", ...}`: the record's `fields` merged in."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        if has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def request_id() -> str:
    """This request's id (made on first use)."""
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _access(response):
    elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
    response.headers["X-Request-ID"] = request_id()
    logging.getLogger(ACCESS_LOGGER).info("request", extra={"fields": {
        "method": request.method, "path": request.path, "status": response.status_code,
        "ms": round(elapsed * 1000, 1), "remote": request.remote_addr, "bytes": response.content_length,
    }})
    return response


def register(app) -> None:
    """JSON lines on standard error for the app's and the access logger, and the request hooks.

    Under TESTING the lines stay with pytest's own log capture instead of standard error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in (app.logger.name, ACCESS_LOGGER):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        if not app.testing:
            logger.handlers = [handler]
            logger.propagate = False
    app.before_request(_start)
    app.after_request(_access)
