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


def main_with_database(name: str, doc: str, run) -> None:
    """The command line of a benchmark that fills a database: `--rounds N`, `--database-url URL` (an empty
    database whose tables are dropped; a temporary SQLite file without it); runs `run(rounds, url)` and
    writes its result, stamped, as `name`."""
    import argparse
    from datetime import timezone

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database-url", help="an empty database to fill (all its tables are dropped)")
    args = parser.parse_args()
    result = run(args.rounds, args.database_url)
    result["at"] = datetime.now(timezone.utc).isoformat()
    write_result(name, result)
