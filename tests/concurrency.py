"""Run the same work in several threads at once, each in its own app context, as several processes
(deliverers, workers) would."""
from __future__ import annotations

import threading
from typing import Callable

from participation.extensions import db


def at_once(app, work: Callable[[], object], times: int = 3) -> list:
    """`work()` in `times` threads released together; their results (in finishing order)."""
    start, results = threading.Barrier(times), []

    def run() -> None:
        with app.app_context():
            start.wait()
            try:
                results.append(work())
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
