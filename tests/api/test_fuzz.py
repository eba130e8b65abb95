"""A property-based fuzz of /api/v1 from its own OpenAPI document (schemathesis): over the open-data
world, no generated request gets a 5xx or an answer that breaks the document (status, content type,
schema, headers)."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api import open_data


@pytest.fixture
def api_schema(app):
    app.config["API_RATE_LIMIT"] = "100000 per minute"  # the fuzz is one client asking very fast
    with app.app_context():
        open_data.build()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_api_keeps_its_document(api_schema):
    """Every operation, 40 generated requests each (schemathesis' pytest loader does not run on this
    pytest, so the operations' Hypothesis strategies are driven here)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 10
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def keeps(case):
            # Every string is a schema-valid `cursor`, yet only the listing's own cursors are taken (422
            # otherwise, as documented): the one check that expects any schema-valid request to be accepted
            # is left out; the others (no 5xx, documented status, type, schema and headers) all run.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        keeps()
