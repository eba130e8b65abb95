"""What every response of the API carries: CORS for reading from any site, validators (`ETag`, and
`Last-Modified` where a view knows the time exactly) with `304 Not Modified`, and caching that keeps
answers fresh: a client may keep a response but asks again (`no-cache`), cheaply with its validator.

The API reads as an anonymous visitor whatever cookies come along, so one URL gives one answer to everybody
in one language; `Vary: Accept-Language` covers the error messages.
"""
from __future__ import annotations

import hashlib
from datetime import datetime

from flask import g, request
from flask_login import AnonymousUserMixin

READ_METHODS = "GET, HEAD, OPTIONS"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": READ_METHODS,
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, "
                                     "X-RateLimit-Reset",
    "Access-Control-Max-Age": "86400",
}

VISITOR = AnonymousUserMixin()  # who the API reads as: the public


def last_modified(moment: datetime | None) -> None:
    """The time the resource of this request last changed, when a view knows it exactly."""
    if moment is not None:
        g.api_last_modified = moment


def finish(response):
    """after_request of the API's blueprints."""
    response.headers.update(CORS_HEADERS)
    response.vary.add("Accept-Language")
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or not response.is_json:
        return response
    response.cache_control.public = True
    response.cache_control.no_cache = True
    moment = g.pop("api_last_modified", None)
    if moment is not None:
        response.last_modified = moment.replace(microsecond=0)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32], weak=True)
    return response.make_conditional(request)
