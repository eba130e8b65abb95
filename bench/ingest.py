"""Benchmark: how many comments a crowd of citizens gets stored, each waiting for its acknowledgement.

Starts a real server process (`python app.py`, gevent, one process) on a fresh demo database,
registers CITIZENS citizens through the real form, connects each with python-socketio, and lets all
of them submit COMMENTS comments at the same time, each after the previous one's ack. Then counts the
comments stored. Runs on SQLite (the default set-up) and, when --postgres is given a URL, on a scratch
database of that PostgreSQL server (created and dropped). Results go to bench/results/ingest-<when>.json.

Usage: .venv/bin/python -m bench.ingest [--citizens 30] [--comments 100]
           [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
Figures move with the machine's load; compare runs made on the same machine at the same time.
"""
from __future__ import annotations

import argparse
import collections
import statistics
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from bench import write_result
from tests.crowd import crowd, first_item, percentile, register_many
from tests.e2e.conftest import MEETING_ID
from tests.server import ServerProcess

LIMITS = {"COMMENT_RATE_LIMIT": "1000000 per minute", "SOCKET_EVENT_RATE_LIMIT": "1000000 per minute",
          "REGISTER_RATE_LIMIT": "100000 per minute"}


def run(citizens: int, comments: int, postgres: str | None = None) -> dict:
    server = ServerProcess(Path(tempfile.mkdtemp()), postgres=postgres, **LIMITS)
    try:
        server.prepare().start()
        item_id = first_item(server.url, MEETING_ID)
        cookies = register_many(server.url, citizens)
        outcome = crowd(server.url, cookies, item_id, comments)
        tally = outcome["tally"]
        stored = server.rows("SELECT count(*) FROM comments WHERE client_key LIKE ?", f"{outcome['tag']}-%")[0][0]
        ms = tally.ack_ms
        return {
            "database": "postgresql" if postgres else "sqlite", "processes": 1, "citizens": citizens,
            "comments_each": comments, "sent": citizens * comments, "acked": len(tally.acked), "stored": stored,
            "errors": len(tally.errors) + tally.cut,
            "error_codes": dict(collections.Counter(e["code"] for e in tally.errors)),
            "seconds": round(outcome["seconds"], 2), "per_s": round(len(tally.acked) / outcome["seconds"], 1),
            "p50_ack_ms": round(statistics.median(ms), 1) if ms else None,
            "p99_ack_ms": round(percentile(ms, 0.99), 1) if ms else None,
        }
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=30)
    parser.add_argument("--comments", type=int, default=100)
    parser.add_argument("--postgres", help="a PostgreSQL URL; the run uses a scratch database on that server")
    args = parser.parse_args()
    runs = [run(args.citizens, args.comments)]
    if args.postgres:
        runs.append(run(args.citizens, args.comments, args.postgres))
    result = {"at": datetime.now(timezone.utc).isoformat(), "runs": runs}
    write_result("ingest", result)


if __name__ == "__main__":
    main()
