"""How long the opinion map of one agenda item takes, up to 2,000 participants × 500 comments.

For each size, generated votes (bench/opinion_votes.py; each participant votes on 30 to 80 comments,
all of them when there are fewer) of two planted opinion groups and, separately, at random; each is
computed `--rounds` times (`compute_opinion_map`, the previous map given as a worker would, the
numeric libraries on one thread as in the worker), after one untimed run that warms the libraries up.
Planted groups cost the most: their silhouette passes the floor, so the null model runs (five more
projections and groupings); random votes' seldom does.
Results go to bench/results/opinion_map-<when>.json. Run: `.venv/bin/python -m bench.opinion_map
[--rounds N]`. The goal (issue 14) is under 5 s for 2,000 × 500.
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timezone

import numpy as np

from bench import write_result
from bench.opinion_votes import planted_votes, random_votes
from participation.feedback.opinion import compute_opinion_map

SIZES = [(200, 50), (500, 100), (1000, 250), (2000, 500)]
PER_PARTICIPANT = (30, 80)


def _timed(rows, rounds: int) -> dict:
    previous = compute_opinion_map(rows)
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        found = compute_opinion_map(rows, previous=previous)
        seconds.append(time.perf_counter() - started)
    return {"votes": len(rows), "median_s": round(statistics.median(seconds), 3), "max_s": round(max(seconds), 3),
            "has_groups": found.has_groups, "k": found.k, "silhouette": found.silhouette,
            "null_silhouette": found.null_silhouette}


def run(rounds: int) -> dict:
    rng = np.random.default_rng(0)
    compute_opinion_map(planted_votes(rng, 50, 20, PER_PARTICIPANT))  # imports and first calls
    sizes = []
    for participants, comments in SIZES:
        planted = planted_votes(rng, participants, comments, PER_PARTICIPANT, groups=2, loyalty=0.75)
        noise = random_votes(rng, participants, comments, PER_PARTICIPANT, skewed=True)
        sizes.append({"participants": participants, "comments": comments,
                      "planted_two_groups": _timed(planted, rounds), "random": _timed(noise, rounds)})
    return {"rounds": rounds, "per_participant": list(PER_PARTICIPANT), "sizes": sizes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    result = run(parser.parse_args().rounds)
    result["at"] = datetime.now(timezone.utc).isoformat()
    write_result("opinion_map", result)


if __name__ == "__main__":
    main()
