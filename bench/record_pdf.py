"""How long the demo's whole 2016 record (13 pages, Korean) takes to typeset as PDF.

A fresh SQLite database in a temporary folder gets the demo; each round clears the PDF cache and asks
for `/meetings/1/record.pdf`. Results go to bench/results/record_pdf-<when>.json. Run:
`.venv/bin/python -m bench.record_pdf [--rounds N]`.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import write_result
from config import TestConfig
from participation import create_app
from participation.demo.seed import seed_demo
from participation.extensions import db
from participation.record import pdf


def run(rounds: int) -> dict:
    folder = Path(tempfile.mkdtemp())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.db'}",
                     UPLOAD_FOLDER=folder / "uploads")
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
    client, seconds, size = app.test_client(), [], 0
    for _ in range(rounds):
        pdf._cache.clear()
        started = time.monotonic()
        response = client.get("/meetings/1/record.pdf")
        seconds.append(time.monotonic() - started)
        assert response.status_code == 200, response.status_code
        size = len(response.data)
    return {"rounds": rounds, "bytes": size, "median_s": round(statistics.median(seconds), 3),
            "max_s": round(max(seconds), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    result = run(parser.parse_args().rounds)
    result["at"] = datetime.now(timezone.utc).isoformat()
    write_result("record_pdf", result)


if __name__ == "__main__":
    main()
