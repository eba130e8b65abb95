"""/api/v1 is versioned: within v1 its document may add paths, parameters and fields, never rename or
remove one or change its type (tests/api/contract.py, v1_contract.json)."""
from __future__ import annotations

import json

from tests.api import contract
from tests.api.openapi import document


def test_v1_keeps_every_path_parameter_and_field_it_published(client):
    published = json.loads(contract.FILE.read_text(encoding="utf-8"))
    now = contract.of(document(client))
    for path, parameters in published["paths"].items():
        assert path in now["paths"], f"{path} was removed"
        assert set(parameters) <= set(now["paths"][path]), f"a parameter of {path} was removed"
    for name, fields in published["schemas"].items():
        assert name in now["schemas"], f"schema {name} was removed"
        for field, kind in fields.items():
            assert now["schemas"][name].get(field) == kind, f"{name}.{field} was removed or changed"


def test_the_check_sees_a_removed_field(client):
    """The comparison is not vacuous: the document without one field of Comment breaks the contract."""
    spec = document(client)
    del spec["components"]["schemas"]["Comment"]["properties"]["body"]
    assert "body" not in contract.of(spec)["schemas"]["Comment"]
    assert "body" in json.loads(contract.FILE.read_text(encoding="utf-8"))["schemas"]["Comment"]
