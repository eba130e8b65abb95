"""The promise of /api/v1, read off its OpenAPI document: each path's query parameters, and each schema's
fields with their JSON types. `tests/api/v1_contract.json` holds it as first published; within v1 the
document may add to it, never take away (tests/api/test_contract.py)."""
from __future__ import annotations

import json
from pathlib import Path

FILE = Path(__file__).with_name("v1_contract.json")


def _type(prop: dict) -> str:
    kind = prop.get("type", "object" if "$ref" in prop or "allOf" in prop else "any")
    return "|".join(sorted(kind)) if isinstance(kind, list) else kind


def of(document: dict) -> dict:
    """The contract in `document`."""
    return {
        "paths": {path: sorted(p["name"] for p in op.get("get", {}).get("parameters", []) if p["in"] == "query")
                  for path, op in sorted(document["paths"].items())},
        "schemas": {name: {field: _type(prop) for field, prop in sorted(schema.get("properties", {}).items())}
                    for name, schema in sorted(document["components"]["schemas"].items())},
    }


if __name__ == "__main__":  # write the contract of the current document: only when v2 begins
    from config import TestConfig
    from participation import create_app

    client = create_app(TestConfig).test_client()
    FILE.write_text(json.dumps(of(client.get("/api/v1/openapi.json").get_json()), indent=1, ensure_ascii=False) + "\n")
