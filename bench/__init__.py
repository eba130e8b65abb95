"""Benchmarks: each writes its figures to bench/results/<name>-<when>.json (git-ignored)."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def write_result(name: str, result: dict) -> Path:
    """Write `result` as bench/results/<name>-<local time>.json, print it, and return the path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(f"written to {path}")
    return path
