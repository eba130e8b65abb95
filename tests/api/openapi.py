"""Checking the API's answers against its own OpenAPI document, with openapi-core (a validating client)."""
from __future__ import annotations

import json
from functools import lru_cache

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse


def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@lru_cache(maxsize=4)
def _validator(frozen: str) -> OpenAPI:
    return OpenAPI.from_dict(json.loads(frozen))


def validator(client) -> OpenAPI:
    return _validator(json.dumps(document(client), sort_keys=True))


def checked_get(client, url: str, *, valid_request: bool = True, **kwargs):
    """GET `url` and fail unless the response (and, unless the test sends a bad one on purpose, the
    request) agrees with the document."""
    response = client.get(url, **kwargs)
    api = validator(client)
    request = WerkzeugOpenAPIRequest(response.request)
    if valid_request:
        api.validate_request(request)
    api.validate_response(request, WerkzeugOpenAPIResponse(response))
    return response
